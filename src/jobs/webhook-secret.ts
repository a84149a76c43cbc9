/**
 * Which secret signs a job's webhook. The service secret is WEBHOOK_SECRET when set, else one
 * generated at first start and kept in DATA_DIR/webhook-secret (mode 0600), so receivers keep
 * verifying across restarts. Each tenant signs with its own secret, derived from the service secret
 * (HMAC-SHA256 of the tenant's name), so one tenant's secret cannot forge another's deliveries and
 * nothing per tenant has to be stored; `territory keys webhook-secret --tenant <name>` prints it. The
 * `default` tenant (the service without API keys) uses the service secret itself.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyBaseLogger as Logger } from 'fastify';
import { DEFAULT_TENANT } from '../auth/api-keys.ts';
import type { Job } from './store.ts';
import { generateSecret, secretKey } from './webhook-signature.ts';

export const SECRET_FILE = 'webhook-secret';

export interface WebhookSecrets {
  /** The `whsec_` secret that signs this job's deliveries. */
  secretFor(job: Job): string;
}

export function serviceWideSecrets(secret: string): WebhookSecrets {
  return { secretFor: () => secret };
}

/** The tenant's own `whsec_` secret, derived from the service secret. */
export function tenantSecret(serviceSecret: string, tenant: string): string {
  if (tenant === DEFAULT_TENANT) return serviceSecret;
  const derived = createHmac('sha256', secretKey(serviceSecret)).update(`territory webhook secret for tenant ${tenant}`).digest('base64');
  return `whsec_${derived}`;
}

export function perTenantSecrets(serviceSecret: string): WebhookSecrets {
  return { secretFor: (job) => tenantSecret(serviceSecret, job.tenant) };
}

/**
 * The service-wide secret: the configured one, else the one in DATA_DIR (created when missing).
 * Throws when the stored file does not hold a valid secret: replacing it silently would break
 * every receiver.
 */
export function loadServiceSecret(config: { readonly dataDir: string; readonly webhookSecret: string | null }, log: Logger): string {
  if (config.webhookSecret !== null) {
    log.info('webhook deliveries are signed with WEBHOOK_SECRET');
    return config.webhookSecret;
  }
  const path = join(config.dataDir, SECRET_FILE);
  mkdirSync(config.dataDir, { recursive: true });
  let created = false;
  try {
    // 'wx': never overwrite; a second process starting at the same moment reads the winner's file.
    writeFileSync(path, `${generateSecret()}\n`, { mode: 0o600, flag: 'wx' });
    created = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const secret = readFileSync(path, 'utf8').trim();
  try {
    secretKey(secret);
  } catch (err) {
    throw new Error(`${path} does not hold a webhook secret: it ${(err as Error).message}; fix or remove it, or set WEBHOOK_SECRET`, { cause: err });
  }
  if (created) {
    log.warn({ path }, `no WEBHOOK_SECRET set: generated a webhook signing secret and stored it in ${path} (mode 0600); give it to your webhook receivers (cat ${path}) or set WEBHOOK_SECRET`);
  } else {
    log.info({ path }, 'webhook deliveries are signed with the secret stored in DATA_DIR');
    if ((statSync(path).mode & 0o077) !== 0) log.warn({ path }, `${path} is readable by other users; chmod 600 it`);
  }
  return secret;
}
