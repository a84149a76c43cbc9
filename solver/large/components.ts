/**
 * Independent parts of an assignment model: two agents are linked when an item may go to both, when
 * they share a band group (the group's mean couples them) or a side constraint. Each connected part,
 * with its items, is a model of its own whose optimum adds up to the whole's. In territory terms:
 * roles separate when no account can go to two roles (A/B accounts to field reps, C to inside reps),
 * and regions separate when no account is within reach of two regions' reps.
 */
import type { AssignmentModel, BandFamily, CapacityFamily, SideConstraint } from '../assignment.ts';
import { modelStream } from './pair-stream.ts';
import { surveyStream } from './survey.ts';

export interface Components {
  readonly count: number;
  /** Component of each agent. */
  readonly ofAgent: Int32Array;
  /** Items of each component, ascending. */
  readonly items: readonly Int32Array[];
  /** Agents of each component, ascending. */
  readonly agents: readonly Int32Array[];
}

/** The independent parts of an in-memory model (see surveyStream, which finds them in its pass). */
export function findComponents(model: AssignmentModel): Components {
  return surveyStream(modelStream(model)).parts;
}

/**
 * The parts, given each agent's root (agents with one root are linked) and each item's first agent
 * (-1: the item has no pairs and belongs nowhere; the model is infeasible and structural checks say why).
 */
export function agentComponents(root: Int32Array, firstAgent: Int32Array): Components {
  const index = new Map<number, number>();
  const ofAgent = new Int32Array(root.length);
  for (let a = 0; a < root.length; a++) {
    if (!index.has(root[a]!)) index.set(root[a]!, index.size);
    ofAgent[a] = index.get(root[a]!)!;
  }
  const items: number[][] = Array.from({ length: index.size }, () => []);
  const agents: number[][] = Array.from({ length: index.size }, () => []);
  for (let a = 0; a < root.length; a++) agents[ofAgent[a]!]!.push(a);
  firstAgent.forEach((a, i) => {
    if (a >= 0) items[ofAgent[a]!]!.push(i);
  });
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
