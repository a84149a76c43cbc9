/**
 * The current alignment and the hard constraints that refer to it: who owns each account today,
 * which accounts are locked to their rep, and which exclude a rep.
 */
import { nearestCandidates, type UnitVectors } from './geo.ts';
import type { Rng } from './prng.ts';

export interface AlignmentRates {
  /** Share of accounts owned today by their 2nd / 3rd nearest eligible rep (history is messy). */
  readonly secondNearest: number;
  readonly thirdNearest: number;
  /** Share of accounts locked to their current rep. */
  readonly lock: number;
  /** Share of accounts that exclude one rep (always the 2nd nearest, never the nearest). */
  readonly exclusion: number;
}

export interface Alignment {
  /** Eligible reps of each account, nearest first (up to `k`). */
  readonly nearest: readonly (readonly number[])[];
  readonly current: readonly number[];
  readonly locked: readonly boolean[];
  readonly excluded: readonly (number | undefined)[];
}

/**
 * `groups`: per role, the accounts it serves in the base plan and its reps; `eligible(i, j)` adds
 * the skill check. Current reps are drawn among the 3 nearest; `k` (>= 3) nearest are returned.
 */
export function drawAlignment(
  points: UnitVectors,
  sites: UnitVectors,
  groups: readonly { readonly accounts: readonly number[]; readonly reps: readonly number[] }[],
  eligible: (account: number, rep: number) => boolean,
  rates: AlignmentRates,
  k: number,
  rng: Rng,
): Alignment {
  const n = points.x.length;
  const nearest: number[][] = Array.from({ length: n }, () => []);
  for (const { accounts, reps } of groups) {
    const pick = (a: Float64Array): Float64Array => Float64Array.from(accounts, (i) => a[i] ?? 0);
    const sub = { x: pick(points.x), y: pick(points.y), z: pick(points.z) };
    const found = nearestCandidates(sub, sites, reps, k, (p, j) => eligible(accounts[p] ?? 0, j));
    accounts.forEach((i, p) => (nearest[i] = found[p] ?? []));
  }
  const current: number[] = [];
  const locked: boolean[] = [];
  const excluded: (number | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const top = nearest[i] ?? [];
    const r = rng();
    const rank = r < rates.thirdNearest ? 2 : r < rates.thirdNearest + rates.secondNearest ? 1 : 0;
    const pick = top[Math.min(rank, top.length - 1)] ?? 0;
    current.push(pick);
    const isLocked = rng() < rates.lock;
    locked.push(isLocked);
    // Excluding only a non-nearest rep keeps the calibrated (nearest-rep) plan available.
    const second = top[1];
    const excludes = !isLocked && pick === top[0] && second !== undefined && rng() < rates.exclusion;
    excluded.push(excludes ? second : undefined);
  }
  return { nearest, current, locked, excluded };
}
