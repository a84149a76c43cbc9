/**
 * How deep a parsed JSON document nests. JSON.parse accepts any depth, but JSON.stringify,
 * structuredClone (posting a problem to a worker) and every recursive walk after it overflow the
 * stack somewhere past a few thousand levels, so a CRM field nested 10,000 deep used to be a 500.
 * The check walks with its own stack, so it cannot overflow itself.
 */
import { formatPath } from '../../solver/index.ts';

interface Frame {
  readonly node: object;
  /** The root is at depth 1. */
  readonly depth: number;
  readonly key: string | number | null;
  readonly up: Frame | null;
}

/** The JSON path of the first array or object (in document order) nested deeper than `maxDepth`, or null. */
export function tooDeepPath(value: unknown, maxDepth: number): string | null {
  if (value === null || typeof value !== 'object') return null;
  const stack: Frame[] = [{ node: value, depth: 1, key: null, up: null }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth > maxDepth) return pathOf(frame);
    const push = (child: unknown, key: string | number) => {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: frame.depth + 1, key, up: frame });
    };
    // Pushed last to first, so that the first child is walked first.
    const node = frame.node as Record<string, unknown> | unknown[];
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) push(node[i], i);
    } else {
      const keys = Object.keys(node);
      for (let k = keys.length - 1; k >= 0; k--) push(node[keys[k]!], keys[k]!);
    }
  }
  return null;
}

function pathOf(frame: Frame): string {
  const keys: Array<string | number> = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.up) keys.push(f.key);
  return formatPath(keys.reverse());
}
