import { describe, expect, it } from 'vitest';
import { allowedHostPorts, hostAllowed, hostPort, isLoopbackHost, newToken, originAllowed, tokenMatches } from '../../../src/core/server/access.ts';
import { buildCsp, setMetaCsp } from '../../../src/core/server/csp.ts';

describe('token', () => {
  it('is long, random and compared exactly', () => {
    const a = newToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newToken()).not.toBe(a);
    expect(tokenMatches(a, a)).toBe(true);
    expect(tokenMatches(a, a.slice(1))).toBe(false);
    expect(tokenMatches(a, a.toUpperCase() === a ? a.toLowerCase() : a.toUpperCase())).toBe(false);
    expect(tokenMatches(a, null)).toBe(false);
    expect(tokenMatches(a, '')).toBe(false);
  });
});

describe('origins and hosts', () => {
  const loop = allowedHostPorts('127.0.0.1', 4870);
  it('allows the loopback spellings of this port only', () => {
    expect(originAllowed('http://127.0.0.1:4870', loop)).toBe(true);
    expect(originAllowed('http://localhost:4870', loop)).toBe(true);
    expect(originAllowed('http://[::1]:4870', loop)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4871', loop)).toBe(false);
    expect(originAllowed('https://127.0.0.1:4870', loop)).toBe(false);
    expect(originAllowed('http://evil.example:4870', loop)).toBe(false);
    expect(originAllowed('http://127.0.0.1:4870/path', loop)).toBe(false);
    expect(originAllowed('null', loop)).toBe(false);
    expect(originAllowed(undefined, loop)).toBe(false);
    expect(hostAllowed('127.0.0.1:4870', loop)).toBe(true);
    expect(hostAllowed('LOCALHOST:4870', loop)).toBe(true);
    expect(hostAllowed('evil.example:4870', loop)).toBe(false);
    expect(hostAllowed(undefined, loop)).toBe(false);
  });
  it('adds extra names and machine addresses for wildcard binds', () => {
    const nas = allowedHostPorts('0.0.0.0', 80, ['nas.local']);
    expect(originAllowed('http://nas.local', nas)).toBe(true);
    expect(originAllowed('http://127.0.0.1', nas)).toBe(true);
    expect(originAllowed('http://evil.example', nas)).toBe(false);
    expect([...nas].some((h) => h.startsWith('0.0.0.0'))).toBe(false);
  });
  it('spells IPv6 hosts with brackets', () => {
    expect(hostPort('::1', 80)).toBe('[::1]:80');
    expect(hostPort('[::1]', 80)).toBe('[::1]:80');
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('127.3.2.1')).toBe(true);
    expect(isLoopbackHost('192.168.1.2')).toBe(false);
  });
});

describe('CSP', () => {
  it('keeps the Electron renderer to its own files and the audio protocol', () => {
    const csp = buildCsp('electron', { meta: true });
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain('media-src genrescope-audio: blob:;');
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('frame-ancestors');
    expect(csp).not.toMatch(/https?:/);
    expect(buildCsp('electron')).toContain("frame-ancestors 'none'");
  });
  it('lets the dev server page run Vite client code, and the web page reach its WebSocket', () => {
    expect(buildCsp('electron-dev', { devOrigin: 'http://localhost:5173' })).toContain('connect-src \'self\' genrescope-audio: http://localhost:5173 ws://localhost:5173');
    const web = buildCsp('web', { wsOrigin: 'ws://127.0.0.1:4870' });
    expect(web).toContain("connect-src 'self' ws://127.0.0.1:4870");
    expect(web).toContain("media-src 'self' blob:;");
    expect(web).not.toContain('genrescope-audio');
  });
  it('replaces or inserts the CSP meta tag', () => {
    const html = '<html><head><meta charset="utf-8"><META http-equiv="content-security-policy" content="x"></head></html>';
    const out = setMetaCsp(html, "default-src 'self'");
    expect(out.match(/Content-Security-Policy/gi)?.length).toBe(1);
    expect(out).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'self'">`);
    expect(setMetaCsp(html, null)).not.toMatch(/security-policy/i);
    expect(setMetaCsp('<p>x</p>', 'a')).toMatch(/^<meta/);
  });
});
