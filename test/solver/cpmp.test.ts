/**
 * The capacitated p-median engine (solver/location/): on tiny instances its answer is the optimum
 * that enumerating every set of medians and every assignment finds (reduced-cost fixing included,
 * which must never leave out a pair of a better plan); every plan it returns keeps the rules; the
 * benchmark formats read as their SOURCE.txt says, and an Osman & Christofides problem solves to
 * the optimum in its header.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCpmpFile } from '../../benchmarks/cpmp-format.ts';
import { checkCpmp, sumDistances } from '../../solver/location/cpmp.ts';
import { solveCpmp } from '../../solver/location/solve-cpmp.ts';
import { runContext } from '../../solver/run-context.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { bruteForceCpmp, randomCpmp } from './support/cpmp-instances.ts';

const randomInstance = (seed: number, n: number, p: number) => randomCpmp(seed, n, p);
const bruteForce = bruteForceCpmp;

describe('the capacitated p-median engine', () => {
  it('finds the optimum of enumeration on tiny instances, or proves there is none', async () => {
    let solved = 0;
    let infeasible = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const instance = randomInstance(seed, 7 + (seed % 3), 2 + (seed % 2));
      const expected = bruteForce(instance);
      const out = await solveCpmp(instance, runContext({ timeLimitSeconds: 60, seed: 1, highs: highsFactory }), { mipGap: 0, integral: true });
      if (expected === null) {
        expect(out.status, `seed ${seed}`).toBe('infeasible');
        expect(out.plan).toBeNull();
        infeasible++;
        continue;
      }
      expect(out.status, `seed ${seed}: ${out.strategy}`).toBe('optimal');
      expect(checkCpmp(instance, out.plan!)).toEqual([]);
      expect(sumDistances(instance, out.plan!.assignment)).toBe(expected);
      expect(out.objective).toBe(expected);
      expect(out.bound).toBe(expected);
      solved++;
    }
    expect(solved).toBeGreaterThan(15);
    expect(infeasible + solved).toBe(30);
  }, 300_000);

  it('plain HiGHS on the same model (the benchmark peer) finds the same optima', async () => {
    for (let seed = 31; seed <= 36; seed++) {
      const instance = randomInstance(seed, 8, 3);
      const expected = bruteForce(instance);
      const out = await solveCpmp(instance, runContext({ timeLimitSeconds: 60, seed: 1, highs: highsFactory }), { mipGap: 0, integral: true, plain: true });
      expect(out.objective, `seed ${seed}`).toBe(expected);
      if (out.plan) expect(checkCpmp(instance, out.plan)).toEqual([]);
    }
  }, 120_000);

  it('with each point restricted to its nearest medians, claims no bound for the whole problem', async () => {
    const instance = randomInstance(7, 9, 3);
    const out = await solveCpmp(instance, runContext({ timeLimitSeconds: 60, seed: 1, highs: highsFactory }), { mipGap: 0, integral: true, nearest: 3 });
    expect(out.bound).toBeNull();
    expect(out.status).not.toBe('optimal');
    expect(out.message).toMatch(/3 nearest medians only/);
    if (out.plan) expect(checkCpmp(instance, out.plan)).toEqual([]);
  });

  it('reads both benchmark formats with their own distances', () => {
    const oc = parseCpmpFile(readFileSync('benchmarks/instances/cpmp/osman_christofides/pmedcap1(1).txt', 'utf8'));
    expect(oc.format).toBe('osman-christofides');
    expect([oc.instance.points, oc.instance.medians, oc.instance.capacity[0], oc.headerOptimum]).toEqual([50, 5, 120, 713]);
    // Points 1 (2, 62) and 2 (80, 25): sqrt(78^2 + 37^2) = 86.33, truncated.
    expect(oc.instance.distance(0, 1)).toBe(86);
    const ls = parseCpmpFile(readFileSync('benchmarks/instances/cpmp/lorena_senne/SJC1.dat', 'utf8'));
    expect(ls.format).toBe('lorena-senne');
    expect([ls.instance.points, ls.instance.medians, ls.instance.capacity[0], ls.headerOptimum]).toEqual([100, 10, 720, null]);
    expect(Number.isInteger(ls.instance.distance(0, 1))).toBe(false);
    expect(() => parseCpmpFile('1 2\nnot numbers')).toThrow(/not a CPMP file/);
  });

  it('solves an Osman & Christofides problem to the optimum in its header', async () => {
    const file = parseCpmpFile(readFileSync('benchmarks/instances/cpmp/osman_christofides/pmedcap1(1).txt', 'utf8'));
    // A generous limit: the proof takes seconds, more on a busy machine.
    const out = await solveCpmp(file.instance, runContext({ timeLimitSeconds: 240, seed: 1, highs: highsFactory }), { mipGap: 0, integral: true });
    expect(out.status).toBe('optimal');
    expect(out.objective).toBe(713);
    expect(checkCpmp(file.instance, out.plan!)).toEqual([]);
  }, 300_000);
});
