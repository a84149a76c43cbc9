import { describe, expect, it } from 'vitest';
import { formatGapFile, generateGapE, parseSizes } from '../../benchmarks/gap-e-generate.ts';
import { gapToModel, parseGapFile } from '../../benchmarks/gap-format.ts';
import { checkAssignment, solveAssignment } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';

describe('generateGapE', () => {
  it('follows the type E formula: integer loads >= 1, integer costs near 1000/a, capacities per b_i', () => {
    for (const [agents, jobs, seed] of [[5, 100, 1], [10, 200, 7], [20, 100, 3]] as const) {
      const problem = generateGapE(agents, jobs, seed);
      expect(problem.agents).toBe(agents);
      expect(problem.jobs).toBe(jobs);
      expect(problem.cost).toHaveLength(agents);
      expect(problem.load).toHaveLength(agents);
      expect(problem.capacity).toHaveLength(agents);
      for (let i = 0; i < agents; i++) {
        const loads = problem.load[i]!;
        const costs = problem.cost[i]!;
        expect(loads).toHaveLength(jobs);
        expect(costs).toHaveLength(jobs);
        for (let j = 0; j < jobs; j++) {
          const a = loads[j]!;
          const c = costs[j]!;
          expect(Number.isInteger(a) && a >= 1).toBe(true);
          expect(Number.isInteger(c)).toBe(true);
          // c = floor(1000/a - 10y), y in [0, 1): 1000/a - 11 < c <= 1000/a.
          expect(c).toBeLessThanOrEqual(1000 / a);
          expect(c).toBeGreaterThan(1000 / a - 11);
        }
        const sum = loads.reduce((s, a) => s + a, 0);
        const b = problem.capacity[i]!;
        expect(Number.isInteger(b)).toBe(true);
        expect(b).toBeGreaterThanOrEqual(Math.max(...loads));
        expect(b).toBeGreaterThanOrEqual(Math.floor((0.8 * sum) / agents));
        expect(b).toBe(Math.max(Math.floor((0.8 * sum) / agents), Math.max(...loads)));
      }
      // 1 + a discretised exponential of mean 10: the mean load is close to 10.5.
      const all = problem.load.flat();
      const mean = all.reduce((s, a) => s + a, 0) / all.length;
      expect(mean).toBeGreaterThan(8.5);
      expect(mean).toBeLessThan(12.5);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateGapE(5, 100, 42)).toEqual(generateGapE(5, 100, 42));
    const a = generateGapE(5, 100, 1);
    const b = generateGapE(5, 100, 2);
    expect(a.load).not.toEqual(b.load);
    expect(a.cost).not.toEqual(b.cost);
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => generateGapE(0, 10, 1)).toThrow(/agents/);
    expect(() => generateGapE(3, 2.5, 1)).toThrow(/jobs/);
  });
});

describe('formatGapFile', () => {
  it('round-trips through parseGapFile exactly', () => {
    const problems = [generateGapE(5, 100, 1), generateGapE(10, 30, 2), generateGapE(2, 7, 3)];
    const text = formatGapFile(problems);
    expect(text.split(/\s+/, 1)[0]).toBe('3');
    expect(parseGapFile(text)).toEqual(problems);
  });
});

describe('parseSizes', () => {
  it('reads <agents>x<jobs> lists and rejects anything else', () => {
    expect(parseSizes('10x100,20x200')).toEqual([[10, 100], [20, 200]]);
    expect(() => parseSizes('10x')).toThrow(/--sizes/);
    expect(() => parseSizes('0x10')).toThrow(/--sizes/);
  });
});

describe('solving a generated instance', () => {
  it('gives a feasible assignment for a 5x40 type E instance', async () => {
    const model = gapToModel(generateGapE(5, 40, 1));
    const solution = await solveAssignment(model, { timeLimitSeconds: 10, mipGap: 0, seed: 0, highs: highsFactory });
    expect(solution.assignment).toBeDefined();
    expect(solution.assignment).not.toBeNull();
    const check = checkAssignment(model, solution.assignment!);
    expect(check.violations).toEqual([]);
    expect(check.feasible).toBe(true);
    expect(solution.objective).toBeCloseTo(check.objective, 6);
  }, 15_000);
});
