import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../../src/core/service/rate-meter.ts';

describe('RateMeter', () => {
  it('rates from the start mark, over a sliding window, and forgets a pause', () => {
    const m = new RateMeter(3, 0);
    expect(m.rate(500)).toBe(0);
    m.tick(1000);
    expect(m.rate(1000)).toBe(1);
    m.tick(1500);
    m.tick(2000);
    m.tick(2500);
    // window of 3 intervals: marks 1000..2500
    expect(m.rate(2500)).toBe(2);
    m.reset(10_000);
    m.tick(10_250);
    expect(m.rate(10_250)).toBe(4);
  });
});
