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
 */
import { findPair } from './assignment.ts';
import type { CompiledProblem } from './compile.ts';
import type { Move, MoveReason } from './result.ts';

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
  // A rep's share of its role's total, in proportion to capacity (the bands' definition).
  const share = (load: Float64Array) => {
    const roleLoad = new Float64Array(c.roles.length);
    const roleCapacity = new Float64Array(c.roles.length);
    problem.reps.forEach((rep, j) => {
      roleLoad[c.roleOfRep[j]!]! += load[j]!;
      roleCapacity[c.roleOfRep[j]!]! += rep.capacity;
    });
    return Float64Array.from(problem.reps, (rep, j) => {
      const r = c.roleOfRep[j]!;
      return roleCapacity[r]! > 0 ? (roleLoad[r]! * rep.capacity) / roleCapacity[r]! : 0;
    });
  };
  return { workload, value, workloadShare: share(workload), valueShare: share(value) };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The moves of a plan against today's alignment, each with its reason. */
export function explainMoves(c: CompiledProblem, assignment: Int32Array): Move[] {
  const { problem, model } = c;
  const now = today(c);
  const wt = problem.balance.workloadTolerance;
  const vt = problem.balance.valueTolerance;
  const out: Move[] = [];
  problem.accounts.forEach((account, i) => {
    const to = assignment[i]!;
    const from = c.current[i]!;
    if (account.currentRepId === undefined || from === to) return;
    const fromId = from >= 0 ? problem.reps[from]!.id : null;
    const toId = problem.reps[to]!.id;
    const move = (reason: MoveReason, explanation: string): void => {
      out.push({ accountId: account.id, fromRepId: fromId, toRepId: toId, reason, explanation });
    };
    const fromPair = from >= 0 ? findPair(model, i, from) : -1;
    if (fromPair < 0) {
      const why =
        from < 0 ? `current rep "${account.currentRepId}" does not exist`
        : account.lockedRepId !== undefined ? `the account is locked to ${account.lockedRepId}`
        : `${fromId} may not own this account (call pattern, skills or exclusions)`;
      move('current-rep-ineligible', why);
      return;
    }
    const fromRep = problem.reps[from]!;
    if (now.workload[from]! > fromRep.capacity) {
      move('capacity', `${fromId} carries ${Math.round(now.workload[from]!)} h/year today, above its capacity of ${fromRep.capacity} h`);
      return;
    }
    const index = (load: Float64Array, share: Float64Array, j: number) => (share[j]! > 0 ? load[j]! / share[j]! : 1);
    const fromWorkload = index(now.workload, now.workloadShare, from);
    const toWorkload = index(now.workload, now.workloadShare, to);
    if (fromWorkload > 1 + wt) {
      move('workload-band', `${fromId} is at ${pct(fromWorkload)} of its workload share today, above the band's ${pct(1 + wt)}`);
      return;
    }
    if (toWorkload < 1 - wt) {
      move('workload-band', `${toId} is at ${pct(toWorkload)} of its workload share today, below the band's ${pct(1 - wt)}`);
      return;
    }
    if (vt !== null) {
      const fromValue = index(now.value, now.valueShare, from);
      const toValue = index(now.value, now.valueShare, to);
      if (fromValue > 1 + vt) {
        move('value-band', `${fromId} holds ${pct(fromValue)} of its value share today, above the band's ${pct(1 + vt)}`);
        return;
      }
      if (toValue < 1 - vt) {
        move('value-band', `${toId} holds ${pct(toValue)} of its value share today, below the band's ${pct(1 - vt)}`);
        return;
      }
    }
    const toPair = findPair(model, i, to);
    const fromKm = c.pairKm[fromPair]!;
    const toKm = toPair >= 0 ? c.pairKm[toPair]! : fromKm;
    if (toKm < fromKm) {
      move('travel', `${toId} is ${Math.round(toKm)} km away, ${fromId} ${Math.round(fromKm)} km`);
      return;
    }
    move('rebalance', `makes room for other moves that balance ${fromId}'s and ${toId}'s roles`);
  });
  return out;
}
