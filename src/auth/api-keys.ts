/**
 * API keys: random secrets shown once, stored only as a SHA-256 hash. A key is 32 random bytes, so a
 * fast hash is enough (there is nothing to brute-force that a slow hash would protect); the prefix
 * makes a leaked key recognisable in logs and secret scanners.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const KEY_PREFIX = 'td_';

/** A new key: `td_` + 43 base64url characters (256 bits). */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** What the store keeps instead of the key. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A tenant name: what `--tenant` and `API_KEYS` accept. */
export const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The tenant every job belongs to while no key is configured (loopback only). */
export const DEFAULT_TENANT = 'default';

/** The key in an `Authorization: Bearer <key>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Compares two secrets (METRICS_KEY) in time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
