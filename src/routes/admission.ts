/**
 * What every route that takes a problem checks before accepting it: the service is accepting work,
 * the problem passes the domain checks (references, matrix sizes) with paths under `prefix`, and its
 * model fits in memory: a model over MAX_MODEL_PAIRS is refused here, before it is stored or reaches
 * a thread, because compiling it alone could take the whole process down.
 */
import type { FastifyInstance } from 'fastify';
import { estimateModelPairs, validateProblem, type Problem } from '../../solver/index.ts';
import { Errors, type FieldError } from '../errors.ts';

/** A 400 carrying field errors (rendered by the error handler as problem+json with `errors`). */
export class FieldValidationError extends Errors.ValidationFailed {
  constructor(readonly fields: readonly FieldError[]) {
    super(fields.slice(0, 3).map((f) => `${f.path}: ${f.message}`).join('; ') + (fields.length > 3 ? `; and ${fields.length - 3} more` : ''));
  }
}

/** A 413 naming the fields that make the model large (rendered with `errors`, like a 400). */
export class ModelTooLargeError extends Errors.ModelTooLarge {
  readonly fields: readonly FieldError[];

  constructor(pairs: number, problem: Problem, limit: number, prefix: string) {
    super(pairs, `${problem.accounts.length} accounts and ${problem.reps.length} reps`, limit);
    const perAccount = problem.accounts.length > 0 ? Math.round(pairs / problem.accounts.length) : 0;
    this.fields = [
      { path: `${prefix}.accounts`, message: `${problem.accounts.length} accounts, each eligible for ${perAccount} reps on average` },
      { path: `${prefix}.reps`, message: `${problem.reps.length} reps: ${pairs} eligible pairs in all, above the limit of ${limit}` },
    ];
  }
}

export function admitProblem(app: FastifyInstance, problem: Problem, prefix: string): void {
  if (!app.accepting) throw new Errors.ShuttingDown();
  const { errors } = validateProblem(problem);
  if (errors.length > 0) throw new FieldValidationError(errors.map((e) => ({ path: `${prefix}.${e.path}`, message: e.message })));
  admitModelSize(app, problem, prefix);
}

/** Refuses a model with more eligible pairs than MAX_MODEL_PAIRS (an upper bound, computed without building them). */
export function admitModelSize(app: FastifyInstance, problem: Problem, prefix: string): void {
  const pairs = estimateModelPairs(problem);
  if (pairs > app.config.maxModelPairs) throw new ModelTooLargeError(pairs, problem, app.config.maxModelPairs, prefix);
}
