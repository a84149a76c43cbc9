/**
 * Location moves for the large CPMP path: a median moved to a nearby point, its members given to
 * the medians around them (the new one among them) and the allocation improved around both places,
 * evaluated by doing it and undoing it through the state's journal. This is the interchange of
 * Teitz & Bart (1968) restricted to nearby points, with Cooper's (1964) relocation of a median
 * within its cluster as the special case of a member; only the clusters near the move are
 * re-allocated, so a try costs a few dozen points rather than a whole plan from medians.
 */
import type { Neighbours } from './cpmp-neighbours.ts';
import type { CpmpState } from './cpmp-state.ts';
import { improveAllocation, regretAssign, wake } from './cpmp-allocate.ts';
import type { PointQueue } from './point-queue.ts';

/** A saving smaller than this is rounding (the running cost drifts by about 1e-12 per move). */
const SAVING = 1e-7;

/**
 * Closes median j and opens point c (no median), re-allocating around them. False, with the state
 * unchanged, when j's points found no room; else the move stands, better or worse (the caller
 * compares `state.cost` and undoes to its own mark).
 */
export function moveMedian(state: CpmpState, nb: Neighbours, points: PointQueue, j: number, c: number): boolean {
  const { demand, capacity } = state.instance;
  if (state.isMedian[c] || !state.isMedian[j] || capacity[c]! < demand[c]! * (1 - 1e-12)) return false;
  const mark = state.mark();
  const cluster = state.members[j]!.slice();
  for (const u of cluster) state.setAssign(u, -1);
  state.close(j);
  const from = state.assign[c]!;
  if (from >= 0) state.setAssign(c, -1);
  state.open(c);
  state.setAssign(c, c);
  const orphans = cluster.filter((u) => u !== c);
  if (!regretAssign(state, nb, orphans)) {
    state.undo(mark);
    return false;
  }
  for (const u of orphans) points.push(u);
  // The new median draws the points near it; c's old median has c's room to give.
  wake(state, nb, points, c);
  if (from >= 0 && from !== j) wake(state, nb, points, from);
  improveAllocation(state, nb, points);
  return true;
}

/**
 * First-improvement location search over the medians of `medians`: each tries moving to the
 * `tries` nearest points that are no medians; a move that saves distance stands and wakes the
 * medians near its new place. Returns when no queued median has a saving move, or `stop` says so.
 */
export function improveLocations(state: CpmpState, nb: Neighbours, points: PointQueue, medians: PointQueue, tries: number, stop: () => boolean): void {
  while (medians.size > 0) {
    const j = medians.pop();
    if (!state.isMedian[j]) continue;
    const base = j * nb.k;
    for (let r = 0, tried = 0; r < nb.k && tried < tries; r++) {
      const c = nb.near[base + r]!;
      if (state.isMedian[c]) continue;
      tried++;
      const before = state.cost;
      const mark = state.mark();
      if (!moveMedian(state, nb, points, j, c)) continue;
      if (state.cost < before - SAVING) {
        wakeMedians(state, nb, medians, c);
        break;
      }
      state.undo(mark);
    }
    if (stop()) {
      points.clear();
      return;
    }
  }
}

/** Queues median c and the medians in its list (their neighbourhood changed). */
export function wakeMedians(state: CpmpState, nb: Neighbours, medians: PointQueue, c: number): void {
  if (state.isMedian[c]) medians.push(c);
  const base = c * nb.k;
  for (let r = 0; r < nb.k; r++) if (state.isMedian[nb.near[base + r]!]) medians.push(nb.near[base + r]!);
}
