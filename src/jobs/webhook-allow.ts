/**
 * WEBHOOK_ALLOW_HOSTS: the hosts an operator lets webhooks reach although they are internal (a
 * scheduler on the same network, a receiver on loopback in tests). Entries name the URL's host, as
 * written in webhook URLs (normalised the same way), optionally with a port; they are not matched
 * against the addresses a name resolves to, so allowing `10.0.0.5` does not allow a name that
 * resolves to it.
 */

export interface AllowEntry {
  /** Host as `URL.hostname` gives it: lower case, IPv4 in dotted decimal, IPv6 in brackets. */
  readonly host: string;
  /** Null: any port. */
  readonly port: number | null;
}

/**
 * Parses one entry (`host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address); throws with
 * a message saying what is wrong.
 */
export function parseAllowEntry(text: string): AllowEntry {
  const entry = text.trim();
  // A bare IPv6 address has several colons and no port; bracket it as a URL would.
  const authority = !entry.startsWith('[') && (entry.match(/:/g)?.length ?? 0) > 1 ? `[${entry}]` : entry;
  const m = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(authority);
  if (!m || /[/?#@\s]/.test(authority)) throw new Error(`"${entry}" is not a host or host:port`);
  let url: URL;
  try {
    url = new URL(`http://${m[1]}`);
  } catch {
    throw new Error(`"${entry}" is not a valid host`);
  }
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535)) throw new Error(`"${entry}" has a port outside 1-65535`);
  return { host: canonicalHost(url.hostname), port };
}

/** Parses the comma-separated list; empty items are ignored. */
export function parseAllowList(text: string): AllowEntry[] {
  return text.split(',').filter((s) => s.trim() !== '').map(parseAllowEntry);
}

/** The port a URL connects to, the scheme's default when it names none. */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Whether the URL's host (and port) is on the allow list. */
export function isAllowed(url: URL, allow: readonly AllowEntry[]): boolean {
  const host = canonicalHost(url.hostname);
  const port = effectivePort(url);
  return allow.some((e) => e.host === host && (e.port === null || e.port === port));
}

/** `example.com.` and `example.com` are the same DNS name. */
function canonicalHost(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}
