/**
 * POST /v1/evaluate's work, as a function of the validated body alone (no app, no request), so that
 * the parse pool's evaluate task (workers/evaluate-worker.ts) runs it off the event loop: the cap on
 * accounts, the problem's domain checks and model size (as routes/admission.ts admits a problem),
 * the alignment's references by index, then the scoring (solver/evaluate-plan.ts). A refusal comes
 * back as data the route turns into its registry error.
 */
import { evaluatePlan, parseProblem, type EvaluatedResult } from '../../solver/index.ts';
import type { FieldError } from '../errors.ts';
import type { EvaluateBody } from '../http/evaluate-schema.ts';
import { problemFacts, type ModelSize } from './submissions.ts';

export interface EvaluateLimits {
  /** EVALUATE_MAX_ACCOUNTS. */
  readonly maxAccounts: number;
  /** MAX_MODEL_PAIRS. */
  readonly maxModelPairs: number;
}

export type EvaluateOutcome =
  | { readonly ok: true; readonly result: EvaluatedResult }
  | { readonly ok: false; readonly kind: 'too-large'; readonly accounts: number; readonly limit: number }
  | { readonly ok: false; readonly kind: 'fields'; readonly fields: readonly FieldError[] }
  | { readonly ok: false; readonly kind: 'model'; readonly size: ModelSize; readonly limit: number };

export function evaluateOutcome(body: EvaluateBody, limits: EvaluateLimits): EvaluateOutcome {
  if (body.problem.accounts.length > limits.maxAccounts) return { ok: false, kind: 'too-large', accounts: body.problem.accounts.length, limit: limits.maxAccounts };
  const facts = problemFacts(body.problem);
  if (facts.errors.length > 0) return { ok: false, kind: 'fields', fields: facts.errors.map((e) => ({ path: `problem.${e.path}`, message: e.message })) };
  if (facts.pairs > limits.maxModelPairs) return { ok: false, kind: 'model', size: { pairs: facts.pairs, accounts: facts.accounts, reps: facts.reps }, limit: limits.maxModelPairs };
  const parsed = parseProblem(body.problem);
  // The facts ran the same checks; a failure here would be a bug in one of them.
  if (!parsed.ok) return { ok: false, kind: 'fields', fields: parsed.issues.map((i) => ({ path: `problem.${i.path}`, message: i.message })) };
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
  if (bad.length > 0) return { ok: false, kind: 'fields', fields: bad };
  return { ok: true, result: evaluatePlan(problem, body.assignments, body.bound ?? null) };
}
