/**
 * Allocation for the large CPMP path, the medians given: a regret greedy (the point that would lose
 * most by not getting its nearest median with room goes first, after Martello & Toth's rule for the
 * generalised assignment problem), then shifts and ejections while they save distance, all over the
 * neighbour lists: a point looks only at the medians among its nearest points (and at all medians
 * only when none of those has room), so one pass costs n k rather than n p, and the dense pairwise
 * swap of the small path (n^2) is replaced by swaps with the members of nearby medians.
 */
import type { Neighbours } from './cpmp-neighbours.ts';
import { listRadius } from './cpmp-neighbours.ts';
import type { CpmpState } from './cpmp-state.ts';
import { PointQueue } from './point-queue.ts';

/** Below this a change in distance is rounding, not a saving. */
const EPS = 1e-9;

// The last `choose` call's answer (module scratch: no object per call in the inner loops).
let first = -1;
let d1 = Infinity;
let d2 = Infinity;

/**
 * The nearest median of i with room for it and the distance to the second such: from i's list;
 * beyond it the second is at least the list's radius away; when none in the list has room, the
 * nearest of all medians that has (d2 then Infinity: the point is urgent).
 */
function choose(state: CpmpState, nb: Neighbours, i: number): void {
  const q = state.instance.demand[i]!;
  const base = i * nb.k;
  first = -1;
  d1 = d2 = Infinity;
  for (let r = 0; r < nb.k; r++) {
    const j = nb.near[base + r]!;
    if (!state.isMedian[j] || !state.fits(j, q)) continue;
    if (first < 0) {
      first = j;
      d1 = nb.dist[base + r]!;
    } else {
      d2 = nb.dist[base + r]!;
      break;
    }
  }
  state.work += nb.k;
  if (first >= 0) {
    if (d2 === Infinity) d2 = Math.max(d1, listRadius(nb, i));
    return;
  }
  for (let m = 0; m < state.medianCount; m++) {
    const j = state.medianList[m]!;
    if (!state.fits(j, q)) continue;
    const d = state.instance.distance(i, j);
    if (d < d1) [first, d1] = [j, d];
  }
  state.work += state.medianCount;
}

/**
 * Gives every point of `points` (all unassigned, none a median) a median with room, the largest
 * regret first (re-read lazily: a point whose regret fell since it was queued goes back in), making
 * room by moving one member of a nearby median elsewhere when no median has room. False when some
 * point found none (the state then holds a partial assignment: undo it).
 */
export function regretAssign(state: CpmpState, nb: Neighbours, points: ArrayLike<number>): boolean {
  const heap = new RegretHeap();
  for (let t = 0; t < points.length; t++) {
    const i = points[t]!;
    choose(state, nb, i);
    heap.push(key(state, i), i);
  }
  while (heap.size > 0) {
    const stale = heap.topKey();
    const i = heap.pop();
    choose(state, nb, i);
    const now = key(state, i);
    if (first >= 0 && now < stale - EPS && heap.size > 0 && now < heap.topKey()) {
      heap.push(now, i);
      continue;
    }
    if (first >= 0) state.setAssign(i, first);
    else if (!makeRoom(state, nb, i)) return false;
  }
  return true;
}

/** The heap key: the regret, urgent points (no second choice) first, larger demand first among those. */
function key(state: CpmpState, i: number): number {
  return first < 0 || d2 === Infinity ? 1e15 + state.instance.demand[i]! : d2 - d1;
}

/**
 * Places i at a median b that is full, moving one of b's members k to another median with room:
 * the cheapest such pair over i's list, or over all medians when the list has none.
 */
function makeRoom(state: CpmpState, nb: Neighbours, i: number): boolean {
  const { demand, capacity } = state.instance;
  const q = demand[i]!;
  let best = Infinity;
  let bestB = -1;
  let bestK = -1;
  let bestC = -1;
  const tryMedian = (b: number, db: number) => {
    for (const k of state.members[b]!) {
      if (k === b || state.load[b]! - demand[k]! + q > capacity[b]! * (1 + 1e-9)) continue;
      const base = k * nb.k;
      for (let r = 0; r < nb.k; r++) {
        const c = nb.near[base + r]!;
        if (c === b || !state.isMedian[c] || !state.fits(c, demand[k]!)) continue;
        const cost = db + nb.dist[base + r]! - state.dist[k]!;
        if (cost < best) [best, bestB, bestK, bestC] = [cost, b, k, c];
        break;
      }
      state.work += nb.k;
    }
  };
  const base = i * nb.k;
  for (let r = 0; r < nb.k; r++) if (state.isMedian[nb.near[base + r]!]) tryMedian(nb.near[base + r]!, nb.dist[base + r]!);
  if (bestB < 0) for (let m = 0; m < state.medianCount; m++) tryMedian(state.medianList[m]!, state.instance.distance(i, state.medianList[m]!));
  if (bestB < 0) return false;
  state.setAssign(bestK, bestC);
  state.setAssign(i, bestB);
  return true;
}

/**
 * Moves the points of `queue` while a move saves distance: a shift to a nearer median with room,
 * or, to a nearer median that is full, an ejection (one of its members goes to its own nearest
 * median with room, or to the point's old median: a swap). A moved point and the points that could
 * now use the room freed are queued again. Every applied move keeps the capacities. Stops early
 * when `stop` says so (polled every few dozen moves).
 */
export function improveAllocation(state: CpmpState, nb: Neighbours, queue: PointQueue, stop: () => boolean = () => false): void {
  let moves = 0;
  while (queue.size > 0) {
    const i = queue.pop();
    if (state.isMedian[i] || state.assign[i]! < 0) continue;
    const from = state.assign[i]!;
    const freed = improvePoint(state, nb, i);
    if (freed < 0) continue;
    queue.push(i);
    wake(state, nb, queue, from);
    if (freed !== from) wake(state, nb, queue, freed);
    if ((++moves & 31) === 0 && stop()) return;
  }
}

/** Queues the points that have median m in their list nearer than their own median (m has more room now). */
export function wake(state: CpmpState, nb: Neighbours, queue: PointQueue, m: number): void {
  for (let e = nb.revStart[m]!; e < nb.revStart[m + 1]!; e++) {
    const i = nb.revPoint[e]!;
    if (nb.revDist[e]! < state.dist[i]! - EPS && !state.isMedian[i]) queue.push(i);
  }
  state.work += nb.revStart[m + 1]! - nb.revStart[m]!;
}

/**
 * The best shift or ejection of point i, applied when it saves distance. Returns the median that
 * lost load to it besides i's old one (the full median when its member left and i came in with
 * less, else i's old median), or -1 when nothing was applied.
 */
function improvePoint(state: CpmpState, nb: Neighbours, i: number): number {
  const { demand, capacity } = state.instance;
  const q = demand[i]!;
  const a = state.assign[i]!;
  const da = state.dist[i]!;
  const base = i * nb.k;
  let best = -EPS;
  let to = -1;
  let kick = -1;
  let kickTo = -1;
  for (let r = 0; r < nb.k; r++) {
    const b = nb.near[base + r]!;
    const db = nb.dist[base + r]!;
    if (db >= da - EPS) break;
    if (!state.isMedian[b] || b === a) continue;
    if (state.fits(b, q)) {
      // The nearest median with room: no later shift is cheaper, and nearer full ones were tried.
      if (db - da < best) [best, to, kick, kickTo] = [db - da, b, -1, -1];
      break;
    }
    for (const k of state.members[b]!) {
      if (k === b || state.load[b]! - demand[k]! + q > capacity[b]! * (1 + 1e-9)) continue;
      const gain = db - da - state.dist[k]!;
      // k back to i's old median (a swap), if it fits once i has left.
      if (state.load[a]! - q + demand[k]! <= capacity[a]! * (1 + 1e-9)) {
        const cost = gain + state.instance.distance(k, a);
        if (cost < best) [best, to, kick, kickTo] = [cost, b, k, a];
      }
      const kb = k * nb.k;
      for (let s = 0; s < nb.k; s++) {
        const c = nb.near[kb + s]!;
        const cost = gain + nb.dist[kb + s]!;
        if (cost >= best) break;
        if (c === b || c === a || !state.isMedian[c] || !state.fits(c, demand[k]!)) continue;
        [best, to, kick, kickTo] = [cost, b, k, c];
        break;
      }
      state.work += nb.k;
    }
  }
  state.work += nb.k;
  if (to < 0) return -1;
  if (kick >= 0) state.setAssign(kick, kickTo);
  state.setAssign(i, to);
  return kick >= 0 && demand[kick]! > q ? to : a;
}

/** A max-heap of (regret, point). */
class RegretHeap {
  private readonly keys: number[] = [];
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  topKey(): number {
    return this.keys[0]!;
  }

  push(k: number, item: number): void {
    let at = this.items.length;
    this.keys.push(k);
    this.items.push(item);
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (this.keys[up]! >= k) break;
      this.keys[at] = this.keys[up]!;
      this.items[at] = this.items[up]!;
      at = up;
    }
    this.keys[at] = k;
    this.items[at] = item;
  }

  pop(): number {
    const top = this.items[0]!;
    const k = this.keys.pop()!;
    const item = this.items.pop()!;
    const size = this.items.length;
    if (size === 0) return top;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && this.keys[child + 1]! > this.keys[child]!) child++;
      if (this.keys[child]! <= k) break;
      this.keys[at] = this.keys[child]!;
      this.items[at] = this.items[child]!;
      at = child;
    }
    this.keys[at] = k;
    this.items[at] = item;
    return top;
  }
}
