/**
 * Why each account moved: the first of these that holds, judged on today's alignment (the accounts'
 * current reps) so that a rebalancing plan explains itself in the terms sales ops use.
 *
 * 1. `current-rep-ineligible`: the current rep may not own the account (role without a call pattern
 *    for its segment, missing skill, exclusion, another lock) or is unknown.
 * 2. `capacity`: the current rep's workload today is above its capacity.
 * 3. `workload-band`: the current rep is above its workload band today, or the new rep below it.
 * 4. `value-band`: the same for the value band (when there is one).
 * 5. `travel`: the new rep is nearer (the objective's travel term pays for the move).
 * 6. `rebalance`: none of the above for this account alone: it makes room for another move.
 *
 * The explanation also says where the account went and why there (move-destination.ts).
 */
import { findPair } from './assignment.ts';
import type { CompiledProblem } from './compile.ts';
import { explainDestination, planLoads } from './move-destination.ts';
import { assignableHours } from './rep-hours.ts';
import type { Move, MoveReason } from './result.ts';
import { FAMILY } from './types.ts';
import { accountLabel, band, hours, km, percent, repLabel, skills } from './wording.ts';
import { indexPatterns, ineligibilityOf, type PatternIndex } from './workload.ts';

/** Per rep: today's workload and value, and the band limits they are judged against. */
interface Today {
  readonly workload: Float64Array;
  readonly value: Float64Array;
  readonly workloadShare: Float64Array;
  readonly valueShare: Float64Array;
}

function today(c: CompiledProblem): Today {
  const { problem, model } = c;
  const R = model.agents;
  const workload = new Float64Array(R);
  const value = new Float64Array(R);
  for (let i = 0; i < model.items; i++) {
    const p = c.current[i]! >= 0 ? findPair(model, i, c.current[i]!) : -1;
    if (p < 0) continue;
    workload[c.current[i]!]! += c.pairWorkload[p]!;
    value[c.current[i]!]! += problem.accounts[i]!.value;
  }
  // A rep's share of its role's total, in proportion to its hours for accounts (the bands' definition).
  const share = (load: Float64Array) => {
    const roleLoad = new Float64Array(c.roles.length);
    const roleCapacity = new Float64Array(c.roles.length);
    problem.reps.forEach((rep, j) => {
      roleLoad[c.roleOfRep[j]!]! += load[j]!;
      roleCapacity[c.roleOfRep[j]!]! += assignableHours(rep);
    });
    return Float64Array.from(problem.reps, (rep, j) => {
      const r = c.roleOfRep[j]!;
      return roleCapacity[r]! > 0 ? (roleLoad[r]! * assignableHours(rep)) / roleCapacity[r]! : 0;
    });
  };
  return { workload, value, workloadShare: share(workload), valueShare: share(value) };
}

/** Why the current rep may not own the account, in words. */
function ineligibleText(c: CompiledProblem, patterns: PatternIndex, i: number, from: number): string {
  const { problem } = c;
  const account = problem.accounts[i]!;
  if (from < 0) return `its current rep "${account.currentRepId}" does not exist`;
  if (account.lockedRepId !== undefined) {
    const locked = problem.reps.find((r) => r.id === account.lockedRepId);
    return `it is locked to ${locked ? repLabel(locked) : account.lockedRepId}`;
  }
  const name = repLabel(problem.reps[from]!);
  const why = ineligibilityOf(problem, patterns, c.segments[i]!, i, from);
  switch (why?.kind) {
    case 'pattern':
      return `${name} is in the ${why.role} role, which has no call pattern for segment ${why.segment}`;
    case 'skill':
      return `${name} lacks ${skills(why.missing)}`;
    case 'excluded':
      return `${name} is excluded for this account`;
    case 'distance':
      return `${name} is ${Math.round(why.km)} km away, beyond the distance limit of ${why.words}`;
    case undefined:
      return `${name} may not own it`;
  }
}

/**
 * The moves of a plan against today's alignment, each with its reason and one sentence: the
 * account, why it left (the reason, judged on today) and where it went and why there (judged on
 * the plan, see move-destination.ts), with names where the problem gives them.
 */
export function explainMoves(c: CompiledProblem, assignment: Int32Array): Move[] {
  const { problem, model } = c;
  const now = today(c);
  const plan = planLoads(c, assignment);
  const patterns = indexPatterns(problem.callPatterns);
  const wt = problem.balance.workloadTolerance;
  const vt = problem.balance.valueTolerance;
  const out: Move[] = [];
  problem.accounts.forEach((account, i) => {
    const to = assignment[i]!;
    const from = c.current[i]!;
    if (account.currentRepId === undefined || from === to) return;
    const fromId = from >= 0 ? problem.reps[from]!.id : null;
    const toId = problem.reps[to]!.id;
    const move = (reason: MoveReason, why: string): void => {
      const explanation = `${accountLabel(account)}: ${why}; ${explainDestination(c, plan, patterns, i, from, to)}`;
      out.push({ accountId: account.id, fromRepId: fromId, toRepId: toId, reason, explanation });
    };
    const fromPair = from >= 0 ? findPair(model, i, from) : -1;
    if (fromPair < 0) {
      move('current-rep-ineligible', ineligibleText(c, patterns, i, from));
      return;
    }
    const fromRep = problem.reps[from]!;
    const fromName = repLabel(fromRep);
    const toName = repLabel(problem.reps[to]!);
    if (now.workload[from]! > assignableHours(fromRep)) {
      move(FAMILY.capacity, `${fromName} is over capacity today (${hours(now.workload[from]!)} of ${hours(assignableHours(fromRep))})`);
      return;
    }
    const index = (load: Float64Array, share: Float64Array, j: number) => (share[j]! > 0 ? load[j]! / share[j]! : 1);
    const fromWorkload = index(now.workload, now.workloadShare, from);
    const toWorkload = index(now.workload, now.workloadShare, to);
    if (fromWorkload > 1 + wt) {
      move(FAMILY.workloadBand, `${fromName} is above its workload band today (${percent(fromWorkload)} of its share, band ${band(wt)})`);
      return;
    }
    if (toWorkload < 1 - wt) {
      move(FAMILY.workloadBand, `leaves ${fromName} for ${toName}, which is below its workload band today (${percent(toWorkload)} of its share, band ${band(wt)})`);
      return;
    }
    if (vt !== null) {
      const fromValue = index(now.value, now.valueShare, from);
      const toValue = index(now.value, now.valueShare, to);
      if (fromValue > 1 + vt) {
        move(FAMILY.valueBand, `${fromName} is above its value band today (${percent(fromValue)} of its value share, band ${band(vt)})`);
        return;
      }
      if (toValue < 1 - vt) {
        move(FAMILY.valueBand, `leaves ${fromName} for ${toName}, which is below its value band today (${percent(toValue)} of its value share, band ${band(vt)})`);
        return;
      }
    }
    const toPair = findPair(model, i, to);
    const fromKm = c.pairKm[fromPair]!;
    const toKm = toPair >= 0 ? c.pairKm[toPair]! : fromKm;
    if (toKm < fromKm) {
      move('travel', `${fromName} is ${km(fromKm)} away`);
      return;
    }
    move('rebalance', `leaves ${fromName} to make room for other moves (no reason of its own)`);
  });
  return out;
}
