/**
 * Cross-checks our engine against javascript-lp-solver (a different MIP code, on a formulation
 * written here from the model's mathematics, not from solver/backends/csc.ts) and against brute
 * force, on tiny random generic models, some with a hard band family.
 */
import solver from 'javascript-lp-solver';
import type { Model, SolveResult } from 'javascript-lp-solver';
import { describe, expect, it } from 'vitest';
import { checkAssignment, solveAssignment, type AssignmentModel, type BandFamily } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { mulberry32 } from '../../solver/heuristics/prng.ts';

/** The project's seeded PRNG, so every run builds the same models. */
const prng = mulberry32;

/** A random tiny model: 3-4 agents, 6-8 items, some pairs ineligible, optionally a hard band. */
function randomModel(seed: number, withBand: boolean): AssignmentModel {
  const random = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const agents = int(3, 4);
  const items = int(6, 8);
  const pairStart = [0];
  const pairAgent: number[] = [];
  for (let i = 0; i < items; i++) {
    const eligible = Array.from({ length: agents }, (_, a) => a).filter(() => random() > 0.2);
    if (eligible.length === 0) eligible.push(int(0, agents - 1));
    pairAgent.push(...eligible);
    pairStart.push(pairAgent.length);
  }
  const pairs = pairAgent.length;
  const pairCost = Float64Array.from({ length: pairs }, () => int(1, 20));
  const load = Float64Array.from({ length: pairs }, () => int(1, 10));
  // Capacity around the mean share of the total load, sometimes too tight to fit.
  const share = (load.reduce((s, v) => s + v, 0) / pairs) * (items / agents);
  const limit = Float64Array.from({ length: agents }, () => Math.round(share * (0.8 + random() * 0.9)));
  const bands: BandFamily[] = [];
  if (withBand) {
    // Agents 0 and 1 always share group 0; the rest join it, form group 1, or stay out (-1).
    const group = Int32Array.from({ length: agents }, (_, a) => (a < 2 ? 0 : int(-1, 1)));
    bands.push({
      name: 'workload-band',
      load: Float64Array.from({ length: pairs }, () => int(1, 8)),
      group,
      weight: Float64Array.from({ length: agents }, () => int(1, 3)),
      tolerance: [0.2, 0.25, 0.3, 0.5][int(0, 3)]!,
      penalty: null,
    });
  }
  return {
    items,
    agents,
    pairStart: Int32Array.from(pairStart),
    pairAgent: Int32Array.from(pairAgent),
    pairCost,
    capacities: [{ name: 'capacity', load, limit }],
    bands,
    sideConstraints: [],
  };
}

/**
 * The same model for javascript-lp-solver, from its mathematics: binary x_i_a, continuous u_g;
 *   min sum c x  s.t.  sum_a x_i_a = 1;  sum_i load x_i_a <= limit_a;
 *   W_a - (1-t) w_a u_g >= 0;  W_a - (1+t) w_a u_g <= 0;  sum_{a in g} W_a - u_g sum_{a in g} w_a = 0.
 */
function lpSolverModel(model: AssignmentModel): Model {
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Model['constraints'] = {};
  const binaries: Record<string, 1> = {};
  for (let i = 0; i < model.items; i++) {
    constraints[`assign_${i}`] = { equal: 1 };
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
      const a = model.pairAgent[p]!;
      const name = `x_${i}_${a}`;
      const column: Record<string, number> = { cost: model.pairCost[p]!, [`assign_${i}`]: 1 };
      model.capacities.forEach((family, f) => {
        if (Number.isFinite(family.limit[a]!)) column[`cap_${f}_${a}`] = family.load[p]!;
      });
      model.bands.forEach((band, b) => {
        const g = band.group[a]!;
        if (g < 0) return;
        const w = band.load[p]!;
        column[`band_${b}_lo_${a}`] = w;
        column[`band_${b}_hi_${a}`] = w;
        column[`band_${b}_sum_${g}`] = (column[`band_${b}_sum_${g}`] ?? 0) + w;
      });
      variables[name] = column;
      binaries[name] = 1;
    }
  }
  model.capacities.forEach((family, f) => {
    for (let a = 0; a < model.agents; a++) {
      if (Number.isFinite(family.limit[a]!)) constraints[`cap_${f}_${a}`] = { max: family.limit[a]! };
    }
  });
  model.bands.forEach((band, b) => {
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g < 0) continue;
      const u = (variables[`u_${b}_${g}`] ??= { cost: 0 });
      u[`band_${b}_lo_${a}`] = -(1 - band.tolerance) * band.weight[a]!;
      u[`band_${b}_hi_${a}`] = -(1 + band.tolerance) * band.weight[a]!;
      u[`band_${b}_sum_${g}`] = (u[`band_${b}_sum_${g}`] ?? 0) - band.weight[a]!;
      constraints[`band_${b}_lo_${a}`] = { min: 0 };
      constraints[`band_${b}_hi_${a}`] = { max: 0 };
      constraints[`band_${b}_sum_${g}`] = { equal: 0 };
    }
  });
  return { optimize: 'cost', opType: 'min', constraints, variables, binaries };
}

/** Agent of each item in a javascript-lp-solver result (it omits variables at zero). */
function lpSolverAssignment(model: AssignmentModel, result: SolveResult): Int32Array {
  const assignment = new Int32Array(model.items).fill(-1);
  for (let i = 0; i < model.items; i++) {
    for (let a = 0; a < model.agents; a++) {
      const value = result[`x_${i}_${a}`];
      if (typeof value === 'number' && value > 0.5) assignment[i] = a;
    }
  }
  return assignment;
}

/** Minimum objective over every assignment to eligible agents, or null when none is feasible. */
function bruteForce(model: AssignmentModel): number | null {
  const options = Array.from({ length: model.items }, (_, i) =>
    Array.from(model.pairAgent.subarray(model.pairStart[i]!, model.pairStart[i + 1]!)),
  );
  const count = options.reduce((n, o) => n * o.length, 1);
  expect(count).toBeLessThanOrEqual(65536);
  const assignment = new Int32Array(model.items);
  let best: number | null = null;
  for (let code = 0; code < count; code++) {
    let rest = code;
    for (let i = 0; i < model.items; i++) {
      const o = options[i]!;
      assignment[i] = o[rest % o.length]!;
      rest = Math.floor(rest / o.length);
    }
    const check = checkAssignment(model, assignment);
    if (check.feasible && (best === null || check.objective < best)) best = check.objective;
  }
  return best;
}

const CASES = Array.from({ length: 10 }, (_, k) => ({ seed: 1000 + k, withBand: k % 2 === 1 }));
const outcomes: { feasible: boolean; withBand: boolean; bandBinds: boolean }[] = [];

describe('cross-check with javascript-lp-solver and brute force', () => {
  it.each(CASES)('seed $seed (band: $withBand)', async ({ seed, withBand }) => {
    const model = randomModel(seed, withBand);
    const ours = await solveAssignment(model, { timeLimitSeconds: 10, mipGap: 0, seed: 0, highs: highsFactory });
    const theirs = solver.Solve(lpSolverModel(model)) as SolveResult;
    const brute = bruteForce(model);
    const bandBinds = withBand && bruteForce({ ...model, bands: [] }) !== brute;
    outcomes.push({ feasible: brute !== null, withBand, bandBinds });

    if (brute === null) {
      expect(ours.status).toBe('infeasible');
      expect(theirs.feasible).toBe(false);
      return;
    }
    expect(ours.status).toBe('optimal');
    const check = checkAssignment(model, ours.assignment!);
    expect(check.violations).toEqual([]);
    expect(check.objective).toBeCloseTo(ours.objective!, 6);
    expect(ours.objective!).toBeCloseTo(brute, 6);
    expect(theirs.feasible).toBe(true);
    expect(theirs.isIntegral).toBe(true);
    expect(theirs.result).toBeCloseTo(brute, 6);
    const theirAssignment = lpSolverAssignment(model, theirs);
    expect(checkAssignment(model, theirAssignment).violations).toEqual([]);
    expect(checkAssignment(model, theirAssignment).objective).toBeCloseTo(brute, 6);
  });

  it('covered feasible and infeasible models, with and without bands, and bands that bind', () => {
    expect(outcomes).toHaveLength(CASES.length);
    expect(outcomes.some((o) => !o.feasible)).toBe(true);
    expect(outcomes.some((o) => o.feasible && o.bandBinds)).toBe(true);
    expect(outcomes.some((o) => o.feasible && !o.withBand)).toBe(true);
  });
});
