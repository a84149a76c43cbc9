/**
 * The runner's webhooks (runner.ts): one delivery per job end, in the background, signed with the
 * job's tenant's secret; the deliveries in flight are kept so that a shutdown can wait for them a
 * little. Delivery itself (retries, targets, signatures) is webhook.ts.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { Job } from './store.ts';
import { deliverWebhook, webhookBody, type WebhookSolverFacts } from './webhook.ts';
import type { AllowEntry } from './webhook-allow.ts';
import type { WebhookSecrets } from './webhook-secret.ts';

export interface WebhookSenderOptions {
  readonly webhookAttempts: number;
  readonly webhookBackoffMs: number;
  /** WEBHOOK_ALLOW_HOSTS. */
  readonly webhookAllow: readonly AllowEntry[];
  /** Which secret signs a job's webhook (the seam for per-tenant secrets). */
  readonly webhookSecrets: WebhookSecrets;
}

export class WebhookSender {
  readonly #inFlight = new Set<Promise<void>>();

  constructor(
    private readonly options: WebhookSenderOptions,
    private readonly log: Logger,
  ) {}

  /** Posts the job's outcome to its webhook, if it has one; never throws. */
  send(job: Job, solver: WebhookSolverFacts | null): void {
    if (!job.webhookUrl) return;
    const log = this.log.child({ jobId: job.id });
    let secret: string;
    try {
      secret = this.options.webhookSecrets.secretFor(job);
    } catch (err) {
      // A secret that cannot be found must not end the runner; the delivery is skipped, loudly.
      log.error({ err }, 'no webhook secret for the job; webhook not sent');
      return;
    }
    const delivery = deliverWebhook({ url: job.webhookUrl, body: webhookBody(job, solver), secret }, {
      attempts: this.options.webhookAttempts,
      backoffMs: this.options.webhookBackoffMs,
      allow: this.options.webhookAllow,
      log,
    }).then(
      () => undefined,
      // deliverWebhook reports its failures itself; anything thrown past it must not go unhandled.
      (err: unknown) => log.error({ err }, 'webhook delivery failed unexpectedly'),
    );
    this.#inFlight.add(delivery);
    void delivery.finally(() => this.#inFlight.delete(delivery));
  }

  /** Resolves once the deliveries in flight have ended, or after `ms`. */
  async settled(ms: number): Promise<void> {
    await Promise.race([Promise.allSettled([...this.#inFlight]), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
  }
}
