/**
 * The large-instance CPMP path (solver/location/cpmp-large.ts and its parts): the journal undoes
 * every change exactly; the plans keep the rules, are never worse than the small path's
 * location-allocation with median swaps on the same instance, and match enumeration on tiny ones;
 * the search stops on a counted-work budget (no wall-clock assertion: the same work on any machine)
 * and gives the same plan again for the same seed and budget; the sparse Lagrangian bound never
 * passes the optimum, even when the lists are so short that the radius cap binds.
 */
import { describe, expect, it } from 'vitest';
import { Budget } from '../../solver/heuristics/budget.ts';
import { createRng, mulberry32, randomInt } from '../../solver/heuristics/prng.ts';
import { checkCpmp, sumDistances } from '../../solver/location/cpmp.ts';
import { cpmpHeuristic, swapMedians } from '../../solver/location/cpmp-heuristic.ts';
import { cpmpLarge } from '../../solver/location/cpmp-large.ts';
import { sparseLagrangian } from '../../solver/location/cpmp-lagrangian-sparse.ts';
import { neighbours } from '../../solver/location/cpmp-neighbours.ts';
import { CpmpState } from '../../solver/location/cpmp-state.ts';
import { closedMedians } from '../../solver/location/lagrangian-fixing.ts';
import { LARGE_POINTS, solveCpmp } from '../../solver/location/solve-cpmp.ts';
import { listLength } from '../../solver/location/solve-cpmp-large.ts';
import { runContext } from '../../solver/run-context.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { bruteForceCpmp, randomCpmp } from './support/cpmp-instances.ts';

/** A counted-work budget of `ms` reference milliseconds whose wall-clock safety net never ends it first. */
const work = (ms: number) => Budget.counted(ms, 1e9);

describe('the large-instance CPMP path', () => {
  it('undoes every journalled change exactly', () => {
    const instance = randomCpmp(3, 30, 4, { integral: false });
    const state = new CpmpState(instance);
    const assignment = Int32Array.from({ length: 30 }, (_, i) => [0, 10, 20, 29][i % 4]!);
    state.replace({ medians: Int32Array.from([0, 10, 20, 29]), assignment });
    const rng = mulberry32(9);
    for (let round = 0; round < 20; round++) {
      const before = { assign: state.assign.slice(), load: state.load.slice(), isMedian: state.isMedian.slice(), cost: state.cost };
      const mark = state.mark();
      for (let step = 0; step < 15; step++) {
        const i = randomInt(rng, 30);
        if (state.isMedian[i]) continue;
        const medians = Array.from(state.medianList.subarray(0, state.medianCount));
        state.setAssign(i, rng() < 0.2 ? -1 : medians[randomInt(rng, medians.length)]!);
      }
      // A median closed and another opened (its points unassigned first).
      const j = state.medianList[0]!;
      for (const u of state.members[j]!.slice()) state.setAssign(u, -1);
      state.close(j);
      let c = randomInt(rng, 30);
      while (state.isMedian[c] || c === j) c = (c + 1) % 30;
      state.open(c);
      state.setAssign(c, c);
      state.undo(mark);
      expect(state.assign).toEqual(before.assign);
      expect(Array.from(state.load, (v) => Math.round(v * 1e9))).toEqual(Array.from(before.load, (v) => Math.round(v * 1e9)));
      expect(state.isMedian).toEqual(before.isMedian);
      expect(state.cost).toBeCloseTo(before.cost, 9);
      expect(state.members.reduce((s, m) => s + m.length, 0)).toBe(30);
    }
  });

  it('keeps the rules and is never worse than the small path on generated instances', () => {
    let better = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const n = 40 + (seed % 5) * 20;
      const p = 3 + (seed % 7);
      const instance = randomCpmp(seed, n, p, { slack: 1, integral: false });
      const cooper = cpmpHeuristic(instance, Budget.root(Infinity));
      expect(cooper, `seed ${seed}`).not.toBeNull();
      const baseline = sumDistances(instance, swapMedians(instance, cooper!, Budget.root(Infinity)).assignment);
      const nb = neighbours(instance, listLength(instance), Budget.root(Infinity));
      const plan = cpmpLarge(instance, nb, work(500), createRng(seed));
      expect(plan, `seed ${seed}`).not.toBeNull();
      expect(checkCpmp(instance, plan!), `seed ${seed}`).toEqual([]);
      const cost = sumDistances(instance, plan!.assignment);
      expect(cost, `seed ${seed}`).toBeLessThanOrEqual(baseline + 1e-9);
      if (cost < baseline - 1e-9) better++;
    }
    // Not only ties: the iterated search finds better plans on many.
    expect(better).toBeGreaterThan(4);
  }, 120_000);

  it('finds the optimum of enumeration on tiny instances, through solveCpmp', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      const instance = randomCpmp(seed, 7 + (seed % 3), 2 + (seed % 2));
      const optimum = bruteForceCpmp(instance);
      const out = await solveCpmp(instance, runContext({ workLimitSeconds: 0.05, timeLimitSeconds: 600, seed: 1, highs: highsFactory }), { mipGap: 0, integral: true, large: true });
      if (optimum === null) {
        expect(out.plan, `seed ${seed}`).toBeNull();
        continue;
      }
      expect(out.strategy, `seed ${seed}`).toMatch(/^neighbours/);
      expect(checkCpmp(instance, out.plan!), `seed ${seed}`).toEqual([]);
      expect(out.objective, `seed ${seed}: ${out.strategy}`).toBe(optimum);
      expect(out.bound!, `seed ${seed}`).toBeLessThanOrEqual(optimum);
    }
  });

  it('stops on a counted-work budget and repeats its plan for the same seed and budget', () => {
    const instance = randomCpmp(5, 400, 40, { slack: 1, integral: false });
    const nb = neighbours(instance, listLength(instance), Budget.root(Infinity));
    const plans = [20, 20, 80].map((ms) => {
      const budget = work(ms);
      const plan = cpmpLarge(instance, nb, budget, createRng(1));
      // The search polls often: it ends within a few milliseconds of counted work past its limit.
      expect(budget.elapsedMs()).toBeGreaterThanOrEqual(ms);
      expect(budget.elapsedMs()).toBeLessThan(ms + 10);
      expect(checkCpmp(instance, plan!)).toEqual([]);
      return plan!;
    });
    expect(plans[1]!.assignment).toEqual(plans[0]!.assignment);
    expect(sumDistances(instance, plans[2]!.assignment)).toBeLessThanOrEqual(sumDistances(instance, plans[0]!.assignment) + 1e-9);
  });

  it('gives a sparse Lagrangian bound that never passes the optimum, however short the lists', () => {
    let bounded = 0;
    for (let seed = 40; seed <= 60; seed++) {
      const instance = randomCpmp(seed, 8, 2 + (seed % 2));
      const optimum = bruteForceCpmp(instance);
      if (optimum === null) continue;
      for (const k of [1, 2, 4, 7]) {
        const nb = neighbours(instance, k, Budget.root(Infinity));
        for (const aim of [optimum, optimum * 1.5]) {
          const out = sparseLagrangian(instance, nb, aim, work(50));
          expect(out, `seed ${seed}`).not.toBeNull();
          expect(out!.bound, `seed ${seed} k ${k}`).toBeLessThanOrEqual(optimum + 1e-6);
          expect(out!.medians).toHaveLength(instance.medians);
          bounded++;
        }
      }
    }
    expect(bounded).toBeGreaterThan(80);
  });

  it('closes by the Lagrangian bound only medians that no cheaper plan opens', async () => {
    let closedSome = 0;
    for (let seed = 61; seed <= 80; seed++) {
      const instance = randomCpmp(seed, 9, 2 + (seed % 2));
      const optimum = bruteForceCpmp(instance);
      if (optimum === null) continue;
      const out = await solveCpmp(instance, runContext({ workLimitSeconds: 0.05, timeLimitSeconds: 600, seed: 1, highs: highsFactory }), { mipGap: 0, integral: true, large: true });
      // Aimed at a plan somewhat worse than the optimum too: fewer medians close, none wrongly.
      for (const slack of [0, 3]) {
        const upper = out.objective! + slack;
        const lagrangian = sparseLagrangian(instance, neighbours(instance, 8, Budget.root(Infinity)), upper, work(50))!;
        const closed = closedMedians(lagrangian, instance.medians, upper, out.plan!, true);
        for (let j = 0; j < instance.points; j++) {
          if (!closed[j]) continue;
          closedSome++;
          expect(Array.from(out.plan!.medians)).not.toContain(j);
          // Integral costs: a better plan costs upper - 1 at most; every plan opening j costs more.
          const opening = bruteForceCpmp(instance, j);
          if (opening !== null) expect(opening, `seed ${seed} median ${j}`).toBeGreaterThan(upper - 1);
        }
      }
    }
    expect(closedSome).toBeGreaterThan(10);
  });

  it('is what solveCpmp takes above LARGE_POINTS points, within its work budget', async () => {
    const instance = randomCpmp(11, LARGE_POINTS + 20, 52, { slack: 1, integral: false });
    const run = runContext({ workLimitSeconds: 0.5, timeLimitSeconds: 600, seed: 1, highs: highsFactory });
    const out = await solveCpmp(instance, run, { mipGap: 0 });
    expect(out.strategy).toMatch(/^neighbours\(\d+\)\+seeded\+lagrangian\(\d+ it\)\+ils$/);
    expect(checkCpmp(instance, out.plan!)).toEqual([]);
    expect(out.bound!).toBeLessThanOrEqual(out.objective!);
    expect(out.gap!).toBeGreaterThanOrEqual(0);
    expect(run.budget.elapsedMs()).toBeLessThan(500 + 10);
    expect(['timedout', 'optimal']).toContain(out.status);
  });
});
