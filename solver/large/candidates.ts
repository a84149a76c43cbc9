/**
 * Candidate pairs for the large-model strategy: per item its k cheapest pairs, per agent the items
 * it is cheapest to serve (so every agent can reach the load its band asks for), and every pair that
 * a side constraint names (for max-moves: each account's current rep). Pairs are ranked by cost,
 * ties by capacity load, then by a hash of the pair. This is a starting set, never the final word:
 * the strategy widens k when the candidate model is infeasible and prices the excluded pairs with the
 * LP duals, adding those that would pay.
 *
 * One pass over the full model's rows: each agent keeps its best items so far in a bounded heap, so
 * the memory is that of the candidates, not of the pairs.
 */
import { CandidateCollector, type CandidateSet } from './candidate-set.ts';
import type { PairStream } from './pair-stream.ts';

export interface CandidateOptions {
  /** Cheapest pairs kept per item. */
  readonly perItem: number;
  /**
   * Items kept per agent, as a multiple of its fair share: the sum over its eligible items of
   * 1 / (number of agents eligible for the item).
   */
  readonly perAgentFactor: number;
}

/** `share`: each agent's fair share of items (survey.ts). */
export function selectCandidates(stream: PairStream, share: Float64Array, options: CandidateOptions): CandidateSet {
  const out = new CandidateCollector(stream.items);
  const heaps = Array.from({ length: stream.agents }, (_, a) => new BestPairs(Math.ceil(options.perAgentFactor * share[a]!)));
  const order: number[] = [];
  for (let i = 0; i < stream.items; i++) {
    const row = stream.row(i);
    const first = stream.pairStart[i]!;
    const load = row.capacityLoad[0];
    for (let k = 0; k < row.count; k++) heaps[row.agent[k]!]!.offer(row.cost[k]!, load ? load[k]! : 0, first + k, i);
    if (row.count <= options.perItem) {
      for (let k = 0; k < row.count; k++) out.add(i, row.agent[k]!);
      continue;
    }
    order.length = 0;
    for (let k = 0; k < row.count; k++) order.push(k);
    order.sort((x, y) => compareRank(row.cost[x]!, load ? load[x]! : 0, first + x, row.cost[y]!, load ? load[y]! : 0, first + y));
    for (let k = 0; k < options.perItem; k++) out.add(i, row.agent[order[k]!]!);
  }
  for (const side of stream.sides) for (let k = 0; k < side.item.length; k++) out.add(side.item[k]!, side.agent[k]!);
  heaps.forEach((heap, a) => heap.forEachItem((i) => out.add(i, a)));
  return out.finish();
}

/**
 * Cheaper first; exact ties (phone calls cost no travel) by load, then by a hash of the pair, not by
 * agent order, which would send every tied item to the same first agents; last by pair index.
 */
function compareRank(costA: number, loadA: number, pairA: number, costB: number, loadB: number, pairB: number): number {
  return costA - costB || loadA - loadB || mix(pairA) - mix(pairB) || pairA - pairB;
}

/** The `size` best-ranked pairs offered so far: a max-heap by rank, its worst at the root. */
class BestPairs {
  readonly #cost: Float64Array;
  readonly #load: Float64Array;
  readonly #pair: Float64Array;
  readonly #item: Int32Array;
  #length = 0;

  constructor(private readonly size: number) {
    this.#cost = new Float64Array(size);
    this.#load = new Float64Array(size);
    this.#pair = new Float64Array(size);
    this.#item = new Int32Array(size);
  }

  offer(cost: number, load: number, pair: number, item: number): void {
    if (this.size === 0) return;
    if (this.#length < this.size) {
      this.#put(this.#length, cost, load, pair, item);
      this.#up(this.#length++);
    } else if (compareRank(cost, load, pair, this.#cost[0]!, this.#load[0]!, this.#pair[0]!) < 0) {
      this.#put(0, cost, load, pair, item);
      this.#down(0);
    }
  }

  forEachItem(visit: (item: number) => void): void {
    for (let k = 0; k < this.#length; k++) visit(this.#item[k]!);
  }

  #put(k: number, cost: number, load: number, pair: number, item: number): void {
    this.#cost[k] = cost;
    this.#load[k] = load;
    this.#pair[k] = pair;
    this.#item[k] = item;
  }

  /** Whether entry x ranks after entry y (is worse). */
  #worse(x: number, y: number): boolean {
    return compareRank(this.#cost[x]!, this.#load[x]!, this.#pair[x]!, this.#cost[y]!, this.#load[y]!, this.#pair[y]!) > 0;
  }

  #swap(x: number, y: number): void {
    const c = this.#cost[x]!, l = this.#load[x]!, p = this.#pair[x]!, i = this.#item[x]!;
    this.#put(x, this.#cost[y]!, this.#load[y]!, this.#pair[y]!, this.#item[y]!);
    this.#put(y, c, l, p, i);
  }

  #up(k: number): void {
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.#worse(k, parent)) return;
      this.#swap(k, parent);
      k = parent;
    }
  }

  #down(k: number): void {
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let top = k;
      if (l < this.#length && this.#worse(l, top)) top = l;
      if (r < this.#length && this.#worse(r, top)) top = r;
      if (top === k) return;
      this.#swap(k, top);
      k = top;
    }
  }
}

/** A fixed pseudo-random number per pair (splitmix32 finaliser), for tie-breaking. */
function mix(p: number): number {
  let z = (p + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
