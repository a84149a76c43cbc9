/**
 * The full model as the large-model strategy reads it: item by item, never as a whole. Its four
 * passes over every pair (the starting bound, the independent parts, the candidate selection and the
 * pricing of the LP duals) read one item's pairs at a time, so a model whose pairs are computed on
 * the fly from the problem (`compile-stream.ts`) never holds more than the candidates in memory. An
 * in-memory model is a stream too (`modelStream`), read through views of its columns.
 */
import type { AssignmentModel, BandFamily, CapacityFamily } from '../assignment.ts';
import { itemOfPair } from '../check-assignment.ts';

/** One item's pairs; the arrays are valid until the next `row` call and are read from 0 to `count`. */
export interface ItemPairs {
  readonly count: number;
  readonly agent: Int32Array;
  readonly cost: Float64Array;
  /** Per capacity family of the stream, each pair's load. */
  readonly capacityLoad: readonly Float64Array[];
  /** Per band family of the stream, each pair's load. */
  readonly bandLoad: readonly Float64Array[];
}

/** A side constraint over (item, agent) pairs: lower <= sum coef x <= upper. */
export interface StreamSide {
  readonly name: string;
  readonly item: Int32Array;
  readonly agent: Int32Array;
  readonly coef: Float64Array;
  readonly lower: number;
  readonly upper: number;
}

export interface PairStream {
  readonly items: number;
  readonly agents: number;
  /** Pairs of item i are numbered pairStart[i] .. pairStart[i+1]-1 (the full model's pair index). */
  readonly pairStart: Int32Array;
  /** The families, their loads left to the rows. */
  readonly capacities: readonly Omit<CapacityFamily, 'load'>[];
  readonly bands: readonly Omit<BandFamily, 'load'>[];
  readonly sides: readonly StreamSide[];
  /** Item i's pairs, in the full model's pair order. */
  row(i: number): ItemPairs;
}

/** Number of pairs of the stream. */
export function streamPairs(stream: PairStream): number {
  return stream.pairStart[stream.items]!;
}

/** An in-memory model read as a stream: each row is a set of views of its columns. */
export function modelStream(model: AssignmentModel): PairStream {
  const itemOf = (p: number) => itemOfPair(model, p);
  return {
    items: model.items,
    agents: model.agents,
    pairStart: model.pairStart,
    capacities: model.capacities.map(({ load: _, ...family }) => family),
    bands: model.bands.map(({ load: _, ...band }) => band),
    sides: model.sideConstraints.map((side) => ({
      name: side.name,
      item: Int32Array.from(side.pairs, itemOf),
      agent: Int32Array.from(side.pairs, (p) => model.pairAgent[p]!),
      coef: side.coefs,
      lower: side.lower,
      upper: side.upper,
    })),
    row(i) {
      const start = model.pairStart[i]!;
      const end = model.pairStart[i + 1]!;
      return {
        count: end - start,
        agent: model.pairAgent.subarray(start, end),
        cost: model.pairCost.subarray(start, end),
        capacityLoad: model.capacities.map((f) => f.load.subarray(start, end)),
        bandLoad: model.bands.map((b) => b.load.subarray(start, end)),
      };
    },
  };
}

/** Key of the (item, agent) pair in maps over pairs (exact below 2^53). */
export function pairKey(stream: { readonly agents: number }, item: number, agent: number): number {
  return item * stream.agents + agent;
}

/** Per (item, agent): its (side constraint, coefficient) entries. */
export function sideEntries(stream: PairStream): Map<number, Array<[number, number]>> {
  const entries = new Map<number, Array<[number, number]>>();
  stream.sides.forEach((side, s) => {
    for (let k = 0; k < side.item.length; k++) {
      const key = pairKey(stream, side.item[k]!, side.agent[k]!);
      const list = entries.get(key) ?? [];
      list.push([s, side.coef[k]!]);
      entries.set(key, list);
    }
  });
  return entries;
}
