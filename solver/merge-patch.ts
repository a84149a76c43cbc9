/**
 * JSON Merge Patch (RFC 7396) on untrusted documents. The json-merge-patch package called
 * `target.hasOwnProperty(key)`, so a patch that set a key named `hasOwnProperty` made the next
 * deletion throw, and it stopped at the first `__proto__`/`constructor` key, ignoring the rest of the
 * patch. Here every key is looked up with Object.hasOwn, and `__proto__` (the one key whose
 * assignment changes an object's prototype instead of setting a field) is refused with its path.
 */
import { formatPath } from './parse.ts';

export interface PatchIssue {
  /** Path inside the patch, e.g. `accounts[0].__proto__` (relative to the patch's root). */
  readonly path: string;
  readonly message: string;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The patched document. Neither argument is modified, but the result shares what the patch did not
 * touch with `target`, and arrays with `patch` (RFC 7396 replaces arrays whole): clone both first if
 * the result is to be edited. Recursive: the HTTP boundary caps nesting depth before this runs.
 */
export function applyMergePatch(target: unknown, patch: unknown): { doc: unknown; issues: PatchIssue[] } {
  const issues: PatchIssue[] = [];
  const doc = merge(target, patch, [], issues);
  return { doc, issues };
}

function merge(target: unknown, patch: unknown, path: PropertyKey[], issues: PatchIssue[]): unknown {
  if (!isObject(patch)) return patch;
  const out: JsonObject = isObject(target) ? { ...target } : {};
  for (const key of Object.keys(patch)) {
    if (key === '__proto__') {
      issues.push({ path: formatPath([...path, key]), message: 'not allowed as a field name' });
      continue;
    }
    const value = patch[key];
    if (value === null) {
      delete out[key];
    } else {
      out[key] = merge(Object.hasOwn(out, key) ? out[key] : undefined, value, [...path, key], issues);
    }
  }
  return out;
}
