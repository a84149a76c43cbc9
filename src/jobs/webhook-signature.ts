/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/): a receiver checks that a
 * delivery comes from this service, unaltered, and recently. The secret is `whsec_` + base64 of
 * 24 to 64 random bytes; the signature is `v1,` + base64(HMAC-SHA256(those bytes,
 * `${id}.${timestamp}.${body}`)) over the exact body sent. Every function takes the secret as an
 * argument, so where it comes from (service-wide today, per tenant later) is the caller's choice.
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';
const MIN_BYTES = 24;
const MAX_BYTES = 64;

/** The key bytes of a `whsec_` secret; throws saying what is wrong (never echoing the secret). */
export function secretKey(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error(`must start with ${PREFIX}`);
  const b64 = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) throw new Error(`must be ${PREFIX} followed by standard base64`);
  const key = Buffer.from(b64, 'base64');
  if (key.length < MIN_BYTES || key.length > MAX_BYTES) throw new Error(`must encode ${MIN_BYTES} to ${MAX_BYTES} bytes (got ${key.length})`);
  return key;
}

/** A fresh secret of 32 random bytes. */
export function generateSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** `v1,<base64 HMAC-SHA256>` of one delivery. */
export function signature(secret: string, id: string, timestamp: number, body: string): string {
  return 'v1,' + createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
}

/** The three headers of a signed delivery; `timestamp` is unix seconds of this attempt. */
export function signedHeaders(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature(secret, id, timestamp, body),
  };
}
