/**
 * Posts a job's outcome to its webhook when it ends, with a few retries and exponential backoff.
 * Delivery is best effort: a receiver that is down does not fail the job.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Job } from './store.ts';

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
  /** Per attempt. */
  readonly timeoutMs?: number;
}

export async function deliverWebhook(url: string, body: WebhookBody, options: WebhookOptions): Promise<void> {
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'territory-webhook/1' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      if (res.ok) {
        options.log.info({ url, attempt }, 'webhook delivered');
        return;
      }
      options.log.warn({ url, attempt, status: res.status }, 'webhook refused');
    } catch (err) {
      options.log.warn({ url, attempt, err: (err as Error).message }, 'webhook failed');
    }
    if (attempt < options.attempts) await new Promise((r) => setTimeout(r, options.backoffMs * 2 ** (attempt - 1)));
  }
  options.log.error({ url, attempts: options.attempts }, 'webhook given up');
}
