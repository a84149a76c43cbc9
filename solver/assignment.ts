/**
 * The generic assignment model: items (accounts, jobs) go to agents (reps), each item to exactly one
 * of its eligible agents. Pairs carry a cost and loads on several resources. The territory problem
 * compiles to this; so do the OR-Library GAP instances. Backend-neutral: plain typed arrays.
 *
 *   minimise   sum_p cost[p] x[p] + sum penalties
 *   subject to sum_{p of item i} x[p] = 1                          (assign each item once)
 *              sum_{p of agent a} load[p] x[p] <= limit[a]         (capacity families)
 *              (1-t) w[a] u[g] <= W[a] <= (1+t) w[a] u[g],          (band families, g = group of a,
 *              sum_{a in g} W[a] = u[g] sum_{a in g} w[a]            u[g] the group's mean per weight)
 *              lower <= sum_p coef[p] x[p] <= upper                (side constraints)
 */
import type { SolveStatus } from './types.ts';

/** A per-agent resource that must not exceed a limit (hours of capacity, max accounts, GAP b[i]). */
export interface CapacityFamily {
  readonly name: string;
  /** Load of each pair on this resource. */
  readonly load: Float64Array;
  /** Limit per agent; `Infinity` for none. */
  readonly limit: Float64Array;
}

/**
 * A balance band: each agent's load lies within ±tolerance of its weight-proportional share of its
 * group's total. Hard bands are constraints; soft bands charge `penalty` per unit of load outside.
 */
export interface BandFamily {
  readonly name: string;
  readonly load: Float64Array;
  /** Group of each agent (a role); -1 leaves the agent out of the band. */
  readonly group: Int32Array;
  /** Share weight of each agent (its capacity). */
  readonly weight: Float64Array;
  readonly tolerance: number;
  /** null: hard band. Otherwise the cost per unit of load outside the band. */
  readonly penalty: number | null;
}

/** A linear constraint over pair variables (e.g. at most k moves). */
export interface SideConstraint {
  readonly name: string;
  readonly pairs: Int32Array;
  readonly coefs: Float64Array;
  readonly lower: number;
  readonly upper: number;
}

export interface AssignmentModel {
  readonly items: number;
  readonly agents: number;
  /** Pairs of item i are `pairStart[i] .. pairStart[i+1]-1`; length items + 1. */
  readonly pairStart: Int32Array;
  readonly pairAgent: Int32Array;
  readonly pairCost: Float64Array;
  readonly capacities: readonly CapacityFamily[];
  readonly bands: readonly BandFamily[];
  readonly sideConstraints: readonly SideConstraint[];
}

/** Gap at or below which a solve counts as proven optimal. */
export const OPTIMAL_GAP = 1e-4;

export interface AssignmentSolution {
  readonly status: SolveStatus;
  /** Agent of each item, or null when no assignment was found. */
  readonly assignment: Int32Array | null;
  /** Objective of the assignment (including band penalties), or null. */
  readonly objective: number | null;
  /** Proven lower bound on the optimum, or null when none is known. */
  readonly bound: number | null;
  readonly seconds: number;
  readonly message?: string;
}

/** A progress snapshot during a long solve. */
export interface SolveProgress {
  readonly phase: string;
  /** Wall seconds since the solve started. */
  readonly seconds: number;
  /** Share of the run's budget used, in [0, 1]: of its work or its time limit, whichever is further (set by the run context). */
  readonly used?: number;
  readonly incumbent: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
}

/** Relative gap between an incumbent and a bound, in the convention HiGHS uses. */
export function relativeGap(objective: number | null, bound: number | null): number | null {
  if (objective === null || bound === null) return null;
  const diff = Math.max(0, objective - bound);
  if (diff === 0) return 0;
  return diff / Math.max(Math.abs(objective), 1e-9);
}

/** Number of pair variables. */
export function pairCount(model: AssignmentModel): number {
  return model.pairAgent.length;
}

/** Index of the pair (item, agent), or -1 when the agent is not eligible for the item. */
export function findPair(model: AssignmentModel, item: number, agent: number): number {
  for (let p = model.pairStart[item]!; p < model.pairStart[item + 1]!; p++) {
    if (model.pairAgent[p] === agent) return p;
  }
  return -1;
}

/** The chosen pair of every item for an assignment, or -1 where the agent is not eligible. */
export function pairsOf(model: AssignmentModel, assignment: Int32Array): Int32Array {
  const chosen = new Int32Array(model.items);
  for (let i = 0; i < model.items; i++) chosen[i] = findPair(model, i, assignment[i]!);
  return chosen;
}

/** Per-agent totals of one pair load vector for the chosen pairs. */
export function agentTotals(model: AssignmentModel, chosen: Int32Array, load: Float64Array): Float64Array {
  const totals = new Float64Array(model.agents);
  for (let i = 0; i < model.items; i++) {
    const p = chosen[i]!;
    if (p >= 0) totals[model.pairAgent[p]!]! += load[p]!;
  }
  return totals;
}

/**
 * Amount by which the agents' loads leave their bands, per agent, given the band's group means.
 * The group mean u[g] is fixed by the assignment (total load / total weight of the group).
 */
export function bandViolations(model: AssignmentModel, band: BandFamily, totals: Float64Array): Float64Array {
  const groups = new Map<number, { load: number; weight: number }>();
  for (let a = 0; a < model.agents; a++) {
    const g = band.group[a]!;
    if (g < 0) continue;
    const acc = groups.get(g) ?? { load: 0, weight: 0 };
    acc.load += totals[a]!;
    acc.weight += band.weight[a]!;
    groups.set(g, acc);
  }
  const out = new Float64Array(model.agents);
  for (let a = 0; a < model.agents; a++) {
    const g = band.group[a]!;
    if (g < 0) continue;
    const acc = groups.get(g)!;
    const mean = acc.weight > 0 ? acc.load / acc.weight : 0;
    const lo = (1 - band.tolerance) * band.weight[a]! * mean;
    const hi = (1 + band.tolerance) * band.weight[a]! * mean;
    const w = totals[a]!;
    out[a] = w < lo ? lo - w : w > hi ? w - hi : 0;
  }
  return out;
}

/** Objective of an assignment: pair costs plus soft-band penalties. */
export function evaluateObjective(model: AssignmentModel, assignment: Int32Array): number {
  const chosen = pairsOf(model, assignment);
  let total = 0;
  for (let i = 0; i < model.items; i++) {
    const p = chosen[i]!;
    if (p >= 0) total += model.pairCost[p]!;
  }
  for (const band of model.bands) {
    if (band.penalty === null) continue;
    const v = bandViolations(model, band, agentTotals(model, chosen, band.load));
    for (let a = 0; a < model.agents; a++) total += band.penalty * v[a]!;
  }
  return total;
}
