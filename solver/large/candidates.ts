/**
 * Candidate pairs for the large-model strategy: per item its k cheapest pairs, per agent the items
 * it is cheapest to serve (so every agent can reach the load its band asks for), and every pair that
 * a side constraint names (for max-moves: each account's current rep). Pairs are ranked by cost,
 * ties by capacity load. This is a starting set, never the final word: the strategy widens k when the
 * candidate model is infeasible and prices the excluded pairs with the LP duals, adding those that
 * would pay.
 */
import type { AssignmentModel } from '../assignment.ts';

export interface CandidateOptions {
  /** Cheapest pairs kept per item. */
  readonly perItem: number;
  /**
   * Items kept per agent, as a multiple of its fair share: the sum over its eligible items of
   * 1 / (number of agents eligible for the item).
   */
  readonly perAgentFactor: number;
}

export function selectCandidates(model: AssignmentModel, options: CandidateOptions): Uint8Array {
  const P = model.pairAgent.length;
  const keep = new Uint8Array(P);
  const load = model.capacities[0]?.load;
  // Exact ties (phone calls cost no travel) are broken by a hash of the pair, not by agent order,
  // which would send every tied item to the same first agents.
  const rank = (p: number, q: number) => model.pairCost[p]! - model.pairCost[q]! || (load ? load[p]! - load[q]! : 0) || mix(p) - mix(q);
  const order: number[] = [];
  for (let i = 0; i < model.items; i++) {
    const start = model.pairStart[i]!;
    const end = model.pairStart[i + 1]!;
    if (end - start <= options.perItem) {
      keep.fill(1, start, end);
      continue;
    }
    order.length = 0;
    for (let p = start; p < end; p++) order.push(p);
    order.sort(rank);
    for (let k = 0; k < options.perItem; k++) keep[order[k]!] = 1;
  }
  for (const side of model.sideConstraints) for (const p of side.pairs) keep[p] = 1;
  // Per agent: its cheapest items, as many as its fair share times the factor.
  const share = new Float64Array(model.agents);
  for (let i = 0; i < model.items; i++) {
    const degree = model.pairStart[i + 1]! - model.pairStart[i]!;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) share[model.pairAgent[p]!]! += 1 / degree;
  }
  // Pairs grouped by agent (counting sort).
  const agentStart = new Int32Array(model.agents + 1);
  for (let p = 0; p < P; p++) agentStart[model.pairAgent[p]! + 1]!++;
  for (let a = 0; a < model.agents; a++) agentStart[a + 1]! += agentStart[a]!;
  const fill = agentStart.slice(0, model.agents);
  const byAgent = new Int32Array(P);
  for (let p = 0; p < P; p++) byAgent[fill[model.pairAgent[p]!]!++] = p;
  for (let a = 0; a < model.agents; a++) {
    const pairs = Array.from(byAgent.subarray(agentStart[a]!, agentStart[a + 1]!));
    const quota = Math.ceil(options.perAgentFactor * share[a]!);
    if (pairs.length > quota) pairs.sort(rank).length = quota;
    for (const p of pairs) keep[p] = 1;
  }
  return keep;
}

/** A fixed pseudo-random number per pair (splitmix32 finaliser), for tie-breaking. */
function mix(p: number): number {
  let z = (p + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
