/**
 * The examples /docs shows are valid: every field of the problem, variant and result schemas has
 * a description and an example that its own schema accepts (the typecheck catches the wrong type,
 * this catches the out-of-range value, e.g. a tolerance of 1.5).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemSchema, territoryResultSchema, variantSchema } from '../../solver/index.ts';

/** Wrappers that hold one schema; their metadata may sit on them or on what they wrap. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[] };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The field's description and example, from the outermost schema that has them. */
function metaOf(field: z.ZodType): { description?: string; example?: unknown; holder?: z.ZodType } {
  for (let s: z.ZodType | undefined = field; s; s = WRAPPERS.has(defOf(s).type) ? defOf(s).innerType : undefined) {
    const meta = z.globalRegistry.get(s);
    if (meta && 'example' in meta) return { description: meta.description, example: meta.example, holder: s };
  }
  return {};
}

/** Every field under `schema` (`visited`), and the path of each that lacks a description or an example its schema accepts. */
function walk(schema: z.ZodType, at: string): { visited: string[]; bad: string[] } {
  const visited: string[] = [];
  const out: string[] = [];
  const visit = (s: z.ZodType, path: string) => {
    const def = defOf(s);
    if (WRAPPERS.has(def.type) && def.innerType) return visit(def.innerType, path);
    if (def.type === 'object') {
      for (const [name, field] of Object.entries(def.shape ?? {})) {
        const here = `${path}.${name}`;
        visited.push(here);
        const { description, example, holder } = metaOf(field);
        if (!description?.trim()) out.push(`${here}: no description`);
        if (!holder) out.push(`${here}: no example`);
        else {
          const parsed = holder.safeParse(example);
          if (!parsed.success) out.push(`${here}: example ${JSON.stringify(example)} is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
        }
        visit(field, here);
      }
    }
    if (def.type === 'array' && def.element) visit(def.element, `${path}[]`);
    if (def.type === 'record' && def.valueType) visit(def.valueType, `${path}{}`);
    if (def.type === 'union') for (const option of def.options ?? []) visit(option, path);
  };
  visit(schema, at);
  return { visited, bad: out };
}

describe('schema documentation', () => {
  const cases = [
    ['problem', problemSchema, 'problem.accounts[].lat'],
    ['variant', variantSchema, 'variant.addReps[].capacity'],
    ['result', territoryResultSchema, 'result.territories[].centroid.lat'],
  ] as const;
  for (const [name, schema, deep] of cases) {
    it(`every field of the ${name} has a description and a valid example`, () => {
      const { visited, bad } = walk(schema, name);
      expect(visited).toContain(deep);
      expect(bad, bad.join('\n')).toEqual([]);
    });
  }
});
