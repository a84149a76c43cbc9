/**
 * The one entry for untrusted problem documents: shape (zod) and then cross-references
 * (`validate.ts`). Bad input is a value, not an exception: a list of issues, each naming the field.
 */
import type { z } from 'zod';
import { problemSchema, type Problem } from './problem.ts';
import { matchRepsByName } from './owners.ts';
import { withResolvedMode } from './objective-mode.ts';
import type { InputIssue } from './types.ts';
import { validateProblem } from './validate.ts';

export type { InputIssue } from './types.ts';

export type ParseResult =
  | { readonly ok: true; readonly problem: Problem; readonly warnings: readonly InputIssue[] }
  | { readonly ok: false; readonly issues: readonly InputIssue[] };

export function parseProblem(input: unknown): ParseResult {
  const shape = problemSchema.safeParse(input);
  if (!shape.success) return { ok: false, issues: shape.error.issues.flatMap((issue) => fromZodIssue(issue, input)) };
  // CRM exports name owners by rep name: match those first, so only true unknowns are reported.
  const matched = matchRepsByName(shape.data);
  const { errors, warnings } = validateProblem(matched.problem);
  if (errors.length > 0) return { ok: false, issues: errors };
  return { ok: true, problem: withResolvedMode(matched.problem, input), warnings: [...matched.warnings, ...warnings] };
}

/** `['accounts', 17, 'lat']` -> `accounts[17].lat`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** The fields of a zod issue this formatter reads (also what fastify's zod provider keeps). */
export interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly expected?: unknown;
  readonly keys?: readonly string[];
}

/**
 * One zod issue as plain issues with JSON paths. `input` is the document that was validated: zod
 * does not keep the offending value, so it is looked up there to say what was received.
 */
export function fromZodIssue(issue: ZodIssueLike | z.core.$ZodIssue, input: unknown): InputIssue[] {
  if (issue.code === 'unrecognized_keys' && 'keys' in issue && issue.keys) {
    return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown field' }));
  }
  if (issue.code === 'invalid_type') {
    const actual = valueAt(input, issue.path);
    const expected = 'expected' in issue ? String(issue.expected) : 'a value';
    const message = actual === undefined ? `required (${expected})` : `expected ${expected}, received ${describe(actual)}`;
    return [{ path: formatPath(issue.path), message }];
  }
  return [{ path: formatPath(issue.path), message: issue.message.replace(/^Invalid input: /, '') }];
}

/** The value at a path in the raw input (zod does not keep it in its issues). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
