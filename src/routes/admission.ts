/**
 * What every route that takes a problem checks before accepting it: the service is accepting work,
 * the problem passes the domain checks (references, matrix sizes) with paths under `prefix`, and its
 * model is not larger than the service takes on: a model over MAX_MODEL_PAIRS is refused here, before
 * it is stored or reaches a thread (memory is bounded apart from it: a model over MODEL_PAIR_BUDGET
 * is streamed, see docs/large-models.md); and, for routes that take one, that a webhook URL does not
 * point inside the network.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { limitsOf, type TenantLimits } from '../auth/tenant-limits.ts';
import { Errors, type FieldError } from '../errors.ts';
import type { Admission } from '../jobs/store.ts';
import { refusedAtSubmission } from '../jobs/webhook-target.ts';
import type { ModelSize, ProblemFacts } from './submissions.ts';

/** A 400 carrying field errors (rendered by the error handler as problem+json with `errors`). */
export class FieldValidationError extends Errors.ValidationFailed {
  constructor(readonly fields: readonly FieldError[]) {
    super(fields.slice(0, 3).map((f) => `${f.path}: ${f.message}`).join('; ') + (fields.length > 3 ? `; and ${fields.length - 3} more` : ''));
  }
}

/** A 413 naming the fields that make the model large (rendered with `errors`, like a 400). */
export class ModelTooLargeError extends Errors.ModelTooLarge {
  readonly fields: readonly FieldError[];

  constructor({ pairs, accounts, reps }: ModelSize, limit: number, prefix: string) {
    super(pairs, `${accounts} accounts and ${reps} reps`, limit);
    const perAccount = accounts > 0 ? Math.round(pairs / accounts) : 0;
    this.fields = [
      { path: `${prefix}.accounts`, message: `${accounts} accounts, each eligible for ${perAccount} reps on average` },
      { path: `${prefix}.reps`, message: `${reps} reps: ${pairs} eligible pairs in all, above the limit of ${limit}` },
    ];
  }
}

/**
 * Admits a problem by its facts (submissions.ts, computed on this thread or the parse thread):
 * accepting work, then the domain errors with paths under `prefix`, then the model size.
 */
export function admitProblem(app: FastifyInstance, facts: ProblemFacts, prefix: string): void {
  if (!app.accepting) throw new Errors.ShuttingDown();
  if (facts.errors.length > 0) throw new FieldValidationError(facts.errors.map((e) => ({ path: `${prefix}.${e.path}`, message: e.message })));
  admitModelSize(app, facts, prefix);
}

/** Refuses a model with more eligible pairs than MAX_MODEL_PAIRS (an upper bound, computed without building them). */
export function admitModelSize(app: FastifyInstance, size: ModelSize, prefix: string): void {
  if (size.pairs > app.config.maxModelPairs) throw new ModelTooLargeError(size, app.config.maxModelPairs, prefix);
}

/** The tenant's limits (they depend on whether any API key existed when the request was authenticated). */
export function tenantLimits(app: FastifyInstance, request: FastifyRequest): TenantLimits {
  return limitsOf(app.config, request.tenant, request.keysActive);
}

/**
 * Room in the queue for `jobs` more jobs of a tenant with these limits: the service's queue (503,
 * retry later) and the tenant's own share of it (429: this tenant has enough waiting already).
 * Checked by the store inside the submission's transaction (jobs/store.ts, Admission), so the caps
 * count the submissions committed before this one, from this process or another.
 */
export function queueRoom(app: FastifyInstance, limits: TenantLimits, jobs: number): Admission {
  return ({ queued, queuedOfTenant }) => {
    if (queued + jobs > app.config.queueMax) throw new Errors.QueueFull(app.config.queueMax);
    if (queuedOfTenant + jobs > limits.maxQueued) throw new Errors.TenantQueueFull(queuedOfTenant, jobs, limits.maxQueued);
  };
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
