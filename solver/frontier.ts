/**
 * The disruption frontier: "how much travel do we save for each account we move?" Plans along the
 * trade-off between the accounts moved and travel, each a verified plan of `solve()` with its proven
 * bound: from the fewest moves a valid plan needs (the rebalance minimum, proven by the max-moves
 * diagnosis when no plan keeps every account) up to the plan without a move budget. Each point is
 * the problem with `objective.maxMoves` set to its budget; a point no better than another in both
 * moves and travel is dominated and set apart.
 *
 * Budgets are solved in increasing order, each starting from the previous point's plan (valid for
 * the larger budget), so travel falls along the frontier even when a point runs out of time. A stop
 * asked (`shouldStop`) ends the solve under way with its best plan, as in `solve()`, and no further
 * budget is started: the frontier is the points solved so far (a service's cancel keeps them).
 * Not yet: budgets in value or workload moved (the budget counts accounts, as `maxMoves` does).
 */
import type { Problem } from './problem.ts';
import type { TerritoryResult } from './result.ts';
import { solve, type SolveOptions } from './solve.ts';

/** `onProgress` reports each point's solve in turn (their snapshots start again at 0 for each point). */
export interface FrontierOptions extends Omit<SolveOptions, 'timeLimitSeconds'> {
  /** Move budgets to solve at; without them, `points` budgets spread from the fewest moves to the unconstrained plan's. */
  readonly budgets?: readonly number[];
  /** How many points when no budgets are given (default 6, at least 2). */
  readonly points?: number;
  /** Each point's time limit (default: the problem's `options.timeLimitSeconds`). */
  readonly timeLimitSecondsPerPoint?: number;
  /** Called as each point is solved (the unconstrained plan first). */
  readonly onPoint?: (point: FrontierPoint) => void;
}

export interface FrontierPoint {
  /** The move budget; null for the plan without one. */
  readonly maxMoves: number | null;
  readonly status: TerritoryResult['solver']['status'];
  /** Whether the point has a plan (an infeasible budget has none). */
  readonly plan: boolean;
  readonly moves: number | null;
  /** Value of the accounts that change rep. */
  readonly valueMoved: number | null;
  /** The objective's travel term (annual km for in-person calls, or summed km: the problem's `travel`). */
  readonly travel: number | null;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  /** Why a budget has no plan (the diagnosis), or why the point is dominated. */
  readonly note: string | null;
  /** The full result document of the point. */
  readonly result: TerritoryResult;
}

export interface Frontier {
  /** The fewest moves a valid plan needs: exact, or a proven lower bound; null when unknown. */
  readonly leastMoves: { readonly count: number; readonly exact: boolean } | null;
  /** Non-dominated points with a plan, fewest moves first: travel falls as moves rise. */
  readonly points: readonly FrontierPoint[];
  /** Points without a plan, and dominated ones, with a note each. */
  readonly setApart: readonly FrontierPoint[];
}

const DEFAULT_POINTS = 6;

/**
 * How many solves `disruptionFrontier` makes at most with these options: one per distinct budget
 * plus the plan without one, or `points` (budgets at or above the unconstrained plan's moves are
 * left out, so it may make fewer). A service sizes a frontier's time and progress by it.
 */
export function plannedSolves(options: Pick<FrontierOptions, 'budgets' | 'points'>): number {
  if (options.budgets !== undefined) return new Set(options.budgets.map(wholeBudget)).size + 1;
  return Math.max(2, options.points ?? DEFAULT_POINTS);
}

function wholeBudget(b: number): number {
  return Math.max(0, Math.floor(b));
}

export async function disruptionFrontier(problem: Problem, options: FrontierOptions = {}): Promise<Frontier> {
  const solveAt = async (maxMoves: number | null, start?: FrontierPoint): Promise<FrontierPoint> => {
    const { maxMoves: _ignored, ...objective } = problem.objective;
    // Each point is the least objective within its move budget: the weighted mode, whatever `auto` would choose.
    const weighted = { ...objective, mode: 'weighted' as const };
    const variant: Problem = { ...problem, objective: maxMoves === null ? weighted : { ...weighted, maxMoves } };
    const { budgets: _b, points: _p, timeLimitSecondsPerPoint, onPoint: _o, ...solveOptions } = options;
    const result = await solve(variant, {
      ...solveOptions,
      ...(timeLimitSecondsPerPoint !== undefined ? { timeLimitSeconds: timeLimitSecondsPerPoint } : {}),
      ...(start?.plan ? { startPlan: start.result.assignments } : {}),
    });
    const point = pointOf(problem, maxMoves, result);
    options.onPoint?.(point);
    return point;
  };

  const stopped = () => options.shouldStop?.() === true;
  const free = await solveAt(null);
  if (!free.plan) return { leastMoves: null, points: [], setApart: [free] };
  const most = free.moves!;
  if (options.budgets !== undefined) {
    const budgets = [...new Set(options.budgets.map(wholeBudget))].filter((b) => b < most).sort((a, b) => a - b);
    const solved = [free, ...(await solveAll(budgets, solveAt, stopped))];
    const zero = solved.find((p) => p.maxMoves === 0);
    return assemble(solved, zero ? (zero.plan ? { count: 0, exact: true } : leastMovesOf(zero.result)) : null);
  }
  if (stopped()) return assemble([free], null);
  // The fewest moves: a plan with no move at all, or what the max-moves diagnosis proves.
  const none = await solveAt(0);
  const leastMoves = none.plan ? { count: 0, exact: true } : leastMovesOf(none.result);
  const from = leastMoves?.count ?? 0;
  const n = Math.max(2, options.points ?? DEFAULT_POINTS);
  // Budget 0 is solved already; the last point is the unconstrained plan.
  const budgets = [...new Set(Array.from({ length: n - 1 }, (_, k) => Math.round(from + ((most - from) * k) / (n - 1))))].filter((b) => b > 0 && b < most);
  return assemble([free, none, ...(await solveAll(budgets, solveAt, stopped, none))], leastMoves);
}

/**
 * The budgets in increasing order, each warm-started from the last plan found: a plan within a
 * smaller budget is valid for a larger one, so travel never rises along the way, however short each
 * point's time. One after the other: each solve uses the cores it is given. None is started once a
 * stop has been asked.
 */
async function solveAll(budgets: readonly number[], solveAt: (b: number, start?: FrontierPoint) => Promise<FrontierPoint>, stopped: () => boolean, first?: FrontierPoint): Promise<FrontierPoint[]> {
  const out: FrontierPoint[] = [];
  let start = first?.plan ? first : undefined;
  for (const b of budgets) {
    if (stopped()) break;
    const point = await solveAt(b, start);
    out.push(point);
    if (point.plan) start = point;
  }
  return out;
}

function leastMovesOf(result: TerritoryResult): Frontier['leastMoves'] {
  const found = result.diagnosis?.find((d) => d.leastMoves !== undefined)?.leastMoves;
  return found ? { count: found.count, exact: found.exact } : null;
}

function pointOf(problem: Problem, maxMoves: number | null, result: TerritoryResult): FrontierPoint {
  const plan = result.assignments.length > 0 && result.objective !== null;
  const value = new Map(problem.accounts.map((a) => [a.id, a.value]));
  const note = plan ? null : (result.diagnosis?.map((d) => d.message).join('; ') || result.solver.message || `no plan (${result.solver.status})`);
  return {
    maxMoves,
    status: result.solver.status,
    plan,
    moves: plan ? result.moves.length : null,
    valueMoved: plan ? result.moves.reduce((s, m) => s + (value.get(m.accountId) ?? 0), 0) : null,
    travel: plan ? result.objective!.travel : null,
    objective: result.solver.objective,
    bound: result.solver.bound,
    gap: result.solver.gap,
    note,
    result,
  };
}

/** Non-dominated points with a plan, fewest moves first; the rest set apart with a note. */
function assemble(solved: readonly FrontierPoint[], leastMoves: Frontier['leastMoves']): Frontier {
  const setApart: FrontierPoint[] = solved.filter((p) => !p.plan);
  const points: FrontierPoint[] = [];
  // Fewest moves first, then least travel, then the smaller budget: a point is on the frontier when
  // its travel is below that of every point before it (those move no more accounts).
  const ordered = solved.filter((p) => p.plan).sort((a, b) => a.moves! - b.moves! || a.travel! - b.travel! || (a.maxMoves ?? Infinity) - (b.maxMoves ?? Infinity));
  let best: FrontierPoint | null = null;
  for (const p of ordered) {
    const tolerance = 1e-9 * Math.max(1, Math.abs(p.travel!));
    if (best === null || p.travel! < best.travel! - tolerance) {
      points.push(p);
      best = p;
    } else {
      setApart.push({ ...p, note: `dominated: budget ${best.maxMoves ?? 'none'} moves ${best.moves} accounts with ${best.travel!.toFixed(1)} travel, no worse in either` });
    }
  }
  return { leastMoves, points, setApart };
}
