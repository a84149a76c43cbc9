/**
 * `territory keys create --tenant <name> | revoke <id> | list`: API keys in the job store (the
 * SQLite file under DATA_DIR, or PostgreSQL with DATABASE_URL). Safe while the service runs: it sees
 * a new or revoked key on its next request.
 */
import { parseArgs } from 'node:util';
import { TENANT_PATTERN } from '../auth/api-keys.ts';
import { openKeyStore } from '../jobs/open-stores.ts';
import { loadServiceSecret, tenantSecret } from '../jobs/webhook-secret.ts';

export const KEYS_USAGE = `  territory keys create --tenant <name>   create an API key (printed once) for a tenant
  territory keys revoke <key-id>          revoke a key
  territory keys list                     list keys (ids, tenants, never the keys)
  territory keys webhook-secret --tenant <name>   the secret that signs the tenant's webhooks
  (keys live in the job store: under DATA_DIR, default ./var, or in PostgreSQL with DATABASE_URL)`;

/** A mistake in the command: the message goes to stderr with exit code 2. */
export class KeysUsageError extends Error {}

/** Where keys and the webhook secret live (from the service's configuration). */
export interface KeysConfig {
  readonly dataDir: string;
  readonly databaseUrl: string | null;
  readonly databasePoolSize: number;
  readonly webhookSecret: string | null;
}

const QUIET = { info: () => {}, warn: () => {} } as unknown as Parameters<typeof loadServiceSecret>[1];

export async function keysCommand(args: readonly string[], config: KeysConfig, out: (line: string) => void): Promise<number> {
  const [sub, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], allowPositionals: true, options: { tenant: { type: 'string' } } });
  } catch (err) {
    throw new KeysUsageError(`${(err as Error).message}\n\n${KEYS_USAGE}`);
  }
  const { values, positionals } = parsed;
  const keys = await openKeyStore(config);
  try {
    switch (sub) {
      case 'create': {
        const tenant = values.tenant;
        if (tenant === undefined || !TENANT_PATTERN.test(tenant)) {
          throw new KeysUsageError(`keys create needs --tenant <name> (letters, digits, '.', '_' or '-'; at most 64)\n\n${KEYS_USAGE}`);
        }
        const { info, key } = await keys.create(tenant);
        out(`created ${info.id} for tenant ${info.tenant}`);
        out(`key: ${key}`);
        out('Store it now: it is not shown again. Send it as "Authorization: Bearer <key>".');
        return 0;
      }
      case 'revoke': {
        const id = positionals[0];
        if (id === undefined || positionals.length !== 1) throw new KeysUsageError(`keys revoke takes one key id (see territory keys list)\n\n${KEYS_USAGE}`);
        if (!(await keys.revoke(id))) throw new KeysUsageError(`no active key with id "${id}" (see territory keys list)`);
        out(`revoked ${id}`);
        return 0;
      }
      case 'webhook-secret': {
        const tenant = values.tenant;
        if (tenant === undefined || !TENANT_PATTERN.test(tenant)) throw new KeysUsageError(`keys webhook-secret needs --tenant <name>\n\n${KEYS_USAGE}`);
        out(tenantSecret(loadServiceSecret(config, QUIET), tenant));
        return 0;
      }
      case 'list': {
        const all = await keys.list();
        if (all.length === 0) out('no keys: the service runs without authentication, on loopback only');
        for (const k of all) out(`${k.id}  tenant=${k.tenant}  source=${k.source}  created=${k.createdAt}${k.revokedAt ? `  revoked=${k.revokedAt}` : ''}`);
        return 0;
      }
      default:
        throw new KeysUsageError(`keys: expected create, revoke, list or webhook-secret\n\n${KEYS_USAGE}`);
    }
  } finally {
    await keys.close();
  }
}
