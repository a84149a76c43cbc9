/**
 * applyMergePatch: RFC 7396 (the examples of its appendix A), keys that name Object.prototype's
 * members, `__proto__` refused with its path, and applyVariant on patches that leave no valid
 * entries behind (issues, not exceptions).
 */
import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../solver/merge-patch.ts';
import { applyVariant, type ProblemInput } from '../../solver/index.ts';
import { readFileSync } from 'node:fs';

const tiny = JSON.parse(readFileSync(new URL('../../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput;

describe('applyMergePatch', () => {
  // RFC 7396, appendix A: [target, patch, result].
  const examples: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, result] of examples) {
    it(`${JSON.stringify(target)} + ${JSON.stringify(patch)} = ${JSON.stringify(result)}`, () => {
      const before = JSON.stringify(target);
      const out = applyMergePatch(target, patch);
      expect(out.doc).toEqual(result);
      expect(out.issues).toEqual([]);
      expect(JSON.stringify(target), 'the target is not modified').toBe(before);
    });
  }

  it('treats keys named after Object.prototype members as plain fields', () => {
    const out = applyMergePatch({ a: 1, b: 2 }, { hasOwnProperty: 1, a: null, toString: { x: 1 }, constructor: 'c', valueOf: null });
    expect(out.issues).toEqual([]);
    expect(out.doc).toEqual({ b: 2, hasOwnProperty: 1, toString: { x: 1 }, constructor: 'c' });
    expect(Object.getPrototypeOf(out.doc)).toBe(Object.prototype);
  });

  it('refuses __proto__ with its path and applies the rest of the patch', () => {
    const patch = JSON.parse('{"a": {"__proto__": {"polluted": true}}, "b": 2}') as unknown;
    const out = applyMergePatch({ a: {} }, patch);
    expect(out.issues).toEqual([{ path: 'a.__proto__', message: 'not allowed as a field name' }]);
    expect(out.doc).toEqual({ a: {}, b: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf((out.doc as { a: object }).a)).toBe(Object.prototype);
  });
});

describe('applyVariant on patches that leave invalid entries', () => {
  const newRep = { id: 'new', role: 'field', capacity: 1000, lat: 48.1, lon: 11.6 };

  it('reps: null with addReps is an issue at addReps, not an exception', () => {
    const out = applyVariant(tiny, { name: 'v', patch: { reps: null }, addReps: [newRep] });
    expect(out.issues.map((i) => i.path)).toEqual(['addReps']);
    expect((out.problem as { reps?: unknown }).reps).toBeUndefined();
  });

  it('reps: [null] with removeReps keeps the null for validation to name, and names the rep it cannot find', () => {
    const out = applyVariant(tiny, { name: 'v', patch: { reps: [null] }, removeReps: [tiny.reps[0]!.id] });
    expect(out.issues.map((i) => i.path)).toEqual(['removeReps[0]']);
    expect((out.problem as { reps: unknown[] }).reps).toEqual([null]);
  });

  it('accounts: [null] with every operation leaves the null in place', () => {
    const out = applyVariant(tiny, {
      name: 'v',
      patch: { accounts: [null, 7] },
      removeReps: [tiny.reps[0]!.id],
      lockAccounts: [{ accountId: 'a1', repId: tiny.reps[1]!.id }],
      unlockAccounts: ['a2'],
      callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 1, minutesPerCall: 1, channel: 'phone' }],
    });
    expect(out.issues.map((i) => i.path)).toEqual(['lockAccounts[0].accountId', 'unlockAccounts[0]']);
    expect((out.problem as { accounts: unknown[] }).accounts).toEqual([null, 7]);
  });

  it('a patch key named hasOwnProperty is a field like any other', () => {
    const out = applyVariant(tiny, { name: 'v', patch: { hasOwnProperty: 1, name: null } });
    expect(out.issues).toEqual([]);
    expect(Object.hasOwn(out.problem as object, 'hasOwnProperty')).toBe(true);
  });

  it('does not modify the base or the variant', () => {
    const base = structuredClone(tiny);
    const variant = { name: 'v', patch: { accounts: [{ id: 'x', value: 1, lockedRepId: tiny.reps[0]!.id }] }, removeReps: [tiny.reps[0]!.id] };
    const copy = structuredClone(variant);
    applyVariant(base, variant);
    expect(base).toEqual(tiny);
    expect(variant).toEqual(copy);
  });
});
