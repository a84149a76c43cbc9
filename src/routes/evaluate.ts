/**
 * POST /v1/evaluate: scores any alignment (a hand edit on the planner's page, a plan from elsewhere)
 * and returns the result document a solve would, with the hard constraints it breaks and its
 * distance to a proven bound. No search, so it runs on the request's thread: compiling the model
 * is linear in the eligible pairs, and EVALUATE_MAX_ACCOUNTS keeps that to a fraction of a second.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { evaluatedResultSchema, evaluatePlan, parseProblem } from '../../solver/index.ts';
import { Errors, type FieldError } from '../errors.ts';
import { evaluateBodySchema } from '../http/evaluate-schema.ts';
import { internalError, json, problemDetails, unreadableBody } from '../http/responses.ts';
import { admitProblem, FieldValidationError } from './admission.ts';
import { importReference } from './imports.ts';
import { problemFacts } from './submissions.ts';

export default async function evaluateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/v1/evaluate', {
    preValidation: importReference(app, 'problem'),
    schema: {
      summary: 'Score an alignment',
      description: 'Takes { problem (or importId), assignments: [{ accountId, repId }], bound? } and returns the result document for exactly that alignment (solver.strategy "evaluate"): territories, balance, capacity report, moves, objective, and evaluation: each hard constraint it breaks by family (with the rep or account and the numbers) and, with bound, how far it is above the proven bound. Problems above EVALUATE_MAX_ACCOUNTS accounts (default 5000) get 413.',
      tags: ['solve'],
      body: evaluateBodySchema,
      response: {
        200: json('The result document of the alignment, with evaluation (ok, violations, aboveBound, summary).', evaluatedResultSchema),
        400: problemDetails('TD_ERR_VALIDATION: the body is not valid (shape, problem references, or an assignment naming an unknown account or rep, or an account twice: errors names it by index, e.g. assignments[3].repId). TD_ERR_INVALID_JSON: the body is not JSON.'),
        404: problemDetails('TD_ERR_IMPORT_NOT_FOUND: importId names no import of this tenant (unknown or expired).'),
        ...unreadableBody,
        413: problemDetails('TD_ERR_PROBLEM_TOO_LARGE_FOR_EVALUATE: more than EVALUATE_MAX_ACCOUNTS accounts. TD_ERR_BODY_TOO_LARGE: the body is larger than BODY_LIMIT_BYTES. TD_ERR_MODEL_TOO_LARGE: more eligible account-rep pairs than MAX_MODEL_PAIRS.'),
        500: internalError,
        503: problemDetails('TD_ERR_SHUTTING_DOWN: the service is stopping.'),
      },
    },
  }, async (request) => {
    const body = request.body;
    if (body.problem.accounts.length > app.config.evaluateMaxAccounts) {
      throw new Errors.ProblemTooLargeForEvaluate(body.problem.accounts.length, app.config.evaluateMaxAccounts);
    }
    admitProblem(app, problemFacts(body.problem), 'problem');
    const parsed = parseProblem(body.problem);
    // admitProblem ran the same checks; a failure here would be a bug in one of them.
    if (!parsed.ok) throw new FieldValidationError(parsed.issues.map((i) => ({ path: `problem.${i.path}`, message: i.message })));
    const problem = parsed.problem;
    const accounts = new Set(problem.accounts.map((a) => a.id));
    const reps = new Set(problem.reps.map((r) => r.id));
    const seen = new Map<string, number>();
    const bad: FieldError[] = [];
    body.assignments.forEach((a, k) => {
      if (!accounts.has(a.accountId)) bad.push({ path: `assignments[${k}].accountId`, message: `no account "${a.accountId}" in the problem` });
      else if (seen.has(a.accountId)) bad.push({ path: `assignments[${k}].accountId`, message: `account "${a.accountId}" is already given at assignments[${seen.get(a.accountId)}]` });
      else seen.set(a.accountId, k);
      if (!reps.has(a.repId)) bad.push({ path: `assignments[${k}].repId`, message: `no rep "${a.repId}" in the problem` });
    });
    if (bad.length > 0) throw new FieldValidationError(bad);
    // The result types are read-only views of the schema's output (solver/result.ts).
    return evaluatePlan(problem, body.assignments, body.bound ?? null) as z.output<typeof evaluatedResultSchema>;
  });
}
