/**
 * Where the service may listen. With an API key, anywhere (0.0.0.0 by default); without one, only on
 * loopback: an open service reachable from the network would hand every customer's data to anyone.
 */
import { isIP } from 'node:net';

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (h.startsWith('::ffff:')) return isLoopback(h.slice(7));
  return isIP(h) === 4 && h.startsWith('127.');
}

export type ListenDecision =
  | { readonly ok: true; readonly host: string; readonly secured: boolean }
  | { readonly ok: false; readonly message: string };

/** `configured` is HOST (null when unset); `secured` whether any API key is active. */
export function listenHost(configured: string | null, secured: boolean): ListenDecision {
  if (secured) return { ok: true, host: configured ?? '0.0.0.0', secured };
  const host = configured ?? '127.0.0.1';
  if (isLoopback(host)) return { ok: true, host, secured };
  return {
    ok: false,
    message: `HOST=${host} would expose the service without authentication. Create an API key first: `
      + '`territory keys create --tenant <name>` (or set API_KEYS=tenant:key for a container), '
      + 'or listen on loopback (unset HOST, or HOST=127.0.0.1).',
  };
}
