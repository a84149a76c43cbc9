/**
 * What a rep can carry in any plan, for the diagnoses that count accounts which cannot stay: its
 * capacity families (hours, maxAccounts) and the ceiling each hard band puts on it. Also the
 * wording the diagnoses share (numbers, rep labels, amounts in a limit's unit).
 */
import type { AssignmentModel } from './assignment.ts';
import type { Problem } from './problem.ts';
import type { ForcedTerritory } from './result.ts';
import { FAMILY } from './types.ts';

export const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Loads are compared with this relative slack, to forgive floating-point noise only. */
const SLACK = 1e-9;

export const exceeds = (load: number, limit: number) => load > limit + SLACK * Math.max(1, Math.abs(limit));

/** A per-rep limit: no plan gives rep a more than `limit[a]` of `load`. */
export interface RepLimit {
  readonly kind: ForcedTerritory['limit'];
  readonly unit: ForcedTerritory['unit'];
  /** Load of each pair. */
  readonly load: Float64Array;
  /** Per rep; Infinity for none. */
  readonly limit: Float64Array;
  /** Hard bands: the tolerance, for the wording. */
  readonly tolerance?: number;
}

/**
 * The capacity families as they are, and each hard band as a ceiling. A band keeps a rep within
 * (1 + t) x its weight share of its group's total, and that total is at most every item at its
 * heaviest pair in the group; so (1 + t) x share of that largest total bounds the rep in every plan.
 * Soft bands are no limit.
 */
export function repLimits(model: AssignmentModel): RepLimit[] {
  // Takeovers count arrivals, not what a rep carries: diagnosed on their own (diagnose-handoffs.ts).
  const out: RepLimit[] = model.capacities.filter((f) => f.name !== FAMILY.maxTakeovers).map((f) => ({
    kind: f.name === FAMILY.maxAccounts ? FAMILY.maxAccounts : FAMILY.capacity,
    unit: f.name === FAMILY.maxAccounts ? 'accounts' : 'hours',
    load: f.load,
    limit: f.limit,
  }));
  for (const band of model.bands) {
    if (band.penalty !== null) continue;
    const groups = Math.max(-1, ...band.group) + 1;
    const most = new Float64Array(groups);
    const weight = new Float64Array(groups);
    for (let a = 0; a < model.agents; a++) if (band.group[a]! >= 0) weight[band.group[a]!]! += band.weight[a]!;
    const heaviest = new Float64Array(groups);
    for (let i = 0; i < model.items; i++) {
      heaviest.fill(0);
      for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
        const g = band.group[model.pairAgent[p]!]!;
        if (g >= 0) heaviest[g] = Math.max(heaviest[g]!, band.load[p]!);
      }
      for (let g = 0; g < groups; g++) most[g]! += heaviest[g]!;
    }
    const limit = Float64Array.from({ length: model.agents }, (_, a) => {
      const g = band.group[a]!;
      return g < 0 || weight[g]! <= 0 ? Infinity : ((1 + band.tolerance) * band.weight[a]! * most[g]!) / weight[g]!;
    });
    const value = band.name === FAMILY.valueBand;
    out.push({ kind: value ? FAMILY.valueBand : FAMILY.workloadBand, unit: value ? 'value' : 'hours', load: band.load, limit, tolerance: band.tolerance });
  }
  return out;
}

/**
 * The fewest of `movable` loads to take away so that `fixed` plus the rest fits `limit`: the
 * heaviest first, which is optimal for one limit. Null when even all of them do not suffice.
 */
export function fewestToLeave(movable: readonly number[], fixed: number, limit: number): number | null {
  const sorted = [...movable].sort((a, b) => b - a);
  let load = fixed + sorted.reduce((s, x) => s + x, 0);
  let k = 0;
  while (exceeds(load, limit)) {
    if (k === sorted.length) return null;
    load -= sorted[k++]!;
  }
  return k;
}

/** A tolerance as people write it: 0.1 -> "10%", 0.125 -> "12.5%". */
export const percent = (t: number) => `${fmt(t * 100, 1).replace(/\.0$/, '')}%`;

/** A rep as a sales leader knows it: "Stuttgart (r3)", or the id alone without a name. */
export function repLabel(problem: Problem, j: number): string {
  const rep = problem.reps[j]!;
  return rep.name !== undefined ? `${rep.name} (${rep.id})` : rep.id;
}

/** An amount in a limit's unit: "2,100 h", "12 accounts", "4,500 of value". */
export function amount(x: number, unit: ForcedTerritory['unit']): string {
  if (unit === 'hours') return `${fmt(x)} h`;
  if (unit === 'accounts') return `${fmt(x)} account${x === 1 ? '' : 's'}`;
  return `${fmt(x)} of value`;
}

/** What the limit is, for a sentence: "capacity 1,720 h", "maxAccounts 10", "at most 440 h under its ±10% workload band". */
export function limitPhrase(limit: RepLimit, max: number): string {
  if (limit.kind === FAMILY.capacity) return `capacity ${amount(max, 'hours')}`;
  if (limit.kind === FAMILY.maxAccounts) return `maxAccounts ${fmt(max)}`;
  const what = limit.kind === FAMILY.valueBand ? 'value' : 'workload';
  return `at most ${amount(max, limit.unit)} under its ±${percent(limit.tolerance ?? 0)} ${what} band in any plan`;
}
