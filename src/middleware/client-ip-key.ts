import { isIP } from 'node:net';
import { ipKeyGenerator } from 'express-rate-limit';

// `[2001:db8::1]` or `[2001:db8::1]:443`, as some proxies write an IPv6 client.
const BRACKETED_IPV6 = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i;
// `203.0.113.7:51234`, as some proxies (Azure Application Gateway) write an IPv4 client.
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/;

/**
 * The per-IP rate-limit key of a client address: without a port or IPv6 brackets (a new source port
 * must not buy a new budget), an IPv4-mapped IPv6 address as its IPv4 one, any other IPv6 address as
 * its /64 (what one host is usually given). Something that is no address at all is its own key.
 */
export function clientIpKey(ip: string | undefined): string {
  const raw = ip ?? '';
  const address = BRACKETED_IPV6.exec(raw)?.[1] ?? IPV4_WITH_PORT.exec(raw)?.[1] ?? raw;
  return isIP(address) ? ipKeyGenerator(address, 64) : raw;
}
