/**
 * Bad `candidateSites`, `hire` and `retire` are rejected by parseProblem with the field named; the
 * model-size estimate counts the candidate sites as reps (the location choice builds them all); a
 * scenario variant's hire, retire and candidateSites become the variant problem's.
 */
import { describe, expect, it } from 'vitest';
import { applyVariant, estimateModelPairs, parseProblem, variantSchema, type ProblemInput } from '../../solver/index.ts';
import { makeProblem, PLACES } from './support/fixtures.ts';

const base: ProblemInput = {
  accounts: [{ id: 'a', ...PLACES.ulm, value: 1, segment: 'A' }, { id: 'b', ...PLACES.passau, value: 1, segment: 'A' }],
  reps: [{ id: 'munich', ...PLACES.munich, role: 'field', capacity: 100 }, { id: 'inside', ...PLACES.munich, role: 'inside', capacity: 100 }],
  callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person' }],
};
const sites = [{ id: 'ulm', ...PLACES.ulm }, { id: 'passau', ...PLACES.passau }];

function issuesOf(input: unknown): Array<{ path: string; message: string }> {
  const parsed = parseProblem(input);
  return parsed.ok ? [] : [...parsed.issues];
}

describe('hire and retire validation', () => {
  it('accepts a hire with sites, and counts every site as a rep of the role in the model size', () => {
    const problem = makeProblem({ ...base, candidateSites: sites, hire: { role: 'field', count: 1, capacity: 90 } });
    expect(estimateModelPairs(problem)).toBe(2 * 3);
    expect(estimateModelPairs(makeProblem(base))).toBe(2);
  });

  it('names the field of each mistake', () => {
    const at = (extra: Partial<ProblemInput> | Record<string, unknown>) => issuesOf({ ...base, ...extra }).map((i) => `${i.path}: ${i.message}`);
    expect(at({ candidateSites: sites, hire: { role: 'feild', count: 1, capacity: 90 } })).toEqual([expect.stringMatching(/^hire\.role: no rep or call pattern has role feild \(roles: field, inside\)/)]);
    expect(at({ hire: { role: 'field', count: 1, capacity: 90 } })).toEqual([expect.stringMatching(/^hire: needs candidateSites/)]);
    expect(at({ candidateSites: [...sites, { id: 'ulm', lat: 48, lon: 10 }], hire: { role: 'field', count: 1, capacity: 90 } })).toEqual([expect.stringMatching(/^candidateSites\[2\]\.id: duplicate id "ulm" \(also candidateSites\[0\]\)/)]);
    expect(at({ candidateSites: sites, hire: { role: 'field', count: 3, capacity: 90 } })).toEqual([expect.stringMatching(/^hire\.count: 3 hires but only 2 candidate sites/)]);
    expect(at({ candidateSites: sites, hire: { role: 'field', count: 0, capacity: 90 } })[0]).toMatch(/^hire\.count: /);
    expect(at({ candidateSites: sites, hire: { role: 'field', count: 'some', capacity: 90 } })[0]).toMatch(/^hire\.count: /);
    expect(at({ candidateSites: sites, hire: { role: 'field', count: 1 } })[0]).toMatch(/^hire\.capacity: required/);
    expect(at({ candidateSites: [{ id: 'x', lon: 10 }], hire: { role: 'field', count: 1, capacity: 9 } })[0]).toMatch(/^candidateSites\[0\]\.lat: required/);
    expect(at({ candidateSites: [{ id: 'munich', ...PLACES.ulm }], reps: [...base.reps, { id: 'hire-munich', ...PLACES.munich, role: 'field', capacity: 1 }] })).toEqual([expect.stringMatching(/^candidateSites\[0\]\.id: a rep hired here would be "hire-munich"/)]);
    expect(at({ retire: { count: 1 } })).toEqual([expect.stringMatching(/^retire\.role: required when the reps have more than one role/)]);
    expect(at({ retire: { count: 2, role: 'field' } })).toEqual([expect.stringMatching(/^retire\.count: 2 to let go but only 1 field rep/)]);
    expect(at({ retire: { count: 1, role: 'outside' } })).toEqual([expect.stringMatching(/^retire\.role: no rep has role outside/)]);
    expect(at({ candidateSites: sites, hire: { role: 'field', count: 1, capacity: 9 }, accounts: base.accounts.map(({ lat: _a, lon: _b, ...a }) => a), travel: { distanceKm: [[1, 2], [3, 4]] } })).toContainEqual(expect.stringMatching(/^candidateSites: not with travel\.distanceKm/));
  });

  it('warns about sites no hire asks for', () => {
    const parsed = parseProblem({ ...base, candidateSites: sites });
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.warnings.map((w) => w.path)).toContain('candidateSites');
  });

  it('a variant\'s hire uses the base\'s sites; its own candidateSites and retire replace the base\'s', () => {
    const withSites = { ...base, candidateSites: sites };
    const variant = variantSchema.parse({ name: 'hire 1 where the engine says', hire: { role: 'field', count: 1, capacity: 90 } });
    const applied = applyVariant(withSites, variant);
    expect(applied.issues).toEqual([]);
    const parsed = parseProblem(applied.problem);
    expect(parsed.ok && parsed.problem.hire).toEqual({ role: 'field', count: 1, capacity: 90 });
    expect(parsed.ok && parsed.problem.candidateSites?.map((s) => s.id)).toEqual(['ulm', 'passau']);
    const own = applyVariant(withSites, variantSchema.parse({ name: 'v', candidateSites: [sites[1]!], retire: { count: 1, role: 'field' } })).problem as ProblemInput;
    expect(own.candidateSites?.map((s) => s.id)).toEqual(['passau']);
    expect(own.retire).toEqual({ count: 1, role: 'field' });
    // Without sites in the base the variant's problem is invalid at hire, as a problem would be.
    expect(issuesOf(applyVariant(base, variant).problem).map((i) => i.path)).toEqual(['hire']);
    expect(variantSchema.safeParse({ name: 'v', hire: { role: 'field', count: 'two', capacity: 1 } }).success).toBe(false);
  });
});
