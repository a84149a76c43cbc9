/**
 * Where a webhook may go (server-side request forgery): a job's `webhookUrl` is chosen by the
 * client, and the service POSTs to it from inside the network. Checked twice: at submission, the
 * host as written (a literal IP, or `localhost`, known to be loopback without asking DNS); at
 * delivery (jobs stored before these rules, names that resolve inside), every address the
 * host resolves to, which are then the only addresses the request may connect to (so a name cannot
 * resolve to a public address for the check and to an internal one for the connection). Hosts on
 * WEBHOOK_ALLOW_HOSTS skip both checks.
 */
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { forbiddenAddress } from './webhook-address.ts';
import { isAllowed, type AllowEntry } from './webhook-allow.ts';

/** The host without the brackets URL keeps around IPv6. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** `localhost` and its subdomains are loopback by definition (RFC 6761), whatever DNS says. */
function isLocalhostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * Why a submitted webhook URL is refused, or null when it is accepted. Only what the URL itself
 * shows is judged here (URL has already normalised decimal, hex and octal IPv4 and IPv6 forms);
 * names are checked at delivery, when they are resolved.
 */
export function refusedAtSubmission(text: string, allow: readonly AllowEntry[]): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a valid URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (isAllowed(url, allow)) return null;
  const host = bareHost(url);
  if (isLocalhostName(host)) return `host ${url.hostname} is loopback; webhooks must reach a public address (or a host on WEBHOOK_ALLOW_HOSTS)`;
  if (isIP(host) === 0) return null;
  const range = forbiddenAddress(host);
  return range ? `host ${url.hostname} is ${range}; webhooks must reach a public address (or a host on WEBHOOK_ALLOW_HOSTS)` : null;
}

export type Resolved =
  | { readonly ok: true; readonly addresses: readonly LookupAddress[] }
  | { readonly ok: false; readonly reason: string };

/**
 * The addresses a delivery may connect to, or why it may not happen at all. A name is resolved
 * (all its addresses) and refused when any of them is forbidden: which one the connection would use
 * is not ours to predict. DNS errors are thrown (a failed attempt, worth retrying).
 */
export async function resolveTarget(url: URL, allow: readonly AllowEntry[]): Promise<Resolved> {
  const allowed = isAllowed(url, allow);
  const host = bareHost(url);
  const family = isIP(host);
  // No name rule here: `localhost` is refused because it resolves to loopback, like any other name.
  const addresses: LookupAddress[] = family !== 0 ? [{ address: host, family }] : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${host} resolved to no address`);
  if (allowed) return { ok: true, addresses };
  const forbidden = addresses.flatMap((a) => {
    const range = forbiddenAddress(a.address);
    return range ? [`${a.address} (${range})`] : [];
  });
  if (forbidden.length > 0) return { ok: false, reason: `host ${url.hostname} resolves to ${forbidden.join(', ')}` };
  return { ok: true, addresses };
}
