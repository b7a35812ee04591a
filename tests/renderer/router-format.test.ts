/** Hash routes and display formatting of the UI (pure functions). */
import { describe, expect, it } from 'vitest';
import { baseName, formatDuration, formatEta, formatNumber, formatPercent } from '../../src/renderer/src/lib/format.ts';
import { parseRoute, routeHash, type Route } from '../../src/renderer/src/platform/router.ts';

describe('routes', () => {
  it('round-trips every view through the URL hash', () => {
    const routes: Route[] = [
      { view: 'library' },
      { view: 'scan' },
      { view: 'model' },
      { view: 'tags' },
      { view: 'settings' },
      { view: 'track', id: 12, tab: 'overview' },
      { view: 'track', id: 0, tab: 'report' },
    ];
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
  });

  it('falls back to the library for empty, unknown or malformed hashes', () => {
    for (const h of ['', '#', '#/', '#/nope', '#/track', '#/track/-1', '#/track/1.5', '#/track/abc']) expect(parseRoute(h)).toEqual({ view: 'library' });
  });
});

describe('formatting', () => {
  it('formats durations as m:ss or h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(29.6)).toBe('0:30');
    expect(formatDuration(3599)).toBe('59:59');
    expect(formatDuration(3600 + 62)).toBe('1:01:02');
    expect(formatDuration(null)).toBe('');
    expect(formatDuration(Number.NaN)).toBe('');
  });

  it('formats percentages, ETAs, feature values and file names', () => {
    expect(formatPercent(0.876)).toBe('88%');
    expect(formatPercent(0.876, 1)).toBe('87.6%');
    expect(formatPercent(null)).toBe('');
    expect(formatEta(null)).toBe('–');
    expect(formatEta(12.2)).toBe('13 s');
    expect(formatEta(125)).toBe('2 min 5 s');
    expect(formatEta(7260)).toBe('2 h 1 min');
    expect(formatNumber(1234.56)).toBe('1234.6');
    expect(formatNumber(0.5)).toBe('0.5000');
    expect(formatNumber(6.3e-8)).toBe('6.300e-8');
    expect(formatNumber(0)).toBe('0');
    expect(baseName('/a/b/c.flac')).toBe('c.flac');
    expect(baseName('C:\\Music\\x.mp3')).toBe('x.mp3');
  });
});
