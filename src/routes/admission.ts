/**
 * What every route that takes a problem checks before accepting it: the service is accepting work,
 * and the problem passes the domain checks (references, matrix sizes) with paths under `prefix`.
 */
import type { FastifyInstance } from 'fastify';
import { validateProblem, type Problem } from '../../solver/index.ts';
import { Errors, type FieldError } from '../errors.ts';

/** A 400 carrying field errors (rendered by the error handler as problem+json with `errors`). */
export class FieldValidationError extends Errors.ValidationFailed {
  constructor(readonly fields: readonly FieldError[]) {
    super(fields.slice(0, 3).map((f) => `${f.path}: ${f.message}`).join('; ') + (fields.length > 3 ? `; and ${fields.length - 3} more` : ''));
  }
}

export function admitProblem(app: FastifyInstance, problem: Problem, prefix: string): void {
  if (!app.accepting) throw new Errors.ShuttingDown();
  const { errors } = validateProblem(problem);
  if (errors.length > 0) throw new FieldValidationError(errors.map((e) => ({ path: `${prefix}.${e.path}`, message: e.message })));
}
