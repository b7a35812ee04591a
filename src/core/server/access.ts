/**
 * Who may talk to `genrescope serve`: the secret token from the printed URL, the Origin of a
 * WebSocket upgrade, and (on loopback binds) the Host header, which defeats DNS-rebinding pages that
 * would otherwise reach 127.0.0.1 under a foreign name.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function isWildcardHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === '0.0.0.0' || h === '::';
}

/** `host:port` as it appears in a URL (IPv6 bracketed). */
export function hostPort(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${h}:${port}`;
}

/**
 * The host:port spellings under which a browser may legitimately reach this server. Loopback binds
 * accept the loopback names; wildcard binds also accept this machine's names and interface addresses.
 */
export function allowedHostPorts(bindHost: string, port: number, extraHosts: readonly string[] = []): Set<string> {
  const names = new Set<string>([bindHost, ...extraHosts]);
  if (isLoopbackHost(bindHost) || isWildcardHost(bindHost)) {
    for (const n of ['127.0.0.1', 'localhost', '::1']) names.add(n);
  }
  if (isWildcardHost(bindHost)) {
    const hn = hostname();
    names.add(hn);
    names.add(`${hn}.local`);
    for (const list of Object.values(networkInterfaces())) {
      for (const ni of list ?? []) names.add(ni.address);
    }
  }
  const out = new Set<string>();
  for (const n of names) {
    if (isWildcardHost(n)) continue;
    out.add(hostPort(n, port).toLowerCase());
  }
  return out;
}

/** An Origin header is accepted only if it is exactly http://<allowed host:port>. */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (!origin) return false;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' || u.pathname !== '/' || u.username || u.password) return false;
  if (origin.replace(/\/$/, '') !== u.origin) return false;
  const port = u.port === '' ? 80 : Number(u.port);
  return allowed.has(hostPort(u.hostname.replace(/^\[|\]$/g, ''), port).toLowerCase());
}

export function hostAllowed(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (!hostHeader) return false;
  return allowed.has(hostHeader.toLowerCase());
}

/** The address to print for a wildcard bind: the first external IPv4, else loopback. */
export function displayHost(bindHost: string): string {
  if (!isWildcardHost(bindHost)) return bindHost;
  for (const list of Object.values(networkInterfaces())) {
    for (const ni of list ?? []) if (ni.family === 'IPv4' && !ni.internal) return ni.address;
  }
  return '127.0.0.1';
}
