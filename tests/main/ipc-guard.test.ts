import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSender, navigationVerdict } from '../../src/main/ipc-guard.ts';

const built = { rendererUrl: 'file:///opt/Genrescope/resources/app.asar/out/renderer/index.html' };
const dev = { rendererUrl: 'http://localhost:5173/' };
const ours = new Set([3]);

function event(url: string | null, id = 3, parent: unknown = null) {
  return { sender: { id }, senderFrame: url === null ? null : { url, parent } };
}

describe('isAppUrl', () => {
  it('accepts only our index.html over file://, with any route', () => {
    expect(isAppUrl(built.rendererUrl, built)).toBe(true);
    expect(isAppUrl(built.rendererUrl + '#/track/5', built)).toBe(true);
    expect(isAppUrl(built.rendererUrl + '?x=1', built)).toBe(true);
    expect(isAppUrl('file:///tmp/evil.html', built)).toBe(false);
    expect(isAppUrl('file:///opt/Genrescope/resources/app.asar/out/renderer/other.html', built)).toBe(false);
    expect(isAppUrl('file:///opt/Genrescope/resources/app.asar/out/renderer/../renderer/index.html', built)).toBe(true);
    expect(isAppUrl('http://localhost:5173/', built)).toBe(false);
    expect(isAppUrl('not a url', built)).toBe(false);
  });

  it('accepts the dev server origin only', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts the top frame of our window showing our page', () => {
    expect(isTrustedSender(event(built.rendererUrl), built, ours)).toBe(true);
  });
  it('ignores other webContents, subframes, destroyed frames and foreign pages', () => {
    expect(isTrustedSender(event(built.rendererUrl, 4), built, ours)).toBe(false);
    expect(isTrustedSender(event(built.rendererUrl, 3, { url: built.rendererUrl }), built, ours)).toBe(false);
    expect(isTrustedSender(event(null), built, ours)).toBe(false);
    expect(isTrustedSender(event('https://example.com/'), built, ours)).toBe(false);
    expect(isTrustedSender(event('file:///home/u/Downloads/page.html'), built, ours)).toBe(false);
  });
});

describe('navigationVerdict', () => {
  it('keeps the app, sends web links to the browser, refuses the rest', () => {
    expect(navigationVerdict(built.rendererUrl + '#/settings', built)).toBe('allow');
    expect(navigationVerdict('https://www.kaggle.com/datasets', built)).toBe('open-external');
    expect(navigationVerdict('http://example.com/', built)).toBe('open-external');
    expect(navigationVerdict('https://user:pw@example.com/', built)).toBe('deny');
    expect(navigationVerdict('file:///etc/passwd', built)).toBe('deny');
    expect(navigationVerdict('javascript:alert(1)', built)).toBe('deny');
    expect(navigationVerdict('genrescope-audio://track/1', built)).toBe('deny');
  });
});
