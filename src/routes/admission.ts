/**
 * What every route that takes a problem checks before accepting it: the service is accepting work,
 * the problem passes the domain checks (references, matrix sizes) with paths under `prefix`, and its
 * model fits in memory: a model over MAX_MODEL_PAIRS is refused here, before it is stored or reaches
 * a thread, because compiling it alone could take the whole process down; and, for routes that take
 * one, that a webhook URL does not point inside the network.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { estimateModelPairs, matchRepsByName, validateProblem, type Problem } from '../../solver/index.ts';
import { limitsOf, type TenantLimits } from '../auth/tenant-limits.ts';
import { Errors, type FieldError } from '../errors.ts';
import { refusedAtSubmission } from '../jobs/webhook-target.ts';

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
  // As the solve will see it: owners and locks given by rep name are matched first (parseProblem does the same).
  const { errors } = validateProblem(matchRepsByName(problem).problem);
  if (errors.length > 0) throw new FieldValidationError(errors.map((e) => ({ path: `${prefix}.${e.path}`, message: e.message })));
  admitModelSize(app, problem, prefix);
}

/** Refuses a model with more eligible pairs than MAX_MODEL_PAIRS (an upper bound, computed without building them). */
export function admitModelSize(app: FastifyInstance, problem: Problem, prefix: string): void {
  const pairs = estimateModelPairs(problem);
  if (pairs > app.config.maxModelPairs) throw new ModelTooLargeError(pairs, problem, app.config.maxModelPairs, prefix);
}

/**
 * Room in the queue for `jobs` more jobs of the request's tenant: the service's queue (503, retry
 * later) and the tenant's own share of it (429: this tenant has enough waiting already).
 */
export function admitQueued(app: FastifyInstance, tenant: string, jobs: number): TenantLimits {
  const limits = limitsOf(app.config, tenant, app.keys.activeCount() > 0);
  if (app.store.queuedCount() + jobs > app.config.queueMax) throw new Errors.QueueFull(app.config.queueMax);
  const waiting = app.store.queuedCountOf(tenant);
  if (waiting + jobs > limits.maxQueued) throw new Errors.TenantQueueFull(waiting, jobs, limits.maxQueued);
  return limits;
}

/**
 * A webhook URL whose host is a literal internal address or `localhost` is a 400 on `path`, unless
 * WEBHOOK_ALLOW_HOSTS names it (names are checked again, resolved, at delivery).
 */
export function admitWebhookUrl(app: FastifyInstance, url: string | undefined, path: string, log: FastifyBaseLogger): void {
  if (url === undefined) return;
  const reason = refusedAtSubmission(url, app.config.webhookAllowHosts);
  if (reason) throw new FieldValidationError([{ path, message: reason }]);
  // Signed, but readable and alterable on the way: worth a word in the log, not a refusal.
  if (new URL(url).protocol === 'http:') log.warn({ path }, 'webhook over plain http: its body can be read on the way; https is recommended');
}
