/**
 * Regret greedy (Martello and Toth's MTHG, for minimisation): repeatedly place the item that would
 * lose most if its best agent filled up, that is the one with the largest gap between its best and
 * second-best fitting pair by a desirability measure. Resources: capacity limits, hard-band upper
 * limits at the estimated group totals, and side constraints that can only grow. Items that fit
 * nowhere are placed where they overload least; the caller repairs. When the budget runs out, the
 * items left take their most desirable fitting pair in index order.
 */
import type { AssignmentModel } from '../assignment.ts';
import { FEASIBILITY_EPS } from './search-layout.ts';
import type { Budget } from './budget.ts';
import type { Rng } from './prng.ts';
import { NS_PER_PAIR_VISIT } from './work-cost.ts';

/** A per-agent resource the greedy must not overfill. */
export interface GreedyResource {
  readonly load: Float64Array;
  readonly limit: Float64Array;
}

/** Side constraints whose activity can only grow as items are placed (every coefficient >= 0). */
export interface GreedySide {
  readonly start: Int32Array;
  readonly row: Int32Array;
  readonly coef: Float64Array;
  readonly upper: Float64Array;
}

/**
 * Places every item. `desirability` ranks pairs (lower is better). Returns the agent per item and
 * how many items fit nowhere.
 */
export function regretGreedy(
  model: AssignmentModel,
  resources: readonly GreedyResource[],
  side: GreedySide | null,
  desirability: Float64Array,
  rng: Rng,
  budget?: Budget,
): { assignment: Int32Array; stuck: number } {
  const remaining = resources.map((r) => Float64Array.from(r.limit, (l) => l + FEASIBILITY_EPS * Math.max(1, Math.abs(l))));
  const activity = side ? new Float64Array(side.upper.length) : null;
  const fits = (q: number): boolean => {
    const a = model.pairAgent[q]!;
    for (let r = 0; r < resources.length; r++) if (resources[r]!.load[q]! > remaining[r]![a]!) return false;
    if (side && activity) {
      for (let e = side.start[q]!; e < side.start[q + 1]!; e++) {
        const row = side.row[e]!;
        if (activity[row]! + side.coef[e]! > side.upper[row]! + FEASIBILITY_EPS * Math.max(1, Math.abs(side.upper[row]!))) return false;
      }
    }
    return true;
  };

  const assignment = new Int32Array(model.items).fill(-1);
  const best = new Int32Array(model.items).fill(-1);
  const second = new Int32Array(model.items).fill(-1);
  const version = new Int32Array(model.items);
  const tiebreak = Float64Array.from({ length: model.items }, () => rng());
  const watchers: number[][] = Array.from({ length: model.agents }, () => []);
  const heap = new RegretHeap();

  const evaluate = (i: number) => {
    let b1 = -1;
    let b2 = -1;
    for (let q = model.pairStart[i]!; q < model.pairStart[i + 1]!; q++) {
      if (!fits(q)) continue;
      if (b1 < 0 || desirability[q]! < desirability[b1]!) {
        b2 = b1;
        b1 = q;
      } else if (b2 < 0 || desirability[q]! < desirability[b2]!) b2 = q;
    }
    best[i] = b1;
    second[i] = b2;
    version[i]!++;
    // Fits nowhere any more: left for the placement after the loop.
    if (b1 < 0) return;
    watchers[model.pairAgent[b1]!]!.push(i);
    if (b2 >= 0) watchers[model.pairAgent[b2]!]!.push(i);
    const regret = b2 < 0 ? Infinity : desirability[b2]! - desirability[b1]!;
    heap.push(regret, tiebreak[i]!, i, version[i]!);
  };

  for (let i = 0; i < model.items; i++) evaluate(i);
  // A pop re-evaluates the items watching the chosen agent: about an item's pairs, a few times over.
  const popNs = (4 * model.pairAgent.length * NS_PER_PAIR_VISIT) / Math.max(1, model.items);
  while (heap.size > 0) {
    // Out of time: the items left are placed greedily below, without regrets.
    if (budget?.expired(popNs)) break;
    const { item: i, version: v } = heap.pop();
    if (assignment[i]! >= 0 || v !== version[i]) continue;
    const q = best[i]!;
    // Side constraints touch agents the watchers do not track: recheck the chosen pair itself.
    if (!fits(q)) {
      evaluate(i);
      continue;
    }
    const a = model.pairAgent[q]!;
    assignment[i] = a;
    for (let r = 0; r < resources.length; r++) remaining[r]![a]! -= resources[r]!.load[q]!;
    if (side && activity) for (let e = side.start[q]!; e < side.start[q + 1]!; e++) activity[side.row[e]!]! += side.coef[e]!;
    // Items counting on agent a may have lost their best or second pair.
    const keep: number[] = [];
    for (const j of watchers[a]!) {
      if (assignment[j]! >= 0) continue;
      const b1 = best[j]!;
      const b2 = second[j]!;
      const onA = model.pairAgent[b1] === a || (b2 >= 0 && model.pairAgent[b2] === a);
      if (!onA) continue;
      if ((model.pairAgent[b1] === a && !fits(b1)) || (b2 >= 0 && model.pairAgent[b2] === a && !fits(b2))) evaluate(j);
      else keep.push(j);
    }
    watchers[a] = keep;
  }

  let unplaced = 0;
  for (let i = 0; i < model.items; i++) {
    if (assignment[i]! >= 0) continue;
    let q = -1;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
      if (fits(p) && (q < 0 || desirability[p]! < desirability[q]!)) q = p;
    }
    if (q < 0) {
      q = leastOverload(model, resources, remaining, desirability, i);
      unplaced++;
    }
    const a = model.pairAgent[q]!;
    assignment[i] = a;
    for (let r = 0; r < resources.length; r++) remaining[r]![a]! -= resources[r]!.load[q]!;
    if (side && activity) for (let e = side.start[q]!; e < side.start[q + 1]!; e++) activity[side.row[e]!]! += side.coef[e]!;
  }
  return { assignment, stuck: unplaced };
}

/** The pair of item i that overfills its agent least (relative to the limits), then the most desirable. */
function leastOverload(
  model: AssignmentModel,
  resources: readonly GreedyResource[],
  remaining: readonly Float64Array[],
  desirability: Float64Array,
  i: number,
): number {
  let chosen = model.pairStart[i]!;
  let chosenOver = Infinity;
  for (let q = model.pairStart[i]!; q < model.pairStart[i + 1]!; q++) {
    const a = model.pairAgent[q]!;
    let over = 0;
    for (let r = 0; r < resources.length; r++) {
      const limit = Math.abs(resources[r]!.limit[a]!);
      over += Math.max(0, resources[r]!.load[q]! - remaining[r]![a]!) / (Number.isFinite(limit) && limit > 0 ? limit : 1);
    }
    if (over < chosenOver || (over === chosenOver && desirability[q]! < desirability[chosen]!)) {
      chosen = q;
      chosenOver = over;
    }
  }
  return chosen;
}

/** Max-heap of (regret, tiebreak) with the item and the version it was computed for. */
class RegretHeap {
  private readonly regret: number[] = [];
  private readonly tie: number[] = [];
  private readonly item: number[] = [];
  private readonly ver: number[] = [];

  get size(): number {
    return this.item.length;
  }

  push(regret: number, tie: number, item: number, version: number): void {
    this.regret.push(regret);
    this.tie.push(tie);
    this.item.push(item);
    this.ver.push(version);
    let k = this.item.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.above(k, parent)) break;
      this.swap(k, parent);
      k = parent;
    }
  }

  pop(): { item: number; version: number } {
    const top = { item: this.item[0]!, version: this.ver[0]! };
    const last = this.item.length - 1;
    this.swap(0, last);
    this.regret.pop();
    this.tie.pop();
    this.item.pop();
    this.ver.pop();
    let k = 0;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let top2 = k;
      if (l < last && this.above(l, top2)) top2 = l;
      if (r < last && this.above(r, top2)) top2 = r;
      if (top2 === k) break;
      this.swap(k, top2);
      k = top2;
    }
    return top;
  }

  private above(x: number, y: number): boolean {
    return this.regret[x]! > this.regret[y]! || (this.regret[x] === this.regret[y] && this.tie[x]! > this.tie[y]!);
  }

  private swap(x: number, y: number): void {
    swapAt(this.regret, x, y);
    swapAt(this.tie, x, y);
    swapAt(this.item, x, y);
    swapAt(this.ver, x, y);
  }
}

function swapAt(values: number[], x: number, y: number): void {
  const t = values[x]!;
  values[x] = values[y]!;
  values[y] = t;
}
