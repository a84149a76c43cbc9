/**
 * The one pass over every pair of the full model that the large-model strategy starts with: what it
 * needs to know of pairs it will never hold in memory. The weak bound of every item at its cheapest
 * pair, whether the objective is integral, each agent's fair share of items (the candidate quotas),
 * each band group's reach (the pricer's bounds on the auxiliary columns) and the independent parts.
 */
import { agentComponents, type Components } from './components.ts';
import type { PairStream } from './pair-stream.ts';

export interface Survey {
  /** Sum over items of their cheapest pair cost (the Lagrangian bound at zero prices). */
  readonly cheapest: number;
  /** Every pair cost is an integer (with hard bands only, every objective value is then one). */
  readonly integralCosts: boolean;
  /** Per agent: the sum over its items of 1 / (number of agents eligible for the item). */
  readonly share: Float64Array;
  /** Per band, per group: the sum over items of their heaviest pair in the group. */
  readonly reach: readonly Map<number, number>[];
  readonly parts: Components;
}

export function surveyStream(stream: PairStream): Survey {
  const share = new Float64Array(stream.agents);
  const reach = stream.bands.map(() => new Map<number, number>());
  const heaviest = new Map<number, number>();
  const parent = Int32Array.from({ length: stream.agents }, (_, a) => a);
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstAgent = new Int32Array(stream.items).fill(-1);
  let cheapest = 0;
  let integralCosts = true;
  for (let i = 0; i < stream.items; i++) {
    const row = stream.row(i);
    if (row.count === 0) continue;
    let least = Infinity;
    for (let k = 0; k < row.count; k++) {
      const c = row.cost[k]!;
      if (c < least) least = c;
      if (integralCosts && !Number.isInteger(c)) integralCosts = false;
      share[row.agent[k]!]! += 1 / row.count;
      if (k > 0) union(row.agent[0]!, row.agent[k]!);
    }
    cheapest += least;
    firstAgent[i] = row.agent[0]!;
    stream.bands.forEach((band, b) => {
      heaviest.clear();
      const load = row.bandLoad[b]!;
      for (let k = 0; k < row.count; k++) {
        const g = band.group[row.agent[k]!]!;
        if (g >= 0) heaviest.set(g, Math.max(heaviest.get(g) ?? 0, load[k]!));
      }
      for (const [g, v] of heaviest) reach[b]!.set(g, (reach[b]!.get(g) ?? 0) + v);
    });
  }
  // A band group's mean couples its agents; a side constraint couples every agent it names.
  for (const band of stream.bands) {
    const first = new Map<number, number>();
    for (let a = 0; a < stream.agents; a++) {
      const g = band.group[a]!;
      if (g < 0) continue;
      if (first.has(g)) union(first.get(g)!, a);
      else first.set(g, a);
    }
  }
  for (const side of stream.sides) for (let k = 1; k < side.agent.length; k++) union(side.agent[0]!, side.agent[k]!);
  return { cheapest, integralCosts, share, reach, parts: agentComponents(Int32Array.from(parent, (_, a) => find(a)), firstAgent) };
}
