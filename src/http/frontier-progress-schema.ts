/**
 * A frontier's points as the API shows them, in a job's progress (the points solved so far) and in
 * the frontier's table (http/frontier-schema.ts): apart from http/schemas.ts, which uses them in the
 * job's progress, so that neither imports the other's module.
 */
import { z } from 'zod';
import { documented } from '../../solver/documented.ts';

const examplePoint = { maxMoves: 2, status: 'optimal', plan: true, moves: 2, valueMoved: 550000, disruption: 2, travel: 5120.4, objective: 5120.4, bound: 5120.4, gap: 0, note: null };

export const frontierPointSchema = z.object({
  maxMoves: documented(z.number().nullable(), 'The move budget: at most this many accounts leave their current rep (objective.maxMoves); null for the plan without a budget.', 2),
  status: documented(z.string(), 'The solver status of the point (optimal, feasible, timedout, infeasible, ...).', 'optimal'),
  plan: documented(z.boolean(), 'Whether the point has a plan; a budget with none has its reason in note.', true),
  moves: documented(z.number().nullable(), 'Accounts that leave their current rep in its plan; null without a plan.', 2),
  valueMoved: documented(z.number().nullable(), 'Value of those accounts, in the currency of value; null without a plan.', 550000),
  disruption: documented(z.number().nullable(), 'The objective\'s disruption term of its plan (the problem\'s disruptionMeasure summed over the accounts moved); null without a plan.', 2),
  travel: documented(z.number().nullable(), 'The objective\'s travel term of its plan (annual km for in-person calls, or summed km with travel "distance"); null without a plan.', 5120.4),
  objective: documented(z.number().nullable(), 'Objective of its plan (the weighted objective at that budget); null without a plan.', 5120.4),
  bound: documented(z.number().nullable(), 'Proven lower bound of the objective at that budget; null while none is known.', 5120.4),
  gap: documented(z.number().nullable(), '(objective - bound) / |objective|, a fraction; null without both.', 0),
  note: documented(z.string().nullable(), 'Why the budget has no plan (the diagnosis), or which point dominates it; null otherwise.', null),
});

export const frontierProgressSchema = z.object({
  planned: documented(z.number(), 'Solves the frontier makes at most: one per budget and the plan without one (a budget at or above that plan\'s moves is not solved).', 4),
  points: documented(z.array(frontierPointSchema).readonly(), 'The points solved so far, in the order they were solved (the plan without a budget first, then the budgets in increasing order).', [{ ...examplePoint, maxMoves: null, moves: 5, valueMoved: 1900000, disruption: 5, travel: 4210.8, objective: 4210.8, bound: 4210.8 }]),
});

export const frontierRowSchema = frontierPointSchema.extend({
  index: documented(z.number(), 'The row\'s place in the table, from 0: GET /v1/frontier/{id}/points/{index} is its plan.', 1),
  dominated: documented(z.boolean(), 'Another point moves no more accounts and saves no less travel (note names it); false for the points on the frontier and for budgets without a plan.', false),
});

export { examplePoint as exampleFrontierPoint };
