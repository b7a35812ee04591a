import { describe, expect, it } from 'vitest';
import { aggregateTrack, UNKNOWN_GENRE } from '../../../src/core/model/aggregate.ts';
import { ModelError } from '../../../src/core/errors.ts';

const labels = ['blues', 'jazz', 'rock', 'pop'];

describe('aggregateTrack', () => {
  it('averages window probabilities and ranks the mean', () => {
    const r = aggregateTrack([Float32Array.of(0.7, 0.1, 0.1, 0.1), Float32Array.of(0.1, 0.5, 0.3, 0.1)], labels, 0.3);
    expect(r.probabilities.blues).toBeCloseTo(0.4, 6);
    expect(r.probabilities.jazz).toBeCloseTo(0.3, 6);
    expect(r.probabilities.rock).toBeCloseTo(0.2, 6);
    expect(r.probabilities.pop).toBeCloseTo(0.1, 6);
    expect(r.genre).toBe('blues');
    expect(r.unknown).toBe(false);
    expect(r.confidence).toBeCloseTo(0.4, 6);
    expect(r.top3.map((t) => t.genre)).toEqual(['blues', 'jazz', 'rock']);
    expect(r.top3[1].p).toBeCloseTo(0.3, 6);
  });

  it('is unknown below the threshold but keeps the scores', () => {
    const r = aggregateTrack([[0.35, 0.3, 0.2, 0.15]], labels, 0.4);
    expect(r.genre).toBe(UNKNOWN_GENRE);
    expect(r.unknown).toBe(true);
    expect(r.confidence).toBeCloseTo(0.35, 12);
    expect(r.top3[0]).toEqual({ genre: 'blues', p: 0.35 });
    expect(Object.keys(r.probabilities)).toEqual(labels);
  });

  it('accepts a top probability exactly at the threshold', () => {
    const r = aggregateTrack([[0.5, 0.5, 0, 0]], labels, 0.5);
    expect(r.unknown).toBe(false);
    // Ties keep label order.
    expect(r.genre).toBe('blues');
    expect(r.top3.map((t) => t.genre)).toEqual(['blues', 'jazz', 'rock']);
  });

  it('lets a confident window be outvoted by the mean, not by a majority', () => {
    // Two windows lean weakly to jazz, one is sure of rock: mean rock = 0.4, jazz = 0.367.
    const r = aggregateTrack(
      [
        [0, 0.55, 0.1, 0.35],
        [0, 0.55, 0.1, 0.35],
        [0, 0, 1, 0],
      ],
      labels,
      0,
    );
    expect(r.genre).toBe('rock');
    expect(r.probabilities.rock).toBeCloseTo(0.4, 12);
  });

  it('refuses empty input, wrong widths and non-finite values', () => {
    expect(() => aggregateTrack([], labels, 0.3)).toThrow(ModelError);
    expect(() => aggregateTrack([[0.5, 0.5]], labels, 0.3)).toThrow(/2 probabilities, expected 4/);
    expect(() => aggregateTrack([[NaN, 0, 0, 1]], labels, 0.3)).toThrow(/non-finite/);
  });
});
