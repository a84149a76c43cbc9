/**
 * Distance limits (docs/problem-format.md, "limits"; docs/architecture.md, "Distance limits"): the
 * rule that applies to one (account segment, rep role) pair, field by field the most specific of
 * segment > role > global, and the road km beyond it.
 */
import type { Problem } from './problem.ts';

/** The limit that applies to a pair, in road km, with its mode and penalty. */
export interface PairLimit {
  /** Most road km: min(maxDistanceKm, maxTravelMinutes / 60 x speedKmh). */
  readonly limitKm: number;
  readonly mode: 'hard' | 'soft';
  readonly penaltyPerKm: number;
  /** What sets it, for messages: "80 km", "90 min". */
  readonly words: string;
}

export const DEFAULT_PENALTY_PER_KM = 100;

/** The limit for an account of `segment` owned by a rep of `role`, or null when none applies. */
export function pairLimit(problem: Problem, segment: string, role: string): PairLimit | null {
  const limits = problem.limits;
  if (!limits) return null;
  const levels = [limits.bySegment?.[segment], limits.byRole?.[role], limits];
  const pick = <K extends 'maxDistanceKm' | 'maxTravelMinutes' | 'mode' | 'penaltyPerKm'>(k: K) => {
    for (const level of levels) if (level?.[k] !== undefined) return level[k];
    return undefined;
  };
  const maxKm = pick('maxDistanceKm');
  const maxMinutes = pick('maxTravelMinutes');
  if (maxKm === undefined && maxMinutes === undefined) return null;
  const byTime = maxMinutes === undefined ? Infinity : (maxMinutes / 60) * problem.travel.speedKmh;
  const byKm = maxKm ?? Infinity;
  const limitKm = Math.min(byKm, byTime);
  const words = byKm <= byTime ? `${maxKm} km` : `${maxMinutes} min (${Math.round(byTime)} km)`;
  return { limitKm, mode: pick('mode') ?? 'hard', penaltyPerKm: pick('penaltyPerKm') ?? DEFAULT_PENALTY_PER_KM, words };
}

/** Road km of a pair: the model's km (matrix or haversine) x circuityFactor. */
export function roadKm(problem: Problem, km: number): number {
  return km * problem.travel.circuityFactor;
}
