/**
 * A set of candidate pairs of the full model, as (item, agent) lists, and the candidate model built
 * from it by one pass over the full model's rows. It is what the large-model strategy holds in memory
 * in place of the full model: widening and pricing grow the set, and the model is rebuilt from it.
 */
import type { AssignmentModel } from '../assignment.ts';
import type { PairStream } from './pair-stream.ts';

export interface CandidateSet {
  /** Agents of item i are `agent[start[i]] .. agent[start[i+1]-1]`, ascending, each once. */
  readonly start: Int32Array;
  readonly agent: Int32Array;
}

/** Collects (item, agent) pairs, in any order and with repeats, into a candidate set. */
export class CandidateCollector {
  #item = new Int32Array(1024);
  #agent = new Int32Array(1024);
  #length = 0;

  constructor(private readonly items: number) {}

  add(item: number, agent: number): void {
    if (this.#length === this.#item.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.#item = grow(this.#item);
      this.#agent = grow(this.#agent);
    }
    this.#item[this.#length] = item;
    this.#agent[this.#length++] = agent;
  }

  /** Every pair of `set`. */
  addSet(set: CandidateSet): void {
    for (let i = 0; i < this.items; i++) for (let k = set.start[i]!; k < set.start[i + 1]!; k++) this.add(i, set.agent[k]!);
  }

  /** The set: grouped by item (counting sort), agents sorted and deduplicated per item. */
  finish(): CandidateSet {
    const n = this.#length;
    const count = new Int32Array(this.items + 1);
    for (let k = 0; k < n; k++) count[this.#item[k]! + 1]!++;
    for (let i = 0; i < this.items; i++) count[i + 1]! += count[i]!;
    const fill = count.slice(0, this.items);
    const grouped = new Int32Array(n);
    for (let k = 0; k < n; k++) grouped[fill[this.#item[k]!]!++] = this.#agent[k]!;
    const start = new Int32Array(this.items + 1);
    let q = 0;
    for (let i = 0; i < this.items; i++) {
      start[i] = q;
      const mine = grouped.subarray(count[i]!, count[i + 1]!).sort();
      for (let k = 0; k < mine.length; k++) if (k === 0 || mine[k] !== mine[k - 1]) grouped[q++] = mine[k]!;
    }
    start[this.items] = q;
    this.#item = new Int32Array(0);
    this.#agent = new Int32Array(0);
    return { start, agent: grouped.slice(0, q) };
  }
}

/**
 * The model over the candidate pairs that exist in the stream (a pair named but not eligible, such
 * as a start plan's, is left out), in the full model's pair order; side constraints keep their
 * candidate terms, in the stream's order.
 */
export function candidateModel(stream: PairStream, set: CandidateSet): AssignmentModel {
  const mark = new Int32Array(stream.agents).fill(-1);
  let size = 0;
  for (let i = 0; i < stream.items; i++) size += set.start[i + 1]! - set.start[i]!;
  // At most `size` pairs: every column is sized once and trimmed at the end.
  const pairStart = new Int32Array(stream.items + 1);
  let pairAgent = new Int32Array(size);
  let pairCost = new Float64Array(size);
  let capLoads = stream.capacities.map(() => new Float64Array(size));
  let bandLoads = stream.bands.map(() => new Float64Array(size));
  let q = 0;
  for (let i = 0; i < stream.items; i++) {
    pairStart[i] = q;
    if (set.start[i + 1] === set.start[i]) continue;
    for (let k = set.start[i]!; k < set.start[i + 1]!; k++) mark[set.agent[k]!] = i;
    const row = stream.row(i);
    for (let k = 0; k < row.count; k++) {
      if (mark[row.agent[k]!] !== i) continue;
      pairAgent[q] = row.agent[k]!;
      pairCost[q] = row.cost[k]!;
      for (let f = 0; f < capLoads.length; f++) capLoads[f]![q] = row.capacityLoad[f]![k]!;
      for (let b = 0; b < bandLoads.length; b++) bandLoads[b]![q] = row.bandLoad[b]![k]!;
      q++;
    }
  }
  pairStart[stream.items] = q;
  if (q < size) {
    pairAgent = pairAgent.slice(0, q);
    pairCost = pairCost.slice(0, q);
    capLoads = capLoads.map((l) => l.slice(0, q));
    bandLoads = bandLoads.map((l) => l.slice(0, q));
  }
  const pairOf = (i: number, a: number) => {
    for (let p = pairStart[i]!; p < pairStart[i + 1]!; p++) if (pairAgent[p] === a) return p;
    return -1;
  };
  return {
    items: stream.items,
    agents: stream.agents,
    pairStart,
    pairAgent,
    pairCost,
    capacities: stream.capacities.map((family, f) => ({ ...family, load: capLoads[f]! })),
    bands: stream.bands.map((band, b) => ({ ...band, load: bandLoads[b]! })),
    sideConstraints: stream.sides.map((side) => {
      const pairs: number[] = [];
      const coefs: number[] = [];
      for (let k = 0; k < side.item.length; k++) {
        const p = pairOf(side.item[k]!, side.agent[k]!);
        if (p < 0) continue;
        pairs.push(p);
        coefs.push(side.coef[k]!);
      }
      return { name: side.name, pairs: Int32Array.from(pairs), coefs: Float64Array.from(coefs), lower: side.lower, upper: side.upper };
    }),
  };
}
