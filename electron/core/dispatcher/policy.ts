import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { HttpError } from '../errors.js';

/**
 * Where hooks may send. A desktop tool must reach localhost and the LAN, so loopback and
 * private addresses are allowed; what is never a webhook receiver is refused: link-local and
 * cloud metadata addresses, 0.0.0.0/8, multicast and broadcast, and Hookbench's own control
 * port. Checked when a hook is saved and again on every connection, against the resolved IP.
 */
const refused = new BlockList();
refused.addSubnet('0.0.0.0', 8, 'ipv4');
refused.addSubnet('169.254.0.0', 16, 'ipv4');
refused.addSubnet('224.0.0.0', 4, 'ipv4');
refused.addSubnet('240.0.0.0', 4, 'ipv4');
refused.addAddress('::', 'ipv6');
refused.addSubnet('fe80::', 10, 'ipv6');
refused.addSubnet('ff00::', 8, 'ipv6');
refused.addAddress('fd00:ec2::254', 'ipv6'); // AWS's IPv6 metadata service
refused.addSubnet('64:ff9b::', 96, 'ipv6'); // NAT64: would reach any IPv4 address, refused ones too

const ipv4CompatibleRange = new BlockList();
ipv4CompatibleRange.addSubnet('::', 96, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

export interface TargetPolicy {
  /** Throws a 400 HttpError (field `url`) for a URL that can never be a target. */
  checkUrl(url: string, field?: string): URL;
  /** Resolves a hostname and throws TargetRefusedError unless every address is allowed. */
  resolve(hostname: string, port: number): Promise<{ address: string; family: number }>;
}

export function createTargetPolicy(controlPort: () => number): TargetPolicy {
  const checkAddress = (address: string, port: number) => {
    const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
    const family = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
    // IPv4-compatible IPv6 (::a.b.c.d, deprecated) hides an IPv4 address; only ::1 is loopback.
    const ipv4Compatible = family === 'ipv6' && plain !== '::1' && ipv4CompatibleRange.check(plain, 'ipv6');
    if (ipv4Compatible || refused.check(plain, family)) {
      throw new TargetRefusedError(`${address} is a link-local, metadata, multicast or unspecified address, never a webhook receiver.`);
    }
    if (port === controlPort() && loopback.check(plain, family)) {
      throw new TargetRefusedError("That is Hookbench's own control port; send to an inbox on the ingress port instead.");
    }
  };

  return {
    checkUrl(url, field = 'url') {
      const parsed = httpUrl(url, field);
      const host = parsed.hostname.replace(/^\[|\]$/g, '');
      // localhost is loopback by definition (RFC 6761), so the control-port rule applies to it now.
      const literal = isIP(host) ? host : host === 'localhost' || host.endsWith('.localhost') ? '127.0.0.1' : undefined;
      if (literal) {
        try {
          checkAddress(literal, portOf(parsed));
        } catch (error) {
          throw new HttpError(400, 'target_refused', (error as Error).message, field);
        }
      }
      return parsed;
    },
    async resolve(hostname, port) {
      const host = hostname.replace(/^\[|\]$/g, '');
      const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookupWithin(host, DNS_TIMEOUT_MS);
      for (const { address } of addresses) checkAddress(address, port);
      return addresses[0]!;
    },
  };
}

export function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** getaddrinfo has no deadline of its own: a stuck resolver must not hold an attempt forever. */
const DNS_TIMEOUT_MS = 10_000;

async function lookupWithin(host: string, ms: number): Promise<{ address: string; family: number }[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no DNS answer for ${host} within ${ms / 1000} s`), { code: 'EAI_AGAIN' })),
      ms,
    );
  });
  try {
    return await Promise.race([lookup(host, { all: true }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A URL that can be sent to (http or https), or a 400 naming the field. */
export function httpUrl(url: string, field: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HttpError(400, 'invalid_url', `"${url}" is not a valid URL.`, field);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HttpError(400, 'invalid_url', `Only http and https URLs can receive webhooks, not ${parsed.protocol}`, field);
  }
  return parsed;
}
