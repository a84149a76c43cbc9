/**
 * What POST /v1/jobs and POST /v1/frontier do with a submission once its body is read, in this
 * order: a replayed Idempotency-Key returns the job it created (even when the queue is full now or
 * the service is draining); otherwise the problem is admitted (accepting work, its domain errors,
 * its model size, the webhook URL) and stored as one queued job in a transaction that checks the
 * queue's room (SQLite: the next group commit, jobs/group-commit.ts), answered 202 once durable,
 * so the caps count every submission committed before this one.
 */
import type { FastifyReply, FastifyRequest, FastifyInstance } from 'fastify';
import type { TenantLimits } from '../auth/tenant-limits.ts';
import { Errors } from '../errors.ts';
import type { Job, NewJob } from '../jobs/store.ts';
import { admitProblem, admitWebhookUrl, queueRoom, tenantLimits } from './admission.ts';
import type { JobSubmission } from './submissions.ts';

export interface Acceptance {
  readonly submission: JobSubmission;
  /** The hash an Idempotency-Key is bound to (asked only when the request has a key). */
  readonly hash: () => string;
  /** What the job is, besides its problem, under the tenant's limits (its time limit, its kind). */
  readonly job: (limits: TenantLimits) => Pick<NewJob, 'timeLimitSeconds' | 'kind' | 'frontier'>;
  readonly location: (id: string) => string;
  /** The 202's body. */
  readonly view: (job: Job) => unknown;
}

export async function acceptJob(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, a: Acceptance): Promise<FastifyReply> {
  const { submission } = a;
  // Checked by the route's header schema (idempotencyHeadersSchema).
  const key = request.headers['idempotency-key'] as string | undefined;
  const idempotency = key ? { key, hash: a.hash() } : undefined;
  const earlier = idempotency ? await app.store.findByIdempotencyKey(request.tenant, idempotency.key) : undefined;
  if (earlier) {
    if (earlier.hash !== idempotency!.hash) throw new Errors.IdempotencyConflict(key);
    return reply.code(202).header('location', a.location(earlier.job.id)).header('idempotent-replayed', 'true').send(await a.view(earlier.job));
  }
  admitProblem(app, submission.facts, 'problem');
  admitWebhookUrl(app, submission.webhookUrl, 'webhookUrl', request.log);
  const limits = tenantLimits(app, request);
  const { job, created, conflict } = await app.store.create(
    { tenant: request.tenant, ...submission.document, size: { accounts: submission.facts.accounts, pairs: submission.facts.pairs }, webhookUrl: submission.webhookUrl ?? null, ...a.job(limits) },
    { idempotency, admit: queueRoom(app, limits, 1) },
  );
  if (conflict) throw new Errors.IdempotencyConflict(key);
  if (created) {
    // The row names the parse thread's file now (a replay's row names its own).
    request.stagedBody = null;
    request.log.info({ jobId: job.id, kind: job.kind, accounts: submission.facts.accounts, reps: submission.facts.reps }, 'job queued');
    app.queue.enqueue([job.id]);
  } else {
    reply.header('idempotent-replayed', 'true');
  }
  return reply.code(202).header('location', a.location(job.id)).send(await a.view(job));
}
