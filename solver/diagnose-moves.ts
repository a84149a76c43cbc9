/**
 * The disruption budget (`objective.maxMoves`) that is too small: the least number of moves a valid
 * plan needs, exact when a plan with that many moves is in hand, otherwise a proven lower bound; and
 * the territories that force the moves.
 *
 * Three lower bounds, the best one wins: the full problem is infeasible (so more than maxMoves);
 * counting per territory (a rep whose current accounts exceed what it may carry must lose some, the
 * heaviest first); and HiGHS's bound on the fewest moves, from the MIP on small and mid models or
 * the LP relaxation above that. The MIP's plan, or a feasibility plan on large models, gives the
 * number a plan achieves: equal to the bound, the number is exact.
 */
import { findPair, type AssignmentModel } from './assignment.ts';
import type { RelaxationSolution } from './backends/highs.ts';
import { checkAssignment } from './check-assignment.ts';
import type { CompiledProblem } from './compile.ts';
import { amount, fewestToLeave, fmt, percent, repLabel, repLimits } from './diagnose-limits.ts';
import { roundUp } from './engine-outcome.ts';
import type { Diagnosis, ForcedTerritory } from './result.ts';
import { FAMILY } from './types.ts';

export interface MovesRun {
  /** Solves a model with HiGHS within the diagnosis's time share. */
  readonly run: (model: AssignmentModel, how: { readonly relax?: boolean; readonly mipGap?: number }) => Promise<RelaxationSolution>;
  /** Up to this many pairs the fewest moves are solved as a MIP; above, the LP relaxation bounds them. */
  readonly exactPairs: number;
}

export interface MovesFinding {
  /** The max-moves diagnosis, or null when nothing proves the budget too small. */
  readonly diagnosis: Diagnosis | null;
  /** A plan valid for `free` was found: the budget is the binding cause. */
  readonly binding: boolean;
}

/**
 * `free` is the model without the budget (and perhaps without other families, said in `without`);
 * the caller knows `free` plus the budget has no plan, so more than maxMoves moves are needed.
 */
export async function movesDiagnosis(c: CompiledProblem, free: AssignmentModel, solver: MovesRun, without = ''): Promise<MovesFinding> {
  const maxMoves = c.problem.objective.maxMoves!;
  const counted = countForced(c, free);
  const moveCost = new Float64Array(free.pairCost.length);
  for (let i = 0; i < free.items; i++) {
    if (c.current[i]! < 0) continue;
    for (let p = free.pairStart[i]!; p < free.pairStart[i + 1]!; p++) if (free.pairAgent[p] !== c.current[i]) moveCost[p] = 1;
  }
  const fewest = { ...free, pairCost: moveCost };
  let plan: Int32Array | null;
  let bound: number | null;
  if (free.pairAgent.length <= solver.exactPairs) {
    const mip = await solver.run(fewest, { mipGap: 0 });
    if (mip.status === 'infeasible') return { diagnosis: null, binding: false };
    [plan, bound] = [mip.assignment, mip.bound];
  } else {
    const feasible = await solver.run({ ...free, pairCost: new Float64Array(free.pairCost.length) }, {});
    if (feasible.status === 'infeasible') return { diagnosis: null, binding: false };
    plan = feasible.assignment;
    bound = (await solver.run(fewest, { relax: true })).bound;
  }
  if (plan && !checkAssignment(free, plan).feasible) plan = null;

  const proven = Math.max(roundUp(bound) ?? 0, counted.total);
  // Without a plan the rest of the problem may have no plan either: only a bound above the budget speaks.
  if (!plan && proven <= maxMoves) return { diagnosis: null, binding: false };
  const least = Math.max(maxMoves + 1, proven);
  const planMoves = plan ? movesOf(c, plan) : null;
  const exact = planMoves !== null && planMoves <= least;
  const count = exact ? planMoves : least;

  const kind = exact ? 'exact: a valid plan with that many moves exists' : planMoves !== null ? `a proven lower bound; the best plan found moves ${fmt(planMoves)}` : 'a proven lower bound';
  const reasons = counted.territories.map((t) => territorySentence(c, t));
  if (counted.ineligible > 0) {
    const one = counted.ineligible === 1;
    reasons.push(`${fmt(counted.ineligible)} account${one ? '' : 's'} may not stay with ${one ? 'its' : 'their'} current rep (a lock elsewhere, skills, exclusions or call patterns)`);
  }
  if (plan && counted.total < count) {
    // Nothing per territory explains these: the plan shows where they come from.
    const more = count - counted.total;
    const which = counted.total > 0 ? `${fmt(more)} more ${more === 1 ? 'comes' : 'come'}` : 'the moves come';
    reasons.push(`${which} from the constraints together: the ${exact ? 'least-move' : 'best'} plan found takes ${sources(c, plan)}`);
  }
  const territories = counted.territories.map((t) => t.forced);
  const ids = territories.length > 0 ? territories.map((t) => t.repId) : plan ? sourceIds(c, plan) : [];
  return {
    diagnosis: {
      family: FAMILY.maxMoves,
      message: `at least ${fmt(count)} ${count === 1 ? 'move is' : 'moves are'} needed${without}; maxMoves is ${fmt(maxMoves)} (${kind})${reasons.length > 0 ? `. ${capitalise(reasons.join('; '))}` : ''}`,
      shortfall: count - maxMoves,
      unit: 'accounts',
      ids,
      leastMoves: { count, exact, maxMoves, currentRepIneligible: counted.ineligible },
      territories,
    },
    binding: plan !== null,
  };
}

interface Forced {
  readonly rep: number;
  readonly forced: ForcedTerritory;
  /** The band's tolerance, when a band forces it. */
  readonly tolerance?: number;
}

interface Counted {
  /** Accounts whose current rep may not own them. */
  readonly ineligible: number;
  /** Per territory that must lose accounts: the limit that forces it most. */
  readonly territories: readonly Forced[];
  readonly total: number;
}

/**
 * A lower bound on the moves by counting: accounts that may not stay with their current rep, plus,
 * per rep, the fewest of its current accounts that must leave for it to fit each of its limits.
 * Accounts moving in only add load, and each account has one current rep, so the counts add up.
 */
function countForced(c: CompiledProblem, model: AssignmentModel): Counted {
  const fixed: number[][] = Array.from({ length: model.agents }, () => []);
  const movable: number[][] = Array.from({ length: model.agents }, () => []);
  let ineligible = 0;
  for (let i = 0; i < model.items; i++) {
    const j = c.current[i]!;
    if (j < 0) continue;
    const p = findPair(model, i, j);
    if (p < 0) ineligible++;
    else (model.pairStart[i + 1]! - model.pairStart[i]! === 1 ? fixed : movable)[j]!.push(p);
  }
  const limits = repLimits(model);
  const territories: Forced[] = [];
  for (let j = 0; j < model.agents; j++) {
    let worst: Forced | null = null;
    for (const limit of limits) {
      const max = limit.limit[j]!;
      const stuck = fixed[j]!.reduce((s, p) => s + limit.load[p]!, 0);
      const loads = movable[j]!.map((p) => limit.load[p]!);
      // Null: the rep's pinned accounts alone exceed the limit (a structural finding); all must go.
      const mustLeave = fewestToLeave(loads, stuck, max) ?? loads.length;
      if (mustLeave > (worst?.forced.mustLeave ?? 0)) {
        const rep = c.problem.reps[j]!;
        const load = stuck + loads.reduce((s, x) => s + x, 0);
        const forced: ForcedTerritory = { repId: rep.id, ...(rep.name !== undefined ? { repName: rep.name } : {}), limit: limit.kind, load, max, unit: limit.unit, mustLeave };
        worst = { rep: j, forced, ...(limit.tolerance !== undefined ? { tolerance: limit.tolerance } : {}) };
      }
    }
    if (worst) territories.push(worst);
  }
  territories.sort((a, b) => b.forced.mustLeave - a.forced.mustLeave || a.rep - b.rep);
  return { ineligible, territories, total: ineligible + territories.reduce((s, t) => s + t.forced.mustLeave, 0) };
}

/** "Stuttgart (r3) is 930 h over capacity: at least 3 of its accounts must leave". */
function territorySentence(c: CompiledProblem, t: Forced): string {
  const f = t.forced;
  const label = repLabel(c.problem, t.rep);
  const over = amount(f.load - f.max, f.unit);
  const them = f.mustLeave === 1 ? 'one of its accounts must leave' : `at least ${fmt(f.mustLeave)} of its accounts must leave`;
  if (f.limit === FAMILY.capacity) return `${label} is ${over} over capacity: ${them}`;
  if (f.limit === FAMILY.maxAccounts) return `${label} has ${over} more than its maxAccounts ${fmt(f.max)}: ${them}`;
  const band = `±${percent(t.tolerance ?? 0)} ${f.limit === FAMILY.valueBand ? 'value' : 'workload'} band`;
  return `${label} is ${over} above the most its ${band} allows in any plan (${amount(f.max, f.unit)}): ${them}`;
}

function movesOf(c: CompiledProblem, plan: Int32Array): number {
  let n = 0;
  for (let i = 0; i < plan.length; i++) if (c.current[i]! >= 0 && plan[i] !== c.current[i]) n++;
  return n;
}

/** Reps the plan takes accounts from, most first. */
function sourceCounts(c: CompiledProblem, plan: Int32Array): Array<[number, number]> {
  const from = new Map<number, number>();
  for (let i = 0; i < plan.length; i++) if (c.current[i]! >= 0 && plan[i] !== c.current[i]) from.set(c.current[i]!, (from.get(c.current[i]!) ?? 0) + 1);
  return [...from].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

function sources(c: CompiledProblem, plan: Int32Array): string {
  return sourceCounts(c, plan).map(([j, n]) => `${fmt(n)} from ${repLabel(c.problem, j)}`).join(', ');
}

function sourceIds(c: CompiledProblem, plan: Int32Array): string[] {
  return sourceCounts(c, plan).map(([j]) => c.problem.reps[j]!.id);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
