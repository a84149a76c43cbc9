/**
 * The primal heuristics (construction, local search) and their use in solveAssignment, on seeded
 * random generic models with a planted feasible assignment (so "feasible exists" is known), each
 * answer re-checked by the independent checker; optimality on tiny models by brute force.
 */
import { describe, expect, it } from 'vitest';
import { checkAssignment, evaluateObjective, runContext, solveAssignment, type AssignmentModel, type BandFamily, type SideConstraint } from '../../solver/index.ts';
import { construct, constructDetailed } from '../../solver/heuristics/construct.ts';
import { improve } from '../../solver/heuristics/local-search.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { mulberry32 } from '../../solver/heuristics/prng.ts';

/** The project's seeded PRNG, so every run builds the same models. */
const prng = mulberry32;

interface Shape {
  readonly items: number;
  readonly agents: number;
  /** Probability that an agent other than the planted one is eligible. */
  readonly density: number;
  readonly band?: 'hard' | 'soft';
  /** A disruption budget: at most this many more items than the planted plan leave their current agent. */
  readonly movesSlack?: number;
}

/**
 * A random model that the planted assignment satisfies: capacities a little above its loads, a band
 * tolerance a little above its worst deviation, a move budget it meets.
 */
function plantedModel(seed: number, shape: Shape): { model: AssignmentModel; planted: Int32Array } {
  const random = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const { items, agents } = shape;
  const planted = Int32Array.from({ length: items }, () => int(0, agents - 1));
  const pairStart = [0];
  const pairAgent: number[] = [];
  for (let i = 0; i < items; i++) {
    for (let a = 0; a < agents; a++) if (a === planted[i] || random() < shape.density) pairAgent.push(a);
    pairStart.push(pairAgent.length);
  }
  const P = pairAgent.length;
  const pairCost = Float64Array.from({ length: P }, () => int(1, 50));
  const load = Float64Array.from({ length: P }, () => int(1, 20));
  const plantedLoad = (values: Float64Array) => {
    const totals = new Float64Array(agents);
    for (let i = 0; i < items; i++) {
      for (let p = pairStart[i]!; p < pairStart[i + 1]!; p++) if (pairAgent[p] === planted[i]) totals[planted[i]!]! += values[p]!;
    }
    return totals;
  };
  const used = plantedLoad(load);
  const limit = Float64Array.from(used, (u) => Math.ceil(u * (1 + 0.15 * random())));
  const bands: BandFamily[] = [];
  if (shape.band) {
    const bandLoad = Float64Array.from({ length: P }, () => int(1, 10));
    const group = Int32Array.from({ length: agents }, (_, a) => (a === agents - 1 && agents > 3 ? -1 : a % 2));
    const weight = Float64Array.from({ length: agents }, () => int(1, 3));
    const totals = plantedLoad(bandLoad);
    let worst = 0;
    for (const g of [0, 1]) {
      let t = 0;
      let w = 0;
      for (let a = 0; a < agents; a++) {
        if (group[a] !== g) continue;
        t += totals[a]!;
        w += weight[a]!;
      }
      for (let a = 0; a < agents; a++) if (group[a] === g && t > 0) worst = Math.max(worst, Math.abs(totals[a]! / ((weight[a]! * t) / w) - 1));
    }
    const tolerance = shape.band === 'hard' ? worst + 0.02 : 0.1;
    bands.push({ name: 'workload-band', load: bandLoad, group, weight, tolerance, penalty: shape.band === 'hard' ? null : 3 });
  }
  const sideConstraints: SideConstraint[] = [];
  if (shape.movesSlack !== undefined) {
    // Each item has a current agent; leaving it counts one move.
    const pairs: number[] = [];
    let plantedMoves = 0;
    for (let i = 0; i < items; i++) {
      const current = pairAgent[pairStart[i]! + int(0, pairStart[i + 1]! - pairStart[i]! - 1)]!;
      if (current !== planted[i]) plantedMoves++;
      for (let p = pairStart[i]!; p < pairStart[i + 1]!; p++) if (pairAgent[p] !== current) pairs.push(p);
    }
    const upper = plantedMoves + shape.movesSlack;
    sideConstraints.push({ name: 'max-moves', pairs: Int32Array.from(pairs), coefs: new Float64Array(pairs.length).fill(1), lower: 0, upper });
  }
  const model: AssignmentModel = {
    items,
    agents,
    pairStart: Int32Array.from(pairStart),
    pairAgent: Int32Array.from(pairAgent),
    pairCost,
    capacities: [{ name: 'capacity', load, limit }],
    bands,
    sideConstraints,
  };
  return { model, planted };
}

/** The optimum by enumeration of every assignment the checker accepts, or null when none is valid. */
function bruteForce(model: AssignmentModel): number | null {
  const plans = model.agents ** model.items;
  expect(plans).toBeLessThanOrEqual(50_000);
  const assignment = new Int32Array(model.items);
  let best: number | null = null;
  for (let k = 0; k < plans; k++) {
    let rest = k;
    for (let i = 0; i < model.items; i++) {
      assignment[i] = rest % model.agents;
      rest = Math.floor(rest / model.agents);
    }
    const check = checkAssignment(model, assignment);
    if (check.feasible && (best === null || check.objective < best)) best = check.objective;
  }
  return best;
}

const CASES: Array<[number, Shape]> = [
  [1, { items: 40, agents: 5, density: 0.6 }],
  [2, { items: 80, agents: 8, density: 0.5, band: 'hard' }],
  [3, { items: 120, agents: 10, density: 0.4, band: 'hard', movesSlack: 5 }],
  [4, { items: 60, agents: 6, density: 0.7, band: 'soft' }],
  [5, { items: 150, agents: 12, density: 0.3, band: 'hard' }],
  [6, { items: 50, agents: 4, density: 0.8, movesSlack: 2 }],
  [7, { items: 100, agents: 9, density: 0.5, band: 'hard', movesSlack: 10 }],
  [8, { items: 200, agents: 20, density: 0.25 }],
];

describe('construct', () => {
  it.each(CASES)('finds a feasible assignment when one exists (seed %i)', (seed, shape) => {
    const { model, planted } = plantedModel(seed, shape);
    expect(checkAssignment(model, planted).feasible).toBe(true);
    const assignment = construct(model, runContext({ seed: 1 }), { timeLimitMs: 2000 });
    expect(assignment).not.toBeNull();
    expect(checkAssignment(model, assignment!).violations).toEqual([]);
  });

  it('is deterministic for a seed', () => {
    const { model } = plantedModel(2, CASES[1]![1]);
    const first = construct(model, runContext({ seed: 7 }), { timeLimitMs: 5000 });
    const second = construct(model, runContext({ seed: 7 }), { timeLimitMs: 5000 });
    expect(first).toEqual(second);
  });

  it('gives a Lagrangian bound no higher than any feasible objective', () => {
    const { model, planted } = plantedModel(1, CASES[0]![1]);
    const built = constructDetailed(model, runContext({ seed: 1 }));
    expect(built.bound).not.toBeNull();
    expect(built.bound!).toBeLessThanOrEqual(evaluateObjective(model, planted) + 1e-9);
    expect(built.bound!).toBeLessThanOrEqual(built.objective! + 1e-9);
  });

  it('returns null when no assignment exists', () => {
    const { model } = plantedModel(1, { items: 20, agents: 3, density: 0.5 });
    const starved = { ...model, capacities: [{ ...model.capacities[0]!, limit: new Float64Array(3).fill(5) }] };
    expect(construct(starved, runContext(), { timeLimitMs: 200 })).toBeNull();
  });
});

describe('improve', () => {
  it.each(CASES)('never worsens a feasible start and keeps it feasible (seed %i)', (seed, shape) => {
    const { model, planted } = plantedModel(seed, shape);
    const before = evaluateObjective(model, planted);
    const result = improve(model, planted, runContext({ seed: 3 }), { timeLimitMs: 150 });
    expect(result.feasible).toBe(true);
    expect(checkAssignment(model, result.assignment).violations).toEqual([]);
    expect(result.objective).toBeLessThanOrEqual(before + 1e-9);
    expect(result.objective).toBeCloseTo(evaluateObjective(model, result.assignment), 9);
  });

  it('drives an infeasible start to feasibility', () => {
    const { model } = plantedModel(2, CASES[1]![1]);
    // Everything on each item's first eligible agent: capacities and bands broken.
    const start = Int32Array.from({ length: model.items }, (_, i) => model.pairAgent[model.pairStart[i]!]!);
    expect(checkAssignment(model, start).feasible).toBe(false);
    const result = improve(model, start, runContext({ seed: 1 }), { timeLimitMs: 1000 });
    expect(result.feasible).toBe(true);
    expect(checkAssignment(model, result.assignment).feasible).toBe(true);
  });

  it('is deterministic for a seed when iterations, not the clock, end it', () => {
    const { model, planted } = plantedModel(3, CASES[2]![1]);
    const run = () => improve(model, planted, runContext({ seed: 5 }), { timeLimitMs: 60_000, maxIterations: 300 });
    const first = run();
    const second = run();
    expect(first.assignment).toEqual(second.assignment);
    expect(first.objective).toBe(second.objective);
  });

  it('returns the start when the deadline has already passed', () => {
    const { model, planted } = plantedModel(1, CASES[0]![1]);
    const result = improve(model, planted, runContext({ shouldStop: () => true }));
    expect(result.objective).toBeLessThanOrEqual(evaluateObjective(model, planted));
    expect(result.feasible).toBe(true);
  });
});

describe('solveAssignment with heuristics', () => {
  const tiny: Array<[number, Shape]> = [
    [11, { items: 7, agents: 4, density: 0.7 }],
    [12, { items: 9, agents: 3, density: 0.8, band: 'hard' }],
    [13, { items: 6, agents: 5, density: 0.6, band: 'soft' }],
    [14, { items: 8, agents: 3, density: 0.9, band: 'hard', movesSlack: 0 }],
    [15, { items: 7, agents: 4, density: 0.6, movesSlack: 1 }],
  ];

  it.each(tiny)('proves the brute-force optimum on a tiny model (seed %i)', async (seed, shape) => {
    const { model } = plantedModel(seed, shape);
    const optimum = bruteForce(model);
    const solution = await solveAssignment(model, { timeLimitSeconds: 20, mipGap: 0, seed: 1, highs: highsFactory });
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBeCloseTo(optimum!, 6);
    expect(checkAssignment(model, solution.assignment!).feasible).toBe(true);
    expect(solution.bound!).toBeLessThanOrEqual(solution.objective!);
    expect(solution.strategy).toMatch(/^greedy\+ls/);
  });

  it('still answers when the construction finds nothing (an infeasible model)', async () => {
    const { model } = plantedModel(16, { items: 8, agents: 3, density: 0.6 });
    const starved = { ...model, capacities: [{ ...model.capacities[0]!, limit: new Float64Array(3).fill(4) }] };
    expect(construct(starved, runContext(), { timeLimitMs: 200 })).toBeNull();
    const solution = await solveAssignment(starved, { timeLimitSeconds: 5, mipGap: 0, seed: 1, highs: highsFactory });
    expect(solution.status).toBe('infeasible');
    expect(solution.assignment).toBeNull();
    expect(solution.strategy).toBe('highs-mip');
  });

  it('lets HiGHS find what the heuristics miss', async () => {
    // One item must take agent 1 at cost 100 for the other to fit: easy for HiGHS either way.
    const model: AssignmentModel = {
      items: 2,
      agents: 2,
      pairStart: Int32Array.from([0, 2, 4]),
      pairAgent: Int32Array.from([0, 1, 0, 1]),
      pairCost: Float64Array.from([1, 100, 1, 100]),
      capacities: [{ name: 'capacity', load: Float64Array.from([1, 1, 1, 1]), limit: Float64Array.from([1, 1]) }],
      bands: [],
      sideConstraints: [],
    };
    const solution = await solveAssignment(model, { timeLimitSeconds: 5, mipGap: 0, seed: 1, highs: highsFactory });
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBe(101);
  });
});
