/**
 * Posts a job's outcome to its webhook when it ends, signed (Standard Webhooks), with a few retries
 * and exponential backoff. Delivery is best effort: a receiver that is down does not fail the job.
 * Where it may go is webhook-target.ts, how one attempt is sent webhook-post.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Job } from './store.ts';
import type { AllowEntry } from './webhook-allow.ts';
import { postOnce } from './webhook-post.ts';
import { signedHeaders } from './webhook-signature.ts';

/** What the solver said, when the job got that far. */
export interface WebhookSolverFacts {
  readonly status: string;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly message: string | null;
}

/**
 * The body a scheduler receives. `status` is the job's (a solve that proved infeasibility still
 * `succeeded` as a job); `plan` says whether there is an assignment to fetch, `solver` why or why not.
 */
export interface WebhookBody {
  readonly id: string;
  readonly status: string;
  readonly plan: boolean;
  readonly solver: WebhookSolverFacts | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly links: { readonly job: string; readonly result: string };
}

export function webhookBody(job: Job, solver: WebhookSolverFacts | null): WebhookBody {
  return {
    id: job.id,
    status: job.status,
    plan: job.hasResult && solver !== null && solver.objective !== null,
    solver,
    error: job.error,
    links: { job: `/v1/jobs/${job.id}`, result: `/v1/jobs/${job.id}/result` },
  };
}

export interface WebhookOptions {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly log: Logger;
  /** WEBHOOK_ALLOW_HOSTS: internal hosts that may be reached all the same. */
  readonly allow: readonly AllowEntry[];
  /** Per attempt, DNS included. */
  readonly timeoutMs?: number;
}

export interface WebhookMessage {
  readonly url: string;
  readonly body: WebhookBody;
  /** The `whsec_` secret that signs it (WebhookSecrets.secretFor(job)). */
  readonly secret: string;
  /** Unique per message and the same on every attempt, so a receiver can drop duplicates. */
  readonly id?: string;
}

export type DeliveryOutcome = 'delivered' | 'refused' | 'given up';

/**
 * Posts the message, signed anew on each attempt (the timestamp is the attempt's), until it is
 * accepted or the attempts run out. A forbidden target is refused at once and not retried.
 */
export async function deliverWebhook(message: WebhookMessage, options: WebhookOptions): Promise<DeliveryOutcome> {
  let url: URL;
  try {
    url = new URL(message.url);
  } catch {
    // Only a row stored by hand or by an older version can hold one; the URL may carry secrets.
    options.log.warn('webhook target refused: the stored URL does not parse; not retried');
    return 'refused';
  }
  // Credentials and query strings may carry tokens: logs get the origin and path only.
  const logged = `${url.origin}${url.pathname}`;
  const id = message.id ?? `msg_${randomUUID()}`;
  const body = JSON.stringify(message.body);
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'territory-webhook/1',
      ...signedHeaders(message.secret, id, Math.floor(Date.now() / 1000), body),
    };
    const outcome = await postOnce(url, body, headers, { allow: options.allow, timeoutMs: options.timeoutMs ?? 5000 });
    if (outcome.kind === 'delivered') {
      options.log.info({ url: logged, webhookId: id, attempt, status: outcome.status }, 'webhook delivered');
      return 'delivered';
    }
    if (outcome.kind === 'refused') {
      options.log.warn({ url: logged, webhookId: id, reason: outcome.reason }, 'webhook target refused: not a public address (see WEBHOOK_ALLOW_HOSTS); not retried');
      return 'refused';
    }
    options.log.warn({ url: logged, webhookId: id, attempt, status: outcome.status, reason: outcome.reason }, 'webhook attempt failed');
    if (attempt < options.attempts) await new Promise((r) => setTimeout(r, options.backoffMs * 2 ** (attempt - 1)));
  }
  options.log.error({ url: logged, webhookId: id, attempts: options.attempts }, 'webhook given up');
  return 'given up';
}
