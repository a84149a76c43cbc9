/**
 * Which IP addresses a webhook may not reach: everything that is not a public unicast address
 * (loopback, private, link-local and cloud metadata, CGNAT, multicast, broadcast, unspecified,
 * reserved), in IPv4 and IPv6, including IPv6 forms that carry an IPv4 address inside
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4), since those reach the embedded IPv4 host.
 */
import { BlockList, isIP } from 'node:net';

interface Range {
  readonly network: string;
  readonly prefix: number;
  readonly name: string;
}

/** IPv4 special-purpose ranges that are not globally reachable (IANA registry, RFC 6890). */
const IPV4: readonly Range[] = [
  { network: '0.0.0.0', prefix: 8, name: 'unspecified ("this network")' },
  { network: '10.0.0.0', prefix: 8, name: 'private (RFC 1918)' },
  { network: '100.64.0.0', prefix: 10, name: 'carrier-grade NAT (RFC 6598)' },
  { network: '127.0.0.0', prefix: 8, name: 'loopback' },
  { network: '169.254.0.0', prefix: 16, name: 'link-local (cloud metadata lives here)' },
  { network: '172.16.0.0', prefix: 12, name: 'private (RFC 1918)' },
  { network: '192.0.0.0', prefix: 24, name: 'IETF protocol assignments' },
  { network: '192.0.2.0', prefix: 24, name: 'documentation' },
  { network: '192.168.0.0', prefix: 16, name: 'private (RFC 1918)' },
  { network: '198.18.0.0', prefix: 15, name: 'benchmarking' },
  { network: '198.51.100.0', prefix: 24, name: 'documentation' },
  { network: '203.0.113.0', prefix: 24, name: 'documentation' },
  { network: '224.0.0.0', prefix: 4, name: 'multicast' },
  // 240/4 also holds the limited broadcast address 255.255.255.255.
  { network: '240.0.0.0', prefix: 4, name: 'reserved or broadcast' },
];

/** IPv6 ranges that are not globally reachable. The embedding ranges are handled by embeddedIPv4. */
const IPV6: readonly Range[] = [
  { network: '::', prefix: 128, name: 'unspecified' },
  { network: '::1', prefix: 128, name: 'loopback' },
  { network: '100::', prefix: 64, name: 'discard-only' },
  { network: '64:ff9b:1::', prefix: 48, name: 'local-use NAT64' },
  { network: '2001:db8::', prefix: 32, name: 'documentation' },
  { network: 'fc00::', prefix: 7, name: 'unique local (ULA)' },
  { network: 'fe80::', prefix: 10, name: 'link-local' },
  { network: 'fec0::', prefix: 10, name: 'site-local (deprecated)' },
  { network: 'ff00::', prefix: 8, name: 'multicast' },
];

function blockList(ranges: readonly Range[], family: 'ipv4' | 'ipv6'): Map<string, BlockList> {
  // One list per name, so that a refusal can say which range the address is in.
  const lists = new Map<string, BlockList>();
  for (const r of ranges) {
    const list = lists.get(r.name) ?? new BlockList();
    list.addSubnet(r.network, r.prefix, family);
    lists.set(r.name, list);
  }
  return lists;
}

const V4_LISTS = blockList(IPV4, 'ipv4');
const V6_LISTS = blockList(IPV6, 'ipv6');

/**
 * Why `address` (an IP literal, IPv6 without brackets) may not be a webhook target, or null when
 * it may. Anything that is not an IP address at all is refused too: callers pass resolved addresses.
 */
export function forbiddenAddress(address: string): string | null {
  const ip = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) does not change the range
  const family = isIP(ip);
  if (family === 4) return rangeOf(V4_LISTS, ip, 'ipv4');
  if (family !== 6) return 'not an IP address';
  const embedded = embeddedIPv4(ip);
  if (embedded) {
    const inner = rangeOf(V4_LISTS, embedded.ipv4, 'ipv4');
    return inner ? `${embedded.form} of ${embedded.ipv4}, ${inner}` : null;
  }
  return rangeOf(V6_LISTS, ip, 'ipv6');
}

function rangeOf(lists: Map<string, BlockList>, ip: string, family: 'ipv4' | 'ipv6'): string | null {
  for (const [name, list] of lists) if (list.check(ip, family)) return name;
  return null;
}

/**
 * The IPv4 address an IPv6 address carries, for the forms that route to it: IPv4-mapped
 * (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated; :: and ::1 are left to the IPv6 list),
 * NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:AABB:CCDD::).
 */
function embeddedIPv4(ip: string): { form: string; ipv4: string } | null {
  const b = ipv6Bytes(ip);
  if (!b) return null;
  const zero = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  const dotted = (at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return { form: 'IPv4-mapped IPv6', ipv4: dotted(12) };
  if (zero(0, 12) && (!zero(12, 15) || b[15]! > 1)) return { form: 'IPv4-compatible IPv6', ipv4: dotted(12) };
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return { form: 'NAT64 IPv6', ipv4: dotted(12) };
  if (b[0] === 0x20 && b[1] === 0x02) return { form: '6to4 IPv6', ipv4: dotted(2) };
  return null;
}

/** The 16 bytes of a valid IPv6 literal (`isIP` has accepted it), with or without a dotted tail. */
function ipv6Bytes(ip: string): Uint8Array | null {
  let text = ip.toLowerCase();
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [p, q, r, s] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return null;
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((g, k) => {
    const v = parseInt(g, 16);
    bytes[2 * k] = v >> 8;
    bytes[2 * k + 1] = v & 0xff;
  });
  return bytes;
}
