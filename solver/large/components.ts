/**
 * Independent parts of an assignment model: two agents are linked when an item may go to both, when
 * they share a band group (the group's mean couples them) or a side constraint. Each connected part,
 * with its items, is a model of its own whose optimum adds up to the whole's. In territory terms:
 * roles separate when no account can go to two roles (A/B accounts to field reps, C to inside reps),
 * and regions separate when no account is within reach of two regions' reps.
 */
import type { AssignmentModel, BandFamily, CapacityFamily, SideConstraint } from '../assignment.ts';

export interface Components {
  readonly count: number;
  /** Component of each agent. */
  readonly ofAgent: Int32Array;
  /** Items of each component, ascending. */
  readonly items: readonly Int32Array[];
  /** Agents of each component, ascending. */
  readonly agents: readonly Int32Array[];
}

export function findComponents(model: AssignmentModel): Components {
  const parent = Int32Array.from({ length: model.agents }, (_, a) => a);
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
  for (let i = 0; i < model.items; i++) {
    for (let p = model.pairStart[i]! + 1; p < model.pairStart[i + 1]!; p++) union(model.pairAgent[model.pairStart[i]!]!, model.pairAgent[p]!);
  }
  for (const band of model.bands) {
    const first = new Map<number, number>();
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g < 0) continue;
      if (first.has(g)) union(first.get(g)!, a);
      else first.set(g, a);
    }
  }
  for (const side of model.sideConstraints) {
    for (let k = 1; k < side.pairs.length; k++) union(model.pairAgent[side.pairs[0]!]!, model.pairAgent[side.pairs[k]!]!);
  }
  const index = new Map<number, number>();
  const ofAgent = new Int32Array(model.agents);
  for (let a = 0; a < model.agents; a++) {
    const root = find(a);
    if (!index.has(root)) index.set(root, index.size);
    ofAgent[a] = index.get(root)!;
  }
  const items: number[][] = Array.from({ length: index.size }, () => []);
  const agents: number[][] = Array.from({ length: index.size }, () => []);
  for (let a = 0; a < model.agents; a++) agents[ofAgent[a]!]!.push(a);
  for (let i = 0; i < model.items; i++) {
    // An item without pairs belongs nowhere (the model is infeasible; structural checks say why).
    if (model.pairStart[i + 1]! > model.pairStart[i]!) items[ofAgent[model.pairAgent[model.pairStart[i]!]!]!]!.push(i);
  }
  return { count: index.size, ofAgent, items: items.map((x) => Int32Array.from(x)), agents: agents.map((x) => Int32Array.from(x)) };
}

export interface SubModel {
  readonly model: AssignmentModel;
  /** Parent item of each sub-model item. */
  readonly items: Int32Array;
  /** Parent agent of each sub-model agent. */
  readonly agents: Int32Array;
  /** Parent pair of each sub-model pair. */
  readonly pairs: Int32Array;
}

/** The model over one component's items and agents, with everything renumbered. */
export function subModel(model: AssignmentModel, items: Int32Array, agents: Int32Array): SubModel {
  const localAgent = new Int32Array(model.agents).fill(-1);
  agents.forEach((a, k) => (localAgent[a] = k));
  const pairStart = new Int32Array(items.length + 1);
  let count = 0;
  items.forEach((i, k) => {
    pairStart[k] = count;
    count += model.pairStart[i + 1]! - model.pairStart[i]!;
  });
  pairStart[items.length] = count;
  const pairs = new Int32Array(count);
  let q = 0;
  for (const i of items) for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) pairs[q++] = p;
  const localPair = new Map<number, number>();
  if (model.sideConstraints.length > 0) pairs.forEach((p, k) => localPair.set(p, k));
  const pick = (values: Float64Array) => Float64Array.from(pairs, (p) => values[p]!);
  const perAgent = <T extends Float64Array | Int32Array>(values: T): T => values.constructor === Int32Array
    ? (Int32Array.from(agents, (a) => values[a]!) as T)
    : (Float64Array.from(agents, (a) => values[a]!) as T);
  const capacities: CapacityFamily[] = model.capacities.map((f) => ({ ...f, load: pick(f.load), limit: perAgent(f.limit) }));
  const bands: BandFamily[] = model.bands.map((b) => ({ ...b, load: pick(b.load), group: perAgent(b.group), weight: perAgent(b.weight) }));
  const sideConstraints: SideConstraint[] = model.sideConstraints
    .filter((side) => side.pairs.length > 0 && localPair.has(side.pairs[0]!))
    .map((side) => ({ ...side, pairs: Int32Array.from(side.pairs, (p) => localPair.get(p)!) }));
  return {
    model: {
      items: items.length,
      agents: agents.length,
      pairStart,
      pairAgent: Int32Array.from(pairs, (p) => localAgent[model.pairAgent[p]!]!),
      pairCost: pick(model.pairCost),
      capacities,
      bands,
      sideConstraints,
    },
    items,
    agents,
    pairs,
  };
}
