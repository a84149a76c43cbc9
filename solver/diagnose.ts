/**
 * Why a problem is infeasible, in a sales leader's words, and by how much. First the checks that
 * need no solver (accounts no rep may own, accounts tied to a rep that cannot carry them, a role
 * whose demand exceeds its capacity); then, if those pass, relaxations solved with HiGHS: drop the
 * move budget (and count the moves a plan needs), drop the bands (and measure how far the best plan
 * must leave each band).
 */
import type { AssignmentModel } from './assignment.ts';
import { solveWithHighs, type RelaxationSolution } from './backends/highs.ts';
import type { CompiledProblem } from './compile.ts';
import { defaultEngineOptions } from './engine-options.ts';
import { handoffDiagnosis, handoffStructural, hasHandoffLimits, withoutHandoffLimits } from './diagnose-handoffs.ts';
import { fmt, repLabel } from './diagnose-limits.ts';
import { movesDiagnosis } from './diagnose-moves.ts';
import { pinnedDiagnosis } from './diagnose-pins.ts';
import { assignableHours } from './rep-hours.ts';
import type { Diagnosis } from './result.ts';
import type { RunContext } from './run-context.ts';
import { FAMILY } from './types.ts';

/** Sound necessary conditions; an empty list does not prove feasibility. */
export function structuralDiagnosis(c: CompiledProblem): Diagnosis[] {
  const { problem, model } = c;
  const out: Diagnosis[] = [];

  if (c.unassignable.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const u of c.unassignable) {
      const ids = byReason.get(u.reason) ?? [];
      ids.push(problem.accounts[u.account]!.id);
      byReason.set(u.reason, ids);
    }
    for (const [reason, ids] of byReason) {
      const list = ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');
      out.push({ family: 'eligibility', message: `${ids.length} account(s) have no eligible rep (${list}): ${reason}`, shortfall: ids.length, unit: 'accounts', ids });
    }
  }

  // Accounts tied to one rep (locks, frozen segments, a single eligible rep) against what it may carry.
  out.push(...pinnedDiagnosis(c));
  // Handoffs no plan avoids, takeovers no plan avoids, against the reps' limits.
  out.push(...handoffStructural(c));

  // Demand that can only go to one role, at its least workload, against that role's capacity.
  const target = problem.capacityReport.targetUtilization;
  c.roles.forEach((role, r) => {
    let demand = 0;
    for (let i = 0; i < model.items; i++) {
      let least = Infinity;
      let onlyThisRole = model.pairStart[i + 1]! > model.pairStart[i]!;
      for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
        if (c.roleOfRep[model.pairAgent[p]!] !== r) onlyThisRole = false;
        least = Math.min(least, c.pairWorkload[p]!);
      }
      if (onlyThisRole) demand += least;
    }
    const members = problem.reps.filter((rep) => rep.role === role);
    // The hours for accounts: prospecting time is not assignable.
    const capacity = members.reduce((s, rep) => s + assignableHours(rep), 0);
    if (demand > capacity * (1 + 1e-9)) {
      const mean = capacity / members.length;
      const more = demand / (mean * target) - members.length;
      out.push({
        family: FAMILY.capacity,
        message: `${role} demand ${fmt(demand)} h vs ${role} capacity ${fmt(capacity)} h: ${fmt(more, 1)} more ${role} reps at ${fmt(target * 100)}% utilisation`,
        shortfall: demand - capacity,
        unit: 'hours',
        ids: [role],
      });
    }
  });

  const caps = problem.reps.map((rep) => rep.maxAccounts);
  if (caps.every((m) => m !== undefined)) {
    const room = caps.reduce((s: number, m) => s + m!, 0);
    if (model.items > room) out.push({ family: FAMILY.maxAccounts, message: `${model.items} accounts but the reps' maxAccounts add up to ${room}`, shortfall: model.items - room, unit: 'accounts' });
  }
  return out;
}

export interface DiagnoseOptions {
  /** Each relaxation's time limit (a budget of its own: the solve's may be spent already). */
  readonly timeLimitSeconds: number;
  /** Up to this many pairs the fewest moves are solved exactly (MIP); above, bounded by the LP. */
  readonly exactMovesPairs?: number;
}

/**
 * Relaxation-based diagnosis for a problem that passed the structural checks yet is infeasible,
 * with the run's seed, HiGHS factory and stop request.
 * The move budget is examined first: when the problem has a plan without it, the budget is the
 * binding cause, whatever else a plan within the budget would have to give up. Then the bands, with
 * the budget kept, so a tolerance it proposes admits a plan as the problem stands.
 */
export async function solverDiagnosis(c: CompiledProblem, context: RunContext, options: DiagnoseOptions): Promise<Diagnosis[]> {
  let { model } = c;
  const handoffNote: Diagnosis[] = [];
  // Only the caller's stop request ends a relaxation early.
  const run = (m: AssignmentModel, how: { readonly relax?: boolean; readonly mipGap?: number } = {}) =>
    solveWithHighs(m, context.within(context.budget.detached(options.timeLimitSeconds * 1000)), {
      mipGap: how.mipGap ?? 0.01,
      ...(how.relax ? { relax: true } : {}),
    });
  if (hasHandoffLimits(model)) {
    // The handoff and takeover limits first: when the problem has a plan without them, they are the cause.
    const free = withoutHandoffLimits(model);
    const found = await handoffDiagnosis(c, free, run);
    if (found.kind === 'binding') return found.diagnoses;
    if (found.kind === 'unknown') {
      handoffNote.push({ family: 'combination', message: 'the handoff and takeover limits (reps[].maxHandoffs, maxTakeovers) may be the cause: no plan without them was found in the diagnosis\'s time; what follows is about the problem without them' });
    }
    model = free;
  }
  const zeroCost = new Float64Array(model.pairCost.length);
  const moves = { run, exactPairs: options.exactMovesPairs ?? defaultEngineOptions.largeModelPairs };
  const budget = model.sideConstraints.find((s) => s.name === FAMILY.maxMoves);
  const withoutBudget = { ...model, sideConstraints: model.sideConstraints.filter((s) => s !== budget) };
  const found: Diagnosis[] = [];

  if (budget) {
    const finding = await movesDiagnosis(c, withoutBudget, moves);
    if (finding.binding) return [...handoffNote, finding.diagnosis!];
    // Proven too small, but the rest may fail too (no plan found without the budget): go on.
    if (finding.diagnosis) found.push(finding.diagnosis);
  }
  if (model.bands.length > 0) {
    const withoutBands = await run({ ...model, pairCost: zeroCost, bands: [] });
    if (withoutBands.assignment) return [...handoffNote, ...found, ...(await bandDiagnoses(c, model, run))];
    if (budget && found.length === 0 && withoutBands.status === 'infeasible') {
      // Bands fail without the budget and the budget fails without the bands: both need relaxing.
      const finding = await movesDiagnosis(c, { ...withoutBudget, bands: [] }, moves, ' even without the balance bands');
      if (finding.binding) return [...handoffNote, ...(await bandDiagnoses(c, withoutBudget, run)), finding.diagnosis!];
      if (finding.diagnosis) found.push(finding.diagnosis);
    }
  }
  if (found.length > 0) return [...handoffNote, ...found];
  const roles = c.roles.map((role) => {
    const reps = c.problem.reps.filter((r) => r.role === role);
    return `${role}: ${fmt(reps.reduce((s, r) => s + assignableHours(r), 0))} h capacity`;
  });
  return [...handoffNote, {
    family: 'combination',
    message: `capacity, eligibility and account limits cannot all hold together even without balance bands${budget ? ' and the move budget' : ''} (${roles.join('; ')}); the capacity report shows the least-workload demand per role`,
  }];
}

/** Bands are the culprit: minimise how far plans of `base` leave them, each family in units of a typical share. */
async function bandDiagnoses(c: CompiledProblem, base: AssignmentModel, run: (m: AssignmentModel) => Promise<RelaxationSolution>): Promise<Diagnosis[]> {
  const soft = base.bands.map((b) => ({ ...b, penalty: 1 / typicalShare(c, b.name) }));
  const best = await run({ ...base, pairCost: new Float64Array(base.pairCost.length), bands: soft });
  return base.bands.map((band) => bandDiagnosis(c, band.name, band.tolerance, best.assignment));
}

function typicalShare(c: CompiledProblem, band: string): number {
  const { reps, accounts } = c.problem;
  if (band === FAMILY.valueBand) return Math.max(1e-9, accounts.reduce((s, a) => s + a.value, 0) / reps.length);
  return reps.reduce((s, r) => s + r.capacity, 0) / reps.length;
}

/** How far the least-violating plan leaves one band, and the tolerance that plan would need. */
function bandDiagnosis(c: CompiledProblem, name: string, tolerance: number, assignment: Int32Array | null): Diagnosis {
  const family = name === FAMILY.valueBand ? FAMILY.valueBand : FAMILY.workloadBand;
  const what = family === FAMILY.valueBand ? 'value' : 'workload';
  if (!assignment) return { family, message: `the ${what} band ±${fmt(tolerance * 100)}% may not hold (the relaxation found no plan in time)` };
  const { problem, model } = c;
  const band = model.bands.find((b) => b.name === name)!;
  const load = new Float64Array(model.agents);
  for (let i = 0; i < model.items; i++) {
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) if (model.pairAgent[p] === assignment[i]) load[assignment[i]!]! += band.load[p]!;
  }
  let worst = 0;
  let worstRep = -1;
  let outside = 0;
  c.roles.forEach((_, r) => {
    const members = problem.reps.flatMap((_, j) => (c.roleOfRep[j] === r ? [j] : []));
    const total = members.reduce((s, j) => s + load[j]!, 0);
    const cap = members.reduce((s, j) => s + assignableHours(problem.reps[j]!), 0);
    for (const j of members) {
      const share = (assignableHours(problem.reps[j]!) / cap) * total;
      const dev = share > 0 ? Math.abs(load[j]! / share - 1) : 0;
      outside += Math.max(0, (1 - tolerance) * share - load[j]!, load[j]! - (1 + tolerance) * share);
      if (dev > worst) [worst, worstRep] = [dev, j];
    }
  });
  const unit = what === 'value' ? 'value' : 'hours';
  if (outside <= 1e-6) return { family, message: `the ${what} band ±${fmt(tolerance * 100)}% can hold on its own; it is its combination with the other constraints that fails`, shortfall: 0, unit };
  return {
    family,
    message: `the ${what} band ±${fmt(tolerance * 100)}% cannot hold: the most balanced plan still leaves ${fmt(outside)} ${unit === 'hours' ? 'h' : 'of value'} outside the bands (${worstRep >= 0 ? repLabel(problem, worstRep) : 'no rep'} at ${fmt(worst * 100, 1)}% from its share); a tolerance of ±${fmt(Math.ceil(worst * 1000) / 10, 1)}% would admit it`,
    shortfall: outside,
    unit,
    ids: worstRep >= 0 ? [problem.reps[worstRep]!.id] : [],
  };
}
