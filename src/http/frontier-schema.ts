/**
 * POST /v1/frontier and its reads: the request body (a problem with move budgets or a number of
 * points), the frontier's table and the view of a frontier job (http/schemas.ts has the job's own
 * fields; frontier-progress-schema.ts the points). The example body is data/tiny.json, whose
 * frontier solves in seconds, so "Try it out" works as shown.
 */
import { z } from 'zod';
import { documented } from '../../solver/documented.ts';
import { exampleFrontierPoint, frontierRowSchema } from './frontier-progress-schema.ts';
import { exampleJobId, exampleProblem, jobIdParamsSchema, jobSchema, MAX_ID_LENGTH, problemField, webhookUrlField } from './schemas.ts';

/** Budgets, or points, a frontier takes at most: each is a solve of the whole problem. */
export const MAX_FRONTIER_POINTS = 50;

export const frontierBodySchema = z.strictObject({
  problem: problemField('The territory design problem whose frontier to find (see docs/problem-format.md); its objective.maxMoves, if any, is replaced by each budget.'),
  budgets: documented(
    z.array(z.number().int().min(0)).min(1).max(MAX_FRONTIER_POINTS - 1),
    `Move budgets to solve at (whole numbers of accounts that may leave their current rep, each >= 0; at most ${MAX_FRONTIER_POINTS - 1}), besides the plan without a budget, which is always solved. A budget at or above that plan's moves is that plan and is not solved again. Give budgets or points, not both.`,
    [0, 1, 2],
  ).optional(),
  points: documented(
    z.number().int().min(2).max(MAX_FRONTIER_POINTS),
    `Without budgets: how many points (2 to ${MAX_FRONTIER_POINTS}, default 6), from the fewest moves a valid plan needs (budget 0, or what its diagnosis proves) to the plan without a budget.`,
    4,
  ).optional(),
  timeLimitSecondsPerPoint: documented(
    z.number().positive(),
    'Seconds each point may search (default: the problem\'s options.timeLimitSeconds). The job\'s time limit is this times the solves planned, cut to MAX_TIME_LIMIT_SECONDS (or the tenant\'s cap): then each point gets its share of that.',
    5,
  ).optional(),
  webhookUrl: webhookUrlField.optional(),
}).superRefine((body, ctx) => {
  if (body.budgets !== undefined && body.points !== undefined) ctx.addIssue({ code: 'custom', path: ['points'], message: 'give budgets or points, not both' });
}).meta({
  description: 'A problem and the move budgets to solve it at (or how many points): its disruption frontier, as a job.',
  example: { problem: exampleProblem, points: 3, timeLimitSecondsPerPoint: 5 },
});

export const frontierTableSchema = z.object({
  leastMoves: documented(z.object({
    count: documented(z.number(), 'The fewest accounts a valid plan must move.', 1),
    exact: documented(z.boolean(), 'Whether count is exact (a plan moves that many) or a proven lower bound.', true),
  }).nullable(), 'The fewest moves a valid plan needs, when budget 0 was solved (always without budgets); null otherwise.', { count: 1, exact: true }),
  points: documented(z.array(frontierRowSchema).readonly(), 'Every point solved, in the order of its budget (the plan without a budget last): on the frontier (dominated false, with a plan), dominated, or a budget without a plan.', [
    { ...exampleFrontierPoint, index: 0, maxMoves: 0, moves: 0, valueMoved: 0, disruption: 0, travel: 6480.2, objective: 6480.2, bound: 6480.2, dominated: false },
    { ...exampleFrontierPoint, index: 1, dominated: false },
  ]),
}).describe('The disruption frontier: one row per point, each point\'s plan at /v1/frontier/{id}/points/{index}.');

export const frontierViewSchema = jobSchema.extend({
  frontier: documented(frontierTableSchema.nullable(), 'The frontier\'s table once the job has ended with one (a cancelled frontier keeps the points it solved); null until then (progress.frontier has the points so far).', null),
}).describe('A frontier job (kind frontier), with its table once it has ended.');

export const frontierPointParamsSchema = jobIdParamsSchema.extend({
  index: documented(z.coerce.number().int().min(0).max(MAX_FRONTIER_POINTS), 'The row of the frontier\'s table (its index, from 0).', 1),
});

/** The frontier job's id (the Location of POST /v1/frontier). */
export const frontierIdParamsSchema = z.object({ id: documented(z.string().min(1).max(MAX_ID_LENGTH), 'The frontier\'s job id (from the submission\'s Location header or body).', exampleJobId) });
