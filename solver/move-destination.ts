/**
 * Where a moved account went and why there: "goes to Munich, 277 km away, the nearest other rep
 * with the key-account skill and room (nearer: Ulm, 180 km, lacks the key-account skill)".
 *
 * Every rep nearer to the account than its new rep (the current rep aside: the move's reason says
 * why it left) is ruled out in turn, by eligibility (role without a call pattern for the segment,
 * missing skill, exclusion) or by room in the plan (capacity, max accounts, workload and value
 * bands). Room is judged on the plan as returned, with this one account moved from its new rep to
 * the nearer one, so that each statement can be checked against the plan's own figures. When a
 * nearer rep does have room, the sentence names it and what made the plan prefer the new rep
 * (more travel cost, the new rep's band) or says that the choice comes from the plan as a whole
 * (saying so when nearness saves nothing: phone calls drive no km).
 */
import { findPair } from './assignment.ts';
import type { CompiledProblem } from './compile.ts';
import { assignableHours } from './rep-hours.ts';
import { distanceKm } from './travel.ts';
import { band, hours, km, list, percent, repLabel, skills } from './wording.ts';
import { ineligibilityOf, type Ineligibility, type PatternIndex } from './workload.ts';

/** Per rep and per role: the plan's workload, value and accounts. */
export interface PlanLoads {
  readonly workload: Float64Array;
  readonly value: Float64Array;
  readonly accounts: Float64Array;
  readonly roleWorkload: Float64Array;
  readonly roleValue: Float64Array;
  readonly roleCapacity: Float64Array;
}

export function planLoads(c: CompiledProblem, assignment: Int32Array): PlanLoads {
  const { problem, model } = c;
  const workload = new Float64Array(model.agents);
  const value = new Float64Array(model.agents);
  const accounts = new Float64Array(model.agents);
  for (let i = 0; i < model.items; i++) {
    const j = assignment[i]!;
    const p = findPair(model, i, j);
    if (p < 0) continue;
    workload[j]! += c.pairWorkload[p]!;
    value[j]! += problem.accounts[i]!.value;
    accounts[j]!++;
  }
  const roleWorkload = new Float64Array(c.roles.length);
  const roleValue = new Float64Array(c.roles.length);
  const roleCapacity = new Float64Array(c.roles.length);
  problem.reps.forEach((rep, j) => {
    const r = c.roleOfRep[j]!;
    roleWorkload[r]! += workload[j]!;
    roleValue[r]! += value[j]!;
    roleCapacity[r]! += assignableHours(rep);
  });
  return { workload, value, accounts, roleWorkload, roleValue, roleCapacity };
}

/** Why a nearer rep did not get the account. */
type RuledOut =
  | { readonly kind: 'ineligible'; readonly why: Ineligibility }
  | { readonly kind: 'capacity'; readonly left: number; readonly needs: number; readonly capacity: number }
  | { readonly kind: 'max-accounts'; readonly max: number }
  | { readonly kind: 'band'; readonly band: 'workload' | 'value'; readonly index: number; readonly tolerance: number };

/** Slack for float sums: a load this close to a limit counts as within it. */
const within = (load: number, limit: number) => load <= limit + 1e-9 * Math.max(1, Math.abs(limit));

/** One move of account `i` from its new rep `to` to the nearer rep `k`, everything else as planned. */
interface Swap {
  readonly i: number;
  readonly k: number;
  readonly pk: number;
  readonly to: number;
  readonly pto: number;
}

/** Whether rep k has room for the account in the plan, or what it lacks. */
function room(c: CompiledProblem, loads: PlanLoads, s: Swap): RuledOut | null {
  const { problem } = c;
  const rep = problem.reps[s.k]!;
  const needs = c.pairWorkload[s.pk]!;
  if (!within(loads.workload[s.k]! + needs, assignableHours(rep))) {
    return { kind: 'capacity', left: assignableHours(rep) - loads.workload[s.k]!, needs, capacity: assignableHours(rep) };
  }
  if (rep.maxAccounts !== undefined && loads.accounts[s.k]! + 1 > rep.maxAccounts) return { kind: 'max-accounts', max: rep.maxAccounts };
  const value = problem.accounts[s.i]!.value;
  const above = (name: 'workload' | 'value', tolerance: number, perRep: Float64Array, perRole: Float64Array, load: number, leaving: number): RuledOut | null => {
    const role = c.roleOfRep[s.k]!;
    // The role's total changes too: the account arrives, and leaves it when `to` shares the role.
    const total = perRole[role]! + load - (c.roleOfRep[s.to] === role ? leaving : 0);
    const share = (assignableHours(rep) * total) / loads.roleCapacity[role]!;
    const after = perRep[s.k]! + load;
    if (share <= 0 || within(after, (1 + tolerance) * share)) return null;
    return { kind: 'band', band: name, index: after / share, tolerance };
  };
  const bands = problem.balance;
  return above('workload', bands.workloadTolerance, loads.workload, loads.roleWorkload, needs, c.pairWorkload[s.pto]!)
    ?? (bands.valueTolerance !== null ? above('value', bands.valueTolerance, loads.value, loads.roleValue, value, value) : null);
}

/** Why the plan keeps the account with `to` although the nearer rep k has room. */
function preference(c: CompiledProblem, loads: PlanLoads, patterns: PatternIndex, s: Swap): string {
  const { problem, model } = c;
  const toName = repLabel(problem.reps[s.to]!);
  // Disruption is the same for both (neither is the current rep), so a dearer pair is dearer travel.
  if (model.pairCost[s.pk]! > model.pairCost[s.pto]! + 1e-9 * Math.max(1, model.pairCost[s.pto]!)) {
    const measure = problem.objective.travel === 'visits' ? c.pairTravelKm : c.pairKm;
    const unit = problem.objective.travel === 'visits' ? ' a year' : '';
    return `but would cost more travel (${km(measure[s.pk]!)} vs ${km(measure[s.pto]!)}${unit})`;
  }
  const below = (name: 'workload' | 'value', tolerance: number, perRep: Float64Array, perRole: Float64Array, load: number, arriving: number): string | null => {
    const role = c.roleOfRep[s.to]!;
    const total = perRole[role]! - load + (c.roleOfRep[s.k] === role ? arriving : 0);
    const share = (assignableHours(problem.reps[s.to]!) * total) / loads.roleCapacity[role]!;
    const after = perRep[s.to]! - load;
    if (share <= 0 || within((1 - tolerance) * share, after)) return null;
    return `but without it ${toName} would fall below its ${name} band (${percent(after / share)} of its share, band ${band(tolerance)})`;
  };
  const bands = problem.balance;
  const value = problem.accounts[s.i]!.value;
  return below('workload', bands.workloadTolerance, loads.workload, loads.roleWorkload, c.pairWorkload[s.pto]!, c.pairWorkload[s.pk]!)
    ?? (bands.valueTolerance !== null ? below('value', bands.valueTolerance, loads.value, loads.roleValue, value, value) : null)
    ?? `but ${sameCost(c, patterns, s) ?? 'the plan as a whole, not this account alone,'} puts it with ${toName}`;
}

/**
 * Why being nearer saves nothing, when it does not: travel without weight, or calls that are not
 * visits (annual km driven is the travel measure, and phone calls drive none). Null otherwise.
 */
function sameCost(c: CompiledProblem, patterns: PatternIndex, s: Swap): string | null {
  const { problem, model } = c;
  if (Math.abs(model.pairCost[s.pk]! - model.pairCost[s.pto]!) > 1e-9 * Math.max(1, Math.abs(model.pairCost[s.pto]!))) return null;
  if (problem.objective.travelWeight === 0) return 'travel has no weight in the objective: the plan as a whole';
  if (problem.objective.travel !== 'visits') return null;
  const channel = (j: number) => patterns.get(c.segments[s.i]!)?.get(problem.reps[j]!.role)?.channel;
  const channels = [...new Set([channel(s.k), channel(s.to)])];
  if (channels.some((ch) => ch === undefined || ch === 'in_person')) return null;
  return `${list(channels as string[])} calls drive no km: the plan as a whole`;
}

function ruledOutText(r: RuledOut): string {
  switch (r.kind) {
    case 'ineligible':
      switch (r.why.kind) {
        case 'pattern':
          return `is in the ${r.why.role} role, which has no call pattern for segment ${r.why.segment}`;
        case 'skill':
          return `lacks ${skills(r.why.missing)}`;
        case 'excluded':
          return 'is excluded for this account';
        case 'distance':
          return `is ${Math.round(r.why.km)} km away, beyond the distance limit of ${r.why.words}`;
      }
      break;
    case 'capacity':
      return `has ${hours(Math.max(0, r.left))} of ${hours(r.capacity)} left and needs ${hours(r.needs)}`;
    case 'max-accounts':
      return `already has its maximum of ${r.max} accounts`;
    case 'band':
      return `would go to ${percent(r.index)} of its ${r.band} share, above the band's ${percent(1 + r.tolerance)}`;
  }
}

/** The nearer reps named in full; the rest are counted. */
const NAMED = 2;

/**
 * "goes to <rep>, <km> away, <why there>" for account i moved from rep `from` (-1: none known)
 * to rep `to`. Locked accounts get no "why there": the move's reason already names the lock.
 */
export function explainDestination(c: CompiledProblem, loads: PlanLoads, patterns: PatternIndex, i: number, from: number, to: number): string {
  const { problem, model } = c;
  const account = problem.accounts[i]!;
  const dest = problem.reps[to]!;
  // The account's pairs by rep, so that each rep's pair is found once (national models: 500 reps).
  const pairOf = new Map<number, number>();
  for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) pairOf.set(model.pairAgent[p]!, p);
  const pto = pairOf.get(to)!;
  const toKm = c.pairKm[pto]!;
  const head = `goes to ${repLabel(dest)}, ${km(toKm)} away`;
  if (account.lockedRepId !== undefined) return head;

  const distance = (k: number) => (pairOf.has(k) ? c.pairKm[pairOf.get(k)!]! : distanceKm(problem, i, k));
  const nearer = problem.reps
    .map((_, k) => ({ k, d: distance(k) }))
    .filter(({ k, d }) => k !== from && k !== to && d < toKm - 1e-6)
    .sort((a, b) => a.d - b.d || a.k - b.k);

  const ruledOut: Array<{ k: number; d: number; r: RuledOut }> = [];
  for (const { k, d } of nearer) {
    const pk = pairOf.get(k);
    if (pk === undefined) {
      const why = ineligibilityOf(problem, patterns, c.segments[i]!, i, k);
      // Without a pair and without an eligibility reason the rep is outside a lock; not the case here.
      if (why !== null) ruledOut.push({ k, d, r: { kind: 'ineligible', why } });
      continue;
    }
    const swap = { i, k, pk, to, pto };
    const r = room(c, loads, swap);
    if (r === null) return `${head}; nearer ${repLabel(problem.reps[k]!)}, ${km(d)}, has room, ${preference(c, loads, patterns, swap)}`;
    ruledOut.push({ k, d, r });
  }

  const other = from >= 0 && distance(from) <= toKm ? ' other' : '';
  const why = (kind: Ineligibility['kind']) => ruledOut.flatMap(({ r }) => (r.kind === 'ineligible' && r.why.kind === kind ? [r.why] : []));
  const byRole = why('pattern').length > 0;
  // "the nearest field rep" holds when every nearer rep of a role that may serve the account is of
  // the new rep's role; otherwise the role that made it eligible is named as a call pattern.
  const sameRole = ruledOut.every(({ k, r }) => (r.kind === 'ineligible' && r.why.kind === 'pattern') || problem.reps[k]!.role === dest.role);
  const withParts: string[] = [];
  if (byRole && !sameRole) withParts.push(`a call pattern for segment ${c.segments[i]!}`);
  const missing = [...new Set(why('skill').flatMap((w) => (w.kind === 'skill' ? w.missing : [])))];
  if (missing.length > 0) withParts.push(skills(missing));
  if (ruledOut.some(({ r }) => r.kind !== 'ineligible')) withParts.push('room');
  const role = byRole && sameRole ? ` ${dest.role}` : '';
  const withText = withParts.length > 0 ? ` with ${list(withParts)}` : '';
  const notExcluded = why('excluded').length > 0 ? ' that the account does not exclude' : '';
  // Reps of a role that never calls on the segment are covered by the role named above; listing
  // them would fill the sentence with the other role's reps (inside reps near every field account).
  const listed = ruledOut.filter(({ r }) => !(r.kind === 'ineligible' && r.why.kind === 'pattern'));
  const named = listed.slice(0, NAMED).map(({ k, d, r }) => `${repLabel(problem.reps[k]!)}, ${km(d)}, ${ruledOutText(r)}`);
  if (listed.length > NAMED) named.push(`${listed.length - NAMED} more`);
  const detail = named.length > 0 ? ` (nearer: ${named.join('; ')})` : '';
  return `${head}, the nearest${other}${role} rep${withText}${notExcluded}${detail}`;
}
