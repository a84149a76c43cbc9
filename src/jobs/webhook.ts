/**
 * Posts `{id, status}` to a job's webhook when it ends, with a few retries and exponential backoff.
 * Delivery is best effort: a receiver that is down does not fail the job.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';

export interface WebhookOptions {
  readonly attempts: number;
  readonly backoffMs: number;
  readonly log: Logger;
  /** Per attempt. */
  readonly timeoutMs?: number;
}

export async function deliverWebhook(url: string, body: { id: string; status: string }, options: WebhookOptions): Promise<void> {
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
