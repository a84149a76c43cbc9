import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { problemSchema, type ProblemInput } from '../../solver/problem.ts';
import { buildSample, renderSample, roughDemand, REGION_BOX, SAMPLE_FILE } from '../../data/build-sample.ts';

const dataDir = new URL('../../data/', import.meta.url);
const readText = (name: string): string => readFileSync(new URL(name, dataDir), 'utf8');
const FILES = [SAMPLE_FILE, 'tiny.json'];

function load(name: string): ProblemInput {
  return JSON.parse(readText(name)) as ProblemInput;
}

describe('data files', () => {
  it.each(FILES)('%s parses with the problem schema', (name) => {
    const parsed = problemSchema.safeParse(JSON.parse(readText(name)));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.success).toBe(true);
  });

  it.each(FILES)('%s: ids are unique and every rep reference names a rep', (name) => {
    const problem = load(name);
    const accountIds = problem.accounts.map((a) => a.id);
    const repIds = new Set(problem.reps.map((r) => r.id));
    expect(new Set(accountIds).size).toBe(accountIds.length);
    expect(repIds.size).toBe(problem.reps.length);
    for (const account of problem.accounts) {
      for (const ref of [account.currentRepId, account.lockedRepId, ...(account.excludedRepIds ?? [])]) {
        if (ref !== undefined) expect(repIds, `${account.id} -> ${ref}`).toContain(ref);
      }
    }
  });

  it.each(FILES)('%s: every required skill is held by some rep, every role has call patterns', (name) => {
    const problem = load(name);
    const skills = new Set(problem.reps.flatMap((r) => r.skills ?? []));
    for (const skill of problem.accounts.flatMap((a) => a.skills ?? [])) expect(skills).toContain(skill);
    const patternRoles = new Set((problem.callPatterns ?? []).map((p) => p.role));
    for (const rep of problem.reps) expect(patternRoles).toContain(rep.role);
  });
});

describe('the Bavaria / Baden-Württemberg sample', () => {
  const committed = readText(SAMPLE_FILE);

  it('is rebuilt byte for byte by buildSample() (deterministic)', () => {
    const rebuilt = buildSample();
    expect(rebuilt).toEqual(JSON.parse(committed));
    expect(renderSample(rebuilt)).toBe(committed);
  });

  it('looks like a real book of business', () => {
    const problem = load(SAMPLE_FILE);
    expect(problem.accounts.length).toBeGreaterThanOrEqual(300);
    expect(problem.accounts.length).toBeLessThanOrEqual(400);
    expect(problem.reps.map((r) => r.role).sort()).toEqual([...Array<string>(8).fill('field'), 'inside', 'inside']);
    for (const point of [...problem.accounts, ...problem.reps]) {
      expect(point.lat, point.id).toBeGreaterThanOrEqual(REGION_BOX.minLat);
      expect(point.lat, point.id).toBeLessThanOrEqual(REGION_BOX.maxLat);
      expect(point.lon, point.id).toBeGreaterThanOrEqual(REGION_BOX.minLon);
      expect(point.lon, point.id).toBeLessThanOrEqual(REGION_BOX.maxLon);
    }
    for (const account of problem.accounts) {
      expect(account).not.toHaveProperty('segment');
      expect(Number.isInteger(account.value) && account.value > 0, account.id).toBe(true);
    }
    const withCurrent = problem.accounts.filter((a) => a.currentRepId !== undefined).length;
    expect(withCurrent / problem.accounts.length).toBeGreaterThan(0.9);
    expect(problem.accounts.filter((a) => a.lockedRepId !== undefined)).toHaveLength(2);
    expect(problem.options?.timeLimitSeconds).toBe(20);
  });

  it('leaves room in every role: demand at the nearest eligible rep is 60-85% of capacity', () => {
    const problem = load(SAMPLE_FILE);
    const demand = roughDemand(problem);
    for (const role of new Set(problem.reps.map((r) => r.role))) {
      const capacity = problem.reps.filter((r) => r.role === role).reduce((sum, r) => sum + r.capacity, 0);
      const utilisation = (demand.get(role) ?? 0) / capacity;
      expect(utilisation, role).toBeGreaterThan(0.6);
      expect(utilisation, role).toBeLessThan(0.85);
    }
  });
});
