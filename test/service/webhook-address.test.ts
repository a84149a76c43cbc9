/**
 * Which addresses a webhook may not reach (src/jobs/webhook-address.ts), and which hosts the
 * WEBHOOK_ALLOW_HOSTS entries match (src/jobs/webhook-allow.ts).
 */
import { describe, expect, it } from 'vitest';
import { forbiddenAddress } from '../../src/jobs/webhook-address.ts';
import { isAllowed, parseAllowList } from '../../src/jobs/webhook-allow.ts';

describe('forbiddenAddress', () => {
  const forbidden: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['100.127.255.255', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['::', /unspecified/],
    ['::1', /loopback/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['febf:ffff::1', /link-local/],
    ['fc00::1', /unique local/],
    ['fd12:3456::1', /unique local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /IPv4-mapped .*loopback/],
    ['::ffff:7f00:1', /IPv4-mapped .*loopback/],
    ['::ffff:a9fe:a9fe', /IPv4-mapped .*link-local/],
    ['0:0:0:0:0:ffff:10.0.0.1', /IPv4-mapped .*private/],
    ['::127.0.0.1', /IPv4-compatible .*loopback/],
    ['64:ff9b::169.254.169.254', /NAT64 .*link-local/],
    ['2002:c0a8:101::1', /6to4 .*private/],
    ['not-an-ip', /not an IP address/],
  ];
  for (const [address, why] of forbidden) {
    it(`refuses ${address}`, () => {
      expect(forbiddenAddress(address)).toMatch(why);
    });
  }

  for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1']) {
    it(`accepts the public address ${address}`, () => {
      expect(forbiddenAddress(address)).toBeNull();
    });
  }
});

describe('WEBHOOK_ALLOW_HOSTS matching', () => {
  const allow = parseAllowList('127.0.0.1:8080,hooks.internal,[::1]:9000');

  it('matches a host:port entry on that port only, the default port included', () => {
    expect(isAllowed(new URL('http://127.0.0.1:8080/x'), allow)).toBe(true);
    expect(isAllowed(new URL('http://2130706433:8080/x'), allow)).toBe(true);
    expect(isAllowed(new URL('http://127.0.0.1:8081/x'), allow)).toBe(false);
    expect(isAllowed(new URL('http://127.0.0.1/x'), allow)).toBe(false);
    expect(isAllowed(new URL('http://[::1]:9000/'), allow)).toBe(true);
    expect(isAllowed(new URL('http://[::1]/'), allow)).toBe(false);
    expect(isAllowed(new URL('http://a.internal:80/'), parseAllowList('a.internal:80'))).toBe(true);
    expect(isAllowed(new URL('https://a.internal/'), parseAllowList('a.internal:443'))).toBe(true);
  });

  it('matches a host entry on any port, case and a trailing dot aside; never a subdomain', () => {
    expect(isAllowed(new URL('https://HOOKS.internal./x'), allow)).toBe(true);
    expect(isAllowed(new URL('http://hooks.internal:1234/x'), allow)).toBe(true);
    expect(isAllowed(new URL('http://evil.hooks.internal/x'), allow)).toBe(false);
    expect(isAllowed(new URL('http://hooks.internal.evil.com/x'), allow)).toBe(false);
  });
});
