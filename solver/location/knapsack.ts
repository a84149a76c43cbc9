/**
 * The 0-1 knapsacks of the sparse Lagrangian bound (one per candidate median and iteration, so the
 * buffers are reused): by dynamic programming over integer weights when the capacity is small
 * enough, else Dantzig's bound (the fractional knapsack, items by profit per weight), which is at
 * least the integer optimum: a Lagrangian value computed with it is lower, so still a valid bound.
 */

/** Largest capacity the dynamic programme takes (cells per item). */
export const DP_CAPACITY_LIMIT = 20_000;

export interface KnapsackItems {
  /** The number of items in use. */
  count: number;
  readonly item: Int32Array;
  readonly profit: Float64Array;
  readonly weight: Float64Array;
}

/** Room for `size` items. */
export function knapsackItems(size: number): KnapsackItems {
  return { count: 0, item: new Int32Array(size), profit: new Float64Array(size), weight: new Float64Array(size) };
}

let best = new Float64Array(0);
let take = new Uint8Array(0);

/**
 * The most profit within `room`, the items taken written to `picked` (their count returned in
 * `out.count`). `integral`: weights and room are integers (exact dynamic programme); otherwise the
 * profit is Dantzig's bound and `picked` the items wholly taken before the first that does not fit.
 */
export function solveKnapsack(items: KnapsackItems, room: number, integral: boolean, picked: Int32Array, out: { count: number; work: number }): number {
  const m = items.count;
  let total = 0;
  let weight = 0;
  for (let t = 0; t < m; t++) [total, weight] = [total + items.profit[t]!, weight + items.weight[t]!];
  out.work = m;
  if (weight <= room) {
    // Everything fits: no search needed.
    for (let t = 0; t < m; t++) picked[t] = items.item[t]!;
    out.count = m;
    return total;
  }
  return integral && room <= DP_CAPACITY_LIMIT ? byDynamicProgramme(items, Math.floor(room), picked, out) : byDantzig(items, room, picked, out);
}

function byDynamicProgramme(items: KnapsackItems, cap: number, picked: Int32Array, out: { count: number; work: number }): number {
  const m = items.count;
  const width = cap + 1;
  if (best.length < width) best = new Float64Array(width);
  if (take.length < m * width) take = new Uint8Array(Math.max(m * width, 2 * take.length));
  best.fill(0, 0, width);
  take.fill(0, 0, m * width);
  for (let t = 0; t < m; t++) {
    const w = items.weight[t]!;
    const v = items.profit[t]!;
    const row = t * width;
    for (let c = cap; c >= w; c--) {
      const withIt = best[c - w]! + v;
      if (withIt > best[c]!) {
        best[c] = withIt;
        take[row + c] = 1;
      }
    }
  }
  out.work += m * width;
  let count = 0;
  let c = cap;
  for (let t = m - 1; t >= 0; t--) {
    if (take[t * width + c]) {
      picked[count++] = items.item[t]!;
      c -= items.weight[t]!;
    }
  }
  out.count = count;
  return best[cap]!;
}

function byDantzig(items: KnapsackItems, room: number, picked: Int32Array, out: { count: number; work: number }): number {
  const m = items.count;
  const order = Array.from({ length: m }, (_, t) => t).sort((a, b) => items.profit[b]! * items.weight[a]! - items.profit[a]! * items.weight[b]! || a - b);
  out.work += m * Math.ceil(Math.log2(m + 1));
  let left = room;
  let profit = 0;
  let count = 0;
  for (const t of order) {
    const w = items.weight[t]!;
    if (w <= left) {
      left -= w;
      profit += items.profit[t]!;
      picked[count++] = items.item[t]!;
      continue;
    }
    // The first item that does not fit, in part: Dantzig's bound.
    profit += w > 0 ? (items.profit[t]! * left) / w : items.profit[t]!;
    break;
  }
  out.count = count;
  return profit;
}
