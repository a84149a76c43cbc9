/**
 * A planted solution: one plan per role that meets every hard constraint (eligibility, locks,
 * exclusions, capacity, workload band, value band). It is the proof that a generated problem is
 * feasible; the problem itself does not contain it, so the engine still has to find its own.
 */
import type { Rng } from './prng.ts';

/** An account's eligible reps of its base role, nearest first, with km and workload for each. */
export interface Candidates {
  readonly reps: readonly number[];
  readonly km: readonly number[];
  readonly workload: readonly number[];
}

/** Workload deviation from the capacity share that the planted plan aims at (the band is ±10%). */
const WORKLOAD_TARGET = 0.03;

/**
 * Workload-balanced territories for one role, from a start that is nearly balanced already:
 * `start(i)`, the placement's cell rep, or the nearest allowed rep where a lock, skill or
 * exclusion forbids it (the first candidate).
 * Repair: the rep furthest from its capacity share gives (or takes) the account whose move costs
 * the fewest km, until every rep is within WORKLOAD_TARGET or no move helps.
 * Returns the rep of each account (indexed like `cand`; -1 for accounts of other roles).
 */
export function balanceWorkload(
  accounts: readonly number[],
  cand: readonly (Candidates | undefined)[],
  reps: readonly number[],
  capacities: readonly number[],
  start: (account: number) => number,
): Int32Array {
  const load = new Float64Array(capacities.length);
  const owner = new Int32Array(cand.length).fill(-1);
  const slot = new Int32Array(cand.length);
  for (const i of accounts) {
    const c = cand[i];
    if (!c) continue;
    const k = Math.max(0, c.reps.indexOf(start(i)));
    const j = c.reps[k] ?? 0;
    owner[i] = j;
    slot[i] = k;
    load[j] = (load[j] ?? 0) + (c.workload[k] ?? 0);
  }
  const roleCapacity = reps.reduce((s, j) => s + (capacities[j] ?? 0), 0);
  const share = (j: number, total: number): number => ((capacities[j] ?? 0) / roleCapacity) * total;
  repair(accounts, cand, reps, owner, slot, load, share);
  return owner;
}

/** Single moves from the rep furthest from its share, cheapest in km first (see balanceWorkload). */
function repair(
  accounts: readonly number[],
  cand: readonly (Candidates | undefined)[],
  reps: readonly number[],
  owner: Int32Array,
  slot: Int32Array,
  load: Float64Array,
  share: (j: number, total: number) => number,
): void {
  // Who could go where: for each rep, the (account, candidate slot) pairs that name it.
  const named = new Map<number, [number, number][]>(reps.map((j) => [j, []]));
  for (const i of accounts) cand[i]?.reps.forEach((j, k) => named.get(j)?.push([i, k]));
  const owned = new Map<number, Set<number>>(reps.map((j) => [j, new Set()]));
  for (const i of accounts) owned.get(owner[i] ?? -1)?.add(i);
  let total = reps.reduce((s, j) => s + (load[j] ?? 0), 0);
  const deviation = (j: number): number => (load[j] ?? 0) / share(j, total) - 1;
  const excess = (value: number, j: number): number => Math.max(0, Math.abs(value / share(j, total) - 1) - WORKLOAD_TARGET) ** 2;
  const move = (i: number, k: number): void => {
    const c = cand[i];
    const from = owner[i] ?? -1;
    const to = c?.reps[k] ?? -1;
    const before = c?.workload[slot[i] ?? 0] ?? 0;
    const after = c?.workload[k] ?? 0;
    load[from] = (load[from] ?? 0) - before;
    load[to] = (load[to] ?? 0) + after;
    total += after - before;
    owned.get(from)?.delete(i);
    owned.get(to)?.add(i);
    owner[i] = to;
    slot[i] = k;
  };
  const stuck = new Set<number>();
  for (let round = 0; round < 50 * accounts.length; round++) {
    let worst = -1;
    let worstDev = WORKLOAD_TARGET;
    for (const j of reps) {
      if (!stuck.has(j) && Math.abs(deviation(j)) > worstDev) [worst, worstDev] = [j, Math.abs(deviation(j))];
    }
    if (worst < 0) return;
    const over = deviation(worst) > 0;
    let best: [number, number] | undefined;
    let bestKm = Infinity;
    // Overloaded: hand an account to a candidate rep. Underloaded: take one from its owner. Only
    // moves that lower the squared excess of the two reps count, so the repair does not cycle.
    let options: [number, number][] = named.get(worst) ?? [];
    if (over) {
      options = [];
      for (const i of owned.get(worst) ?? []) for (let k = 0; k < (cand[i]?.reps.length ?? 0); k++) options.push([i, k]);
    }
    for (const [i, k] of options) {
      const c = cand[i];
      const from = owner[i] ?? -1;
      const to = c?.reps[k] ?? -1;
      if (!c || from === to) continue;
      const fromLoad = (load[from] ?? 0) - (c.workload[slot[i] ?? 0] ?? 0);
      const toLoad = (load[to] ?? 0) + (c.workload[k] ?? 0);
      const before = excess(load[from] ?? 0, from) + excess(load[to] ?? 0, to);
      if (excess(fromLoad, from) + excess(toLoad, to) >= before - 1e-12) continue;
      const km = (c.km[k] ?? 0) - (c.km[slot[i] ?? 0] ?? 0);
      if (km < bestKm) [best, bestKm] = [[i, k], km];
    }
    if (!best) {
      stuck.add(worst);
      continue;
    }
    move(best[0], best[1]);
    // Loads changed around the two reps: a rep that could not move before may be able to now.
    stuck.clear();
  }
}

/**
 * Values dealt to accounts so that the plan is value-balanced too. Values were drawn without an
 * owner; within each segment, the largest value still to deal goes to a not-yet-valued account of
 * that segment in the territory lowest in value per capacity (greedy LPT). Which account of the
 * territory gets it is random, so value stays independent of place and size within a segment.
 * `pools` are each segment's values; `segmentOf` says which pool every account draws from.
 */
export function dealValues(
  owner: Int32Array,
  segmentOf: readonly string[],
  pools: ReadonlyMap<string, readonly number[]>,
  capacities: readonly number[],
  rng: Rng,
): number[] {
  const values = new Array<number>(owner.length).fill(0);
  const territoryValue = new Float64Array(capacities.length);
  for (const [segment, pool] of pools) {
    // The accounts of this segment in each territory, in random order.
    const open: number[][] = Array.from({ length: capacities.length }, () => []);
    segmentOf.forEach((s, i) => {
      const list = s === segment ? open[owner[i] ?? -1] : undefined;
      list?.splice(Math.floor(rng() * (list.length + 1)), 0, i);
    });
    const territories = open.flatMap((list, j) => (list.length > 0 ? [j] : []));
    for (const value of [...pool].sort((p, q) => q - p)) {
      let pick = -1;
      let pickRatio = Infinity;
      for (const j of territories) {
        if ((open[j]?.length ?? 0) === 0) continue;
        const ratio = (territoryValue[j] ?? 0) / (capacities[j] ?? 1);
        if (ratio < pickRatio) [pick, pickRatio] = [j, ratio];
      }
      const i = open[pick]?.pop();
      if (i === undefined) throw new Error(`no open ${segment} account for a value: pools and segments disagree`);
      values[i] = value;
      territoryValue[pick] = (territoryValue[pick] ?? 0) + value;
    }
  }
  return values;
}

/** Value deviation from the capacity share that the planted plan aims at (the band is ±20%). */
const VALUE_TARGET = 0.05;

/**
 * Tightens the plan's value balance within one role (`reps`) by swapping the values of two
 * accounts of the same segment: the segment, hence every workload, stays as it is. The rep
 * furthest above its share swaps with the rep furthest below, picking the pair whose difference is
 * closest to what evens the two out. Rewrites `values` in place.
 */
export function balanceValues(
  owner: Int32Array,
  segmentOf: readonly string[],
  values: number[],
  reps: readonly number[],
  capacities: readonly number[],
): void {
  const inRole = new Set(reps);
  const members = new Map<number, number[]>(reps.map((j) => [j, []]));
  const held = new Float64Array(capacities.length);
  owner.forEach((j, i) => {
    if (!inRole.has(j)) return;
    members.get(j)?.push(i);
    held[j] = (held[j] ?? 0) + (values[i] ?? 0);
  });
  const roleCapacity = reps.reduce((s, j) => s + (capacities[j] ?? 0), 0);
  const perCapacity = reps.reduce((s, j) => s + (held[j] ?? 0), 0) / roleCapacity; // swaps keep it
  const ratio = (j: number): number => (held[j] ?? 0) / (perCapacity * (capacities[j] ?? 1)) - 1;
  const stuck = new Set<number>();
  for (let round = 0; round < 20 * owner.length; round++) {
    let hi = -1;
    let lo = -1;
    for (const j of reps) {
      if (stuck.has(j)) continue;
      if (hi < 0 || ratio(j) > ratio(hi)) hi = j;
      if (lo < 0 || ratio(j) < ratio(lo)) lo = j;
    }
    if (hi < 0 || lo < 0 || Math.max(ratio(hi), -ratio(lo)) <= VALUE_TARGET) return;
    // The value d moved from hi to lo that equalises their ratios.
    const sHi = perCapacity * (capacities[hi] ?? 1);
    const sLo = perCapacity * (capacities[lo] ?? 1);
    const ideal = ((held[hi] ?? 0) * sLo - (held[lo] ?? 0) * sHi) / (sHi + sLo);
    let best: [number, number] | undefined;
    let bestMiss = ideal; // a swap must beat doing nothing (|d - ideal| < ideal)
    for (const a of members.get(hi) ?? []) {
      for (const b of members.get(lo) ?? []) {
        const d = (values[a] ?? 0) - (values[b] ?? 0);
        if (segmentOf[a] !== segmentOf[b] || d <= 0) continue;
        const miss = Math.abs(d - ideal);
        if (miss < bestMiss) [best, bestMiss] = [[a, b], miss];
      }
    }
    if (!best) {
      // Nothing helps this pair: leave the more extreme rep out from now on.
      stuck.add(ratio(hi) >= -ratio(lo) ? hi : lo);
      continue;
    }
    const [a, b] = best;
    const d = (values[a] ?? 0) - (values[b] ?? 0);
    [values[a], values[b]] = [values[b] ?? 0, values[a] ?? 0];
    held[hi] = (held[hi] ?? 0) - d;
    held[lo] = (held[lo] ?? 0) + d;
  }
}
