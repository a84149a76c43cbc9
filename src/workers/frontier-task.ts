/**
 * A frontier job in its solve thread (POST /v1/frontier): solver/frontier.ts on the job's problem,
 * the same function as `territory frontier`, with each point posted to the runner as it is solved
 * (the job's progress), and back the frontier's table (the job's result) and each point's full
 * result document in the table's order, which the store keeps one row each so that a client can
 * fetch the plan it picks without the others.
 */
import { disruptionFrontier, plannedSolves, type Frontier, type FrontierOptions, type FrontierPoint, type Problem } from '../../solver/index.ts';
import type { FrontierProgressPoint, FrontierSpec } from '../jobs/job.ts';
import type { SolveTaskResult } from './messages.ts';

/** A row of the frontier's table: the point, its place in the table, and whether another point dominates it. */
export interface FrontierRow extends FrontierProgressPoint {
  readonly index: number;
  readonly dominated: boolean;
}

/** The job's result document: the fewest moves proven, and one row per point solved. */
export interface FrontierTable {
  readonly leastMoves: Frontier['leastMoves'];
  readonly points: readonly FrontierRow[];
}

/** What a frontier's solves share with a plain solve in this thread (HiGHS, the stop flag, the pair budget, progress). */
export type FrontierRun = Omit<FrontierOptions, 'budgets' | 'points' | 'timeLimitSecondsPerPoint' | 'onPoint'>;

export async function frontierTask(problem: Problem, spec: FrontierSpec, run: FrontierRun, onPoint: (point: FrontierProgressPoint) => void): Promise<SolveTaskResult> {
  const solved: FrontierProgressPoint[] = [];
  const frontier = await disruptionFrontier(problem, {
    ...run,
    ...(spec.budgets !== undefined ? { budgets: spec.budgets } : {}),
    ...(spec.points !== undefined ? { points: spec.points } : {}),
    timeLimitSecondsPerPoint: spec.timeLimitSecondsPerPoint,
    onPoint: (point) => {
      const row = progressPoint(point);
      solved.push(row);
      onPoint(row);
    },
  });
  const { table, results } = frontierTable(frontier);
  // The plan without a budget is solved first and always there: its facts stand for the job's (webhook, final progress).
  const free = [...frontier.points, ...frontier.setApart].find((p) => p.maxMoves === null)!;
  const { status, objective, bound, gap, message } = free.result.solver;
  return {
    ok: true,
    status,
    objective: free.plan ? objective : null,
    bound,
    gap,
    message: message ?? null,
    hasPlan: table.points.some((p) => p.plan),
    resultJson: JSON.stringify(table),
    frontier: { pointsJson: results.map((r) => JSON.stringify(r)), progress: { planned: plannedSolves(spec), points: solved } },
  };
}

/** A point as the table and the progress show it: its numbers without its plan. */
export function progressPoint(point: FrontierPoint): FrontierProgressPoint {
  return {
    maxMoves: point.maxMoves,
    status: point.status,
    plan: point.plan,
    moves: point.moves,
    valueMoved: point.valueMoved,
    disruption: point.plan ? (point.result.objective?.disruption ?? null) : null,
    travel: point.travel,
    objective: point.objective,
    bound: point.bound,
    gap: point.gap,
    note: point.note,
  };
}

/**
 * Every point solved, on the frontier or set apart, in the order of its budget (the plan without
 * one last), so that a row's index names the same point however the frontier came out; a point
 * set apart with a plan is dominated, one without a plan is not (its note says why it has none).
 */
export function frontierTable(frontier: Frontier): { table: FrontierTable; results: FrontierPoint['result'][] } {
  const all = [
    ...frontier.points.map((p) => ({ point: p, dominated: false })),
    ...frontier.setApart.map((p) => ({ point: p, dominated: p.plan })),
  ].sort((a, b) => (a.point.maxMoves ?? Infinity) - (b.point.maxMoves ?? Infinity));
  return {
    table: { leastMoves: frontier.leastMoves, points: all.map(({ point, dominated }, index) => ({ index, ...progressPoint(point), dominated })) },
    results: all.map(({ point }) => point.result),
  };
}
