/**
 * POST /v1/evaluate's body: a problem (or an importId, swapped in before validation by
 * routes/imports.ts importReference), an alignment, and optionally the proven bound of the solve the
 * plan came from. One zod schema validates it and documents it at /docs.
 */
import { z } from 'zod';
import tinyProblem from '../../data/tiny.json' with { type: 'json' };
import { documented } from '../../solver/documented.ts';
import { problemSchema, type ProblemInput } from '../../solver/index.ts';
import { CRM_FIELDS, crmColumnsSchema } from '../results/crm-columns.ts';
import { RESULT_FORMATS } from '../results/render.ts';

const exampleProblem = tinyProblem as ProblemInput;

/** data/tiny.json's optimal plan, with Pforzheim given to Anna by hand (she goes over capacity). */
const exampleAssignments = [
  ['stuttgart', 'anna'], ['karlsruhe', 'ben'], ['pforzheim', 'anna'], ['heilbronn', 'anna'], ['ludwigsburg', 'ben'], ['esslingen', 'anna'],
  ['baden-baden', 'ben'], ['boeblingen', 'clara'], ['rastatt', 'clara'], ['leonberg', 'clara'], ['calw', 'clara'], ['ettlingen', 'clara'],
].map(([accountId, repId]) => ({ accountId: accountId!, repId: repId! }));

export const evaluateBodySchema = z.strictObject({
  problem: documented(problemSchema, 'The problem the alignment is for (or importId: a stored import\'s problem).', exampleProblem),
  assignments: documented(z.array(z.strictObject({
    accountId: documented(z.string().min(1), 'An account of the problem.', 'pforzheim'),
    repId: documented(z.string().min(1), 'The rep who owns it in this alignment.', 'anna'),
  })), 'The alignment to score: at most one entry per account; accounts left out count as unassigned (a violation).', exampleAssignments),
  bound: documented(z.number(), 'A proven lower bound on the objective (solver.bound of the job the plan came from): the evaluation says how far this plan is above it.', 2878.16).optional(),
}).meta({ description: 'Any alignment of the problem\'s accounts to its reps, to score as a plan.', example: { problem: exampleProblem, assignments: exampleAssignments } });

export type EvaluateBody = z.output<typeof evaluateBodySchema>;

/** ?format and ?columns: the evaluated plan as a file, rendered as a job's result is (results/render.ts). */
export const evaluateQuerySchema = z.object({
  format: documented(z.enum(RESULT_FORMATS), 'json (default: the result document with its evaluation), geojson, csv (the assignments), xlsx (the territory workbook), crm-csv or crm-xlsx (the plan export a CRM imports): the same files GET /v1/jobs/{id}/result gives for a job, here for the alignment given (a plan edited by hand).', 'crm-csv').optional(),
  columns: documented(crmColumnsSchema, `crm-csv and crm-xlsx only: the columns to write, in order, each as field or field:Header, separated by commas. Fields: ${Object.keys(CRM_FIELDS).join(', ')}.`, 'accountId:Account ID,newOwnerId:OwnerId,moved:Moved').optional(),
});
