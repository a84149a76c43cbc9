/**
 * Why the per-territory limits on handoffs and takeovers (`reps[].maxHandoffs`, `maxTakeovers`)
 * admit no plan, naming the rep and its limit. First what needs no solver: a rep whose current
 * accounts cannot all stay (they may not stay with it, or it cannot carry them in any plan) beyond
 * its maxHandoffs, a rep to whom more accounts of other reps are tied (locks, a single eligible rep)
 * than its maxTakeovers. Then, when the problem without these limits has a plan, the plan with the
 * fewest handoffs and takeovers at the limited reps shows which limits it still breaks.
 */
import type { AssignmentModel } from './assignment.ts';
import type { RelaxationSolution } from './backends/highs.ts';
import type { CompiledProblem } from './compile.ts';
import { fewestToLeave, fmt, limitPhrase, repLabel, repLimits } from './diagnose-limits.ts';
import type { Diagnosis } from './result.ts';
import { FAMILY } from './types.ts';

const accounts = (n: number) => `${fmt(n)} account${n === 1 ? '' : 's'}`;

/** Sound: every plan breaks the limits found here. */
export function handoffStructural(c: CompiledProblem): Diagnosis[] {
  const { problem, model } = c;
  const out: Diagnosis[] = [];
  const limits = repLimits(model);
  problem.reps.forEach((rep, j) => {
    if (rep.maxHandoffs !== undefined) {
      // j's current accounts: those it may not keep must go; of the rest, those with j as their only rep stay.
      let cannotStay = 0;
      let total = 0;
      const fixed: number[] = [];
      const movable: number[] = [];
      for (let i = 0; i < model.items; i++) {
        if (c.current[i] !== j) continue;
        total++;
        let stay = -1;
        for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) if (model.pairAgent[p] === j) stay = p;
        if (stay < 0) cannotStay++;
        else (model.pairStart[i + 1]! - model.pairStart[i]! === 1 ? fixed : movable).push(stay);
      }
      // Accounts coming in only add load: the fewest that must leave for j to fit each limit.
      let worst = 0;
      let why = '';
      for (const limit of limits) {
        const max = limit.limit[j]!;
        const stuck = fixed.reduce((s, p) => s + limit.load[p]!, 0);
        const mustLeave = fewestToLeave(movable.map((p) => limit.load[p]!), stuck, max) ?? movable.length;
        if (mustLeave > worst) [worst, why] = [mustLeave, `${fmt(mustLeave)} to keep within ${limitPhrase(limit, max)}`];
      }
      const forced = cannotStay + worst;
      if (forced > rep.maxHandoffs) {
        const parts = [...(cannotStay > 0 ? [`${fmt(cannotStay)} may not stay with it (a lock elsewhere, skills, exclusions, call patterns or a distance limit)`] : []), ...(worst > 0 ? [why] : [])];
        out.push({
          family: FAMILY.maxHandoffs,
          message: `${repLabel(problem, j)} must hand off at least ${accounts(forced)} of its ${fmt(total)} current accounts, but its maxHandoffs is ${fmt(rep.maxHandoffs)}: ${parts.join('; ')}`,
          shortfall: forced - rep.maxHandoffs,
          unit: 'accounts',
          ids: [rep.id],
        });
      }
    }
    if (rep.maxTakeovers !== undefined) {
      // Accounts of other reps that only j may own are takeovers in every plan.
      let locked = 0;
      let single = 0;
      for (let i = 0; i < model.items; i++) {
        const p = model.pairStart[i]!;
        if (model.pairStart[i + 1]! - p !== 1 || model.pairAgent[p] !== j || c.current[i]! < 0 || c.current[i] === j) continue;
        if (problem.accounts[i]!.lockedRepId !== undefined) locked++;
        else single++;
      }
      if (locked + single > rep.maxTakeovers) {
        const parts = [...(locked > 0 ? [`${fmt(locked)} locked to it`] : []), ...(single > 0 ? [`${fmt(single)} with no other eligible rep`] : [])];
        out.push({
          family: FAMILY.maxTakeovers,
          message: `${repLabel(problem, j)} must take over at least ${accounts(locked + single)} that belong to other reps today and can only go to it (${parts.join(', ')}), but its maxTakeovers is ${fmt(rep.maxTakeovers)}`,
          shortfall: locked + single - rep.maxTakeovers,
          unit: 'accounts',
          ids: [rep.id],
        });
      }
    }
  });
  return out;
}

/** The model without the handoff and takeover limits. */
export function withoutHandoffLimits(model: AssignmentModel): AssignmentModel {
  return {
    ...model,
    capacities: model.capacities.filter((f) => f.name !== FAMILY.maxTakeovers),
    sideConstraints: model.sideConstraints.filter((s) => s.name !== FAMILY.maxHandoffs),
  };
}

export function hasHandoffLimits(model: AssignmentModel): boolean {
  return model.capacities.some((f) => f.name === FAMILY.maxTakeovers) || model.sideConstraints.some((s) => s.name === FAMILY.maxHandoffs);
}

/**
 * `free` is the model without the limits (the caller knows that with them there is no plan).
 * `binding`: one diagnosis per rep and limit that the plan found with the fewest handoffs and
 * takeovers at the limited reps still breaks (some limit must break: that plan keeps all else).
 * `not-alone`: `free` has no plan either. `unknown`: no plan without the limits was found in time.
 */
export async function handoffDiagnosis(
  c: CompiledProblem,
  free: AssignmentModel,
  run: (m: AssignmentModel, how: { readonly mipGap?: number }) => Promise<RelaxationSolution>,
): Promise<{ readonly kind: 'binding'; readonly diagnoses: Diagnosis[] } | { readonly kind: 'not-alone' | 'unknown' }> {
  const { problem } = c;
  const cost = new Float64Array(free.pairCost.length);
  for (let i = 0; i < free.items; i++) {
    const cur = c.current[i]!;
    if (cur < 0) continue;
    for (let p = free.pairStart[i]!; p < free.pairStart[i + 1]!; p++) {
      const j = free.pairAgent[p]!;
      if (j === cur) continue;
      cost[p] = (problem.reps[cur]!.maxHandoffs !== undefined ? 1 : 0) + (problem.reps[j]!.maxTakeovers !== undefined ? 1 : 0);
    }
  }
  // Exact on the models the exact path proves; a time-limited incumbent is still a plan that breaks a limit.
  const best = await run({ ...free, pairCost: cost }, { mipGap: free.pairAgent.length <= 20_000 ? 0 : 0.01 });
  if (best.status === 'infeasible') return { kind: 'not-alone' };
  if (!best.assignment) return { kind: 'unknown' };
  const handoffs = new Int32Array(free.agents);
  const takeovers = new Int32Array(free.agents);
  best.assignment.forEach((j, i) => {
    const cur = c.current[i]!;
    if (cur < 0 || j === cur) return;
    handoffs[cur]!++;
    takeovers[j]!++;
  });
  const plan = 'a plan exists without the handoff and takeover limits, and the one found with the fewest handoffs and takeovers at the limited reps still has';
  const out: Diagnosis[] = [];
  problem.reps.forEach((rep, j) => {
    const label = repLabel(problem, j);
    if (rep.maxHandoffs !== undefined && handoffs[j]! > rep.maxHandoffs) {
      out.push({ family: FAMILY.maxHandoffs, message: `${label} cannot keep to its maxHandoffs ${fmt(rep.maxHandoffs)}: ${plan} it hand off ${accounts(handoffs[j]!)}`, shortfall: handoffs[j]! - rep.maxHandoffs, unit: 'accounts', ids: [rep.id] });
    }
    if (rep.maxTakeovers !== undefined && takeovers[j]! > rep.maxTakeovers) {
      out.push({ family: FAMILY.maxTakeovers, message: `${label} cannot keep to its maxTakeovers ${fmt(rep.maxTakeovers)}: ${plan} it take over ${accounts(takeovers[j]!)}`, shortfall: takeovers[j]! - rep.maxTakeovers, unit: 'accounts', ids: [rep.id] });
    }
  });
  return out.length > 0 ? { kind: 'binding', diagnoses: out } : { kind: 'unknown' };
}
