/**
 * A solve whose problem has `hire` or `retire`: how many to hire (a number, or what the capacity
 * report says for "auto"), then the sites and the reps to let go chosen with the territories
 * (hiring.ts) in a share of the run, then the territory problem of that team solved in what is left
 * of the same run (solve.ts), and the result's hiring section (hiring-report.ts).
 */
import { compileProblem } from './compile.ts';
import { defaultMipGap } from './engine-options.ts';
import { chooseStaff, hiresNeeded, type StaffingChoice, type StaffingQuestion } from './hiring.ts';
import { hiringSection } from './hiring-report.ts';
import { noPlanResult, solverFacts, type RunLimits } from './no-plan.ts';
import type { Problem, Rep } from './problem.ts';
import type { TerritoryResult } from './result.ts';
import type { RunContext } from './run-context.ts';
import { staffedProblem } from './staffed-problem.ts';
import type { InputIssue } from './types.ts';
import { retireRole } from './validate-hiring.ts';
import { repLabel } from './wording.ts';

/**
 * The location choice's share of the run. It is over the role's accounts only and usually proves its
 * optimum well within it; what it leaves goes to the territory solve.
 */
const LOCATION_SHARE = 0.5;

type SolveStaffed = (staffed: Problem, warnings: readonly InputIssue[]) => Promise<TerritoryResult>;

export async function solveStaffing(problem: Problem, run: RunContext, limits: RunLimits, warnings: readonly InputIssue[], solveStaffed: SolveStaffed): Promise<TerritoryResult> {
  const retire = problem.retire ? { role: retireRole(problem)!, count: problem.retire.count } : undefined;
  const { hire, message } = hireQuestion(problem, retire);
  if (!hire && !retire) {
    const result = await solveStaffed(staffedProblem(problem, [], new Set()), warnings);
    return { ...result, hiring: hiringSection(problem, { hired: 0, location: null, choice: { sites: [], retired: [] }, ...(message ? { message } : {}) }, result) };
  }
  run.progress({ phase: 'hire', seconds: run.budget.wallElapsedMs() / 1000, incumbent: null, bound: null, gap: null });
  const choice = await chooseStaff(problem, { ...(hire ? { hire } : {}), ...(retire ? { retire } : {}) }, run.share(LOCATION_SHARE));
  const outcome = { hired: hire?.count ?? 0, location: choice.location, choice };
  if (!choice.problem) {
    const result = locationFailed(problem, { ...(hire ? { hire } : {}), ...(retire ? { retire } : {}) }, choice, run, limits, warnings);
    return { ...result, hiring: hiringSection(problem, { ...outcome, message: result.solver.message! }, result) };
  }
  const result = leaversNamed(await solveStaffed(choice.problem, warnings), problem, choice.retired);
  return { ...result, hiring: hiringSection(problem, { ...outcome, ...(message ? { message } : {}) }, result) };
}

/**
 * The accounts of the reps let go move from them: their moves name them (the territory problem had
 * no such rep, so its moves said the current rep "does not exist").
 */
function leaversNamed(result: TerritoryResult, problem: Problem, retired: readonly Rep[]): TerritoryResult {
  if (retired.length === 0) return result;
  const byId = new Map(retired.map((r) => [r.id, r]));
  const owner = new Map(problem.accounts.map((a) => [a.id, a.currentRepId]));
  return {
    ...result,
    moves: result.moves.map((m) => {
      const id = owner.get(m.accountId);
      const rep = id === undefined ? undefined : byId.get(id);
      if (!rep || m.fromRepId !== null) return m;
      return { ...m, fromRepId: rep.id, explanation: m.explanation.replace(`its current rep "${rep.id}" does not exist`, `its current rep ${repLabel(rep)} is let go`) };
    }),
  };
}

/** The hires to choose (none when "auto" finds no deficit), and a note when auto came out otherwise than asked. */
function hireQuestion(problem: Problem, retire: StaffingQuestion['retire']): { hire?: StaffingQuestion['hire']; message?: string } {
  if (!problem.hire) return {};
  const { role, capacity, skills } = problem.hire;
  const sites = problem.candidateSites ?? [];
  let count = problem.hire.count;
  let message: string | undefined;
  if (count === 'auto') {
    count = hiresNeeded(problem, role, retire?.role === role ? retire.count : 0);
    if (count === 0) return { message: `the capacity report says the ${role} reps carry the demand at the target utilisation: no hire needed` };
    if (count > sites.length) {
      message = `the capacity report says ${count} more ${role} reps; there are only ${sites.length} candidate sites: hiring ${sites.length}`;
      count = sites.length;
    }
  }
  return { hire: { role, count, capacity, ...(skills ? { skills } : {}), sites }, ...(message ? { message } : {}) };
}

/** No choice fits (then no plan exists with any choice: the location is a relaxation), or none was found in time. */
function locationFailed(problem: Problem, question: StaffingQuestion, choice: StaffingChoice, run: RunContext, limits: RunLimits, warnings: readonly InputIssue[]): TerritoryResult {
  const today = compileProblem(staffedProblem(problem, [], new Set()));
  const mipGap = problem.options.mipGap ?? defaultMipGap(today.model.pairAgent.length);
  const { status, strategy } = choice.location;
  const { hire, retire } = question;
  const asked = [
    hire ? `${hire.count} of the ${hire.sites.length} candidate sites` : '',
    retire ? `${retire.count} ${retire.role} rep${retire.count === 1 ? '' : 's'} to let go` : '',
  ].filter(Boolean).join(' and ');
  const roles = [...new Set([hire?.role, retire?.role].filter((r) => r !== undefined))];
  const message = status === 'infeasible'
    ? `no choice of ${asked} lets the ${roles.join(' and ')} accounts fit within the reps' capacities`
    : status === 'timedout' ? `no choice of ${asked} found within the location choice's share of the time: give it more time` : `the location choice failed (${asked})`;
  const endedBy = status === 'infeasible' ? 'proof' : status === 'error' ? 'error' : run.budget.stopRequested() ? 'request' : run.budget.clock.counted && !run.budget.clock.wallStopped ? 'work' : 'time';
  const solver = solverFacts(run, limits, mipGap, { status, objective: null, bound: null, gap: null, strategy: `hire-location(${strategy})`, endedBy, message });
  const diagnosis = status === 'infeasible' ? [{ family: 'capacity' as const, message, ids: roles }] : undefined;
  return noPlanResult(today, solver, diagnosis, warnings);
}
