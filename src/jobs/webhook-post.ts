/**
 * One delivery attempt: check the target (webhook-target.ts), then POST with node:http(s) pinned
 * to the checked addresses. fetch cannot be used: it resolves the name again on its own (a DNS
 * answer that changes between check and connect would reach an internal address) and follows
 * redirects (a public receiver could send us to an internal port). Here a 3xx is just an answer.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AllowEntry } from './webhook-allow.ts';
import { resolveTarget } from './webhook-target.ts';

export type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  /** The target is forbidden: retrying cannot help. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** Worth retrying: a network error, a timeout, a non-2xx answer (3xx included). */
  | { readonly kind: 'failed'; readonly reason: string; readonly status?: number };

export interface PostOptions {
  readonly allow: readonly AllowEntry[];
  readonly timeoutMs: number;
}

export async function postOnce(url: URL, body: string, headers: Record<string, string>, options: PostOptions): Promise<AttemptOutcome> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const target = await abortable(resolveTarget(url, options.allow), signal);
    if (!target.ok) return { kind: 'refused', reason: target.reason };
    const res = await post(url, body, headers, target.addresses, signal);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return { kind: 'delivered', status };
    if (status >= 300 && status < 400) return { kind: 'failed', status, reason: `answered ${status} (redirects are not followed)` };
    return { kind: 'failed', status, reason: `answered ${status}` };
  } catch (err) {
    return { kind: 'failed', reason: signal.aborted ? `no answer within ${options.timeoutMs} ms` : (err as Error).message };
  }
}

function post(url: URL, body: string, headers: Record<string, string>, addresses: readonly LookupAddress[], signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      // A fresh connection each time: a pooled socket would be keyed by name, not by checked address.
      agent: false,
      lookup: pinnedLookup(addresses),
      signal,
    }, (res) => {
      // The answer's body is not ours to read; drain it so the socket closes. An error while
      // draining (the timeout firing, the peer resetting) must not become an unhandled event.
      res.on('error', () => {});
      res.resume();
      resolve(res);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A lookup that answers with the addresses already checked instead of asking DNS again. With
 * `all` (node's happy-eyeballs connect) it hands them all over, else the first of the family asked.
 */
function pinnedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : [...addresses];
    if (wanted.length === 0) {
      callback(Object.assign(new Error(`no checked IPv${String(options.family)} address`), { code: 'ENOTFOUND' }), '');
    } else if (options.all) {
      callback(null, wanted);
    } else {
      callback(null, wanted[0]!.address, wanted[0]!.family);
    }
  };
}

/** Rejects when the signal aborts (a DNS lookup cannot be cancelled, only stopped waiting for). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
