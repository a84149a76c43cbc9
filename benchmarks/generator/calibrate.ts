/**
 * Calibration: call patterns and capacities chosen so that each role's demand, with every account
 * served by its nearest eligible rep (an optimistic plan), is the target share of the role's capacity.
 */

/** Segments by the 80/20 rule, as the engine derives them (the generator never writes `segment`). */
export type Segment = 'A' | 'B' | 'C';

/**
 * A: the accounts that make up the top `aShare` of total value (the account crossing the line is
 * included), B: the next `bShare`, C: the rest. Ties in value keep input order.
 */
export function paretoSegments(values: readonly number[], aShare = 0.8, bShare = 0.15): Segment[] {
  const total = values.reduce((s, v) => s + v, 0);
  const order = values.map((_, i) => i).sort((p, q) => (values[q] ?? 0) - (values[p] ?? 0) || p - q);
  const out: Segment[] = new Array<Segment>(values.length).fill('C');
  let before = 0;
  for (const i of order) {
    out[i] = before < aShare * total ? 'A' : before < (aShare + bShare) * total ? 'B' : 'C';
    before += values[i] ?? 0;
  }
  return out;
}

/**
 * Travel hours charged per in-person visit per straight-line km (docs/architecture.md, "Workload and
 * travel").
 */
export function travelHoursPerKm(travel: { circuityFactor: number; speedKmh: number; routeSharing: number }): number {
  return (2 * travel.circuityFactor * travel.routeSharing) / travel.speedKmh;
}

export interface FieldPattern {
  readonly callsA: number;
  readonly minutesA: number;
  readonly callsB: number;
  readonly minutesB: number;
}

/** B accounts get this share of an A account's visits and of its minutes per visit. */
export const B_CALL_RATIO = 0.5;
export const B_MINUTE_RATIO = 0.75;

/**
 * Field calls and minutes for A and B such that demand = `targetHours`, with travel about
 * `travelShare` of it. `travelA`/`travelB` are the sums over A/B accounts of travel hours per visit
 * to their nearest eligible rep. Visits and minutes are whole numbers, so the result misses the
 * target by a little; capacities absorb the rest (`scaleCapacities`).
 */
export function calibrateFieldPattern(input: {
  countA: number;
  countB: number;
  travelA: number;
  travelB: number;
  targetHours: number;
  travelShare: number;
}): FieldPattern {
  const { countA, countB, travelA, travelB, targetHours, travelShare } = input;
  // Visits weighted as A = 1, B = B_CALL_RATIO; call time per visit in units of A's.
  const visitUnits = countA + B_CALL_RATIO * countB;
  const travelPerUnit = (travelA + B_CALL_RATIO * travelB) / Math.max(visitUnits, 1e-9);
  const callUnitsPerVisit = (countA + B_CALL_RATIO * B_MINUTE_RATIO * countB) / Math.max(visitUnits, 1e-9);
  // Minutes per A visit that make travel `travelShare` of the work, kept to a realistic 1 to 4 h: in
  // a dense instance travel is then a smaller share, rather than visits shrinking to half an hour.
  const wanted = ((60 * travelPerUnit * (1 - travelShare)) / travelShare) / callUnitsPerVisit;
  const minutesGuess = clamp(wanted, 60, 240);
  const hoursPerCallA = countA * (minutesGuess / 60) + travelA;
  const hoursPerCallB = countB * ((B_MINUTE_RATIO * minutesGuess) / 60) + travelB;
  const callsA = Math.max(2, Math.round(targetHours / Math.max(hoursPerCallA + B_CALL_RATIO * hoursPerCallB, 1e-9)));
  const callsB = Math.max(1, Math.round(B_CALL_RATIO * callsA));
  // With whole visits fixed, solve the minutes exactly, then round them.
  const callMinutes = callsA * countA + B_MINUTE_RATIO * callsB * countB;
  const exact = (60 * (targetHours - callsA * travelA - callsB * travelB)) / Math.max(callMinutes, 1e-9);
  const minutesA = Math.round(clamp(exact, 15, 480));
  return { callsA, minutesA, callsB, minutesB: Math.round(B_MINUTE_RATIO * minutesA) };
}

/** Phone calls per year and minutes for C such that `count` C accounts cost `targetHours`. */
export function calibratePhonePattern(count: number, targetHours: number): { calls: number; minutes: number } {
  if (count <= 0) return { calls: 12, minutes: 20 };
  const hours = targetHours / count;
  // A phone call of about 20 minutes; how often follows from the hours there are.
  const calls = Math.round(clamp((hours * 60) / 20, 1, 104));
  return { calls, minutes: Math.round(clamp((hours * 60) / calls, 5, 90)) };
}

/**
 * Capacities multiplied by one factor (then whole hours) so that `demand` is `utilization` of
 * their sum: the last, small correction after whole-number call patterns.
 */
export function scaleCapacities(capacities: readonly number[], demand: number, utilization: number): number[] {
  const total = capacities.reduce((s, v) => s + v, 0);
  const factor = total > 0 && demand > 0 ? demand / (utilization * total) : 1;
  return capacities.map((cap) => Math.max(1, Math.round(cap * factor)));
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

export interface Pattern {
  readonly calls: number;
  readonly minutes: number;
}

/**
 * The whole calibration: A/B field visits and C phone calls, then capacities, so that each role's
 * demand on the plan given by `travelPerVisit` (hours per in-person visit of account i) is
 * `utilization` of its capacity. Field reps are those with role `field`, the rest are inside.
 */
export function calibrate(input: {
  segments: readonly Segment[];
  roles: readonly string[];
  baseCapacity: readonly number[];
  utilization: number;
  travelShare: number;
  travelPerVisit: (account: number) => number;
}): { patterns: Readonly<Record<Segment, Pattern>>; capacity: number[] } {
  const { segments, roles, baseCapacity, utilization } = input;
  const count = { A: 0, B: 0, C: 0 };
  const travel = { A: 0, B: 0, C: 0 };
  segments.forEach((s, i) => {
    count[s]++;
    if (s !== 'C') travel[s] += input.travelPerVisit(i);
  });
  const fieldBase = baseCapacity.filter((_, j) => roles[j] === 'field');
  const insideBase = baseCapacity.filter((_, j) => roles[j] !== 'field');
  const total = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);
  const field = calibrateFieldPattern({
    countA: count.A, countB: count.B, travelA: travel.A, travelB: travel.B,
    targetHours: utilization * total(fieldBase), travelShare: input.travelShare,
  });
  const phone = calibratePhonePattern(count.C, utilization * total(insideBase));
  const fieldDemand = field.callsA * (travel.A + (count.A * field.minutesA) / 60) + field.callsB * (travel.B + (count.B * field.minutesB) / 60);
  const fieldCapacity = scaleCapacities(fieldBase, fieldDemand, utilization);
  const insideCapacity = scaleCapacities(insideBase, (phone.calls * phone.minutes * count.C) / 60, utilization);
  let f = 0;
  let k = 0;
  return {
    patterns: {
      A: { calls: field.callsA, minutes: field.minutesA },
      B: { calls: field.callsB, minutes: field.minutesB },
      C: { calls: phone.calls, minutes: phone.minutes },
    },
    capacity: roles.map((r) => (r === 'field' ? (fieldCapacity[f++] ?? 0) : (insideCapacity[k++] ?? 0))),
  };
}

/**
 * The safety net: where the planted plan would run some rep above `limit` of its capacity (a
 * travel-heavy instance, e.g. a continent with few reps, where balancing costs much travel), the
 * role's capacities are all raised by one factor until it does not. Bands are relative, so they
 * are unaffected; the role's nearest-plan utilisation then falls below its target.
 */
export function ensureHeadroom(capacity: number[], reps: readonly number[], load: (rep: number) => number, limit: number): void {
  const worst = Math.max(0, ...reps.map((j) => load(j) / (capacity[j] ?? 1)));
  if (worst <= limit) return;
  for (const j of reps) capacity[j] = Math.ceil(((capacity[j] ?? 0) * worst) / limit);
}
