/**
 * The undo data must rebuild the original exactly for every shape of tag rewrite: a front block that
 * grows or shrinks (audio shifts), edits at both ends, scattered in-place edits (Ogg page headers).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { applyByteDiff, computeByteDiff, decodeByteDiff, encodeByteDiff, hunkBytes } from '../../../src/core/tags/byte-diff.ts';

function roundTrip(oldBytes: Buffer, newBytes: Buffer): number {
  const diff = decodeByteDiff(encodeByteDiff(computeByteDiff(oldBytes, newBytes)));
  expect(applyByteDiff(newBytes, diff).equals(oldBytes)).toBe(true);
  return hunkBytes(diff);
}

const audio = randomBytes(300_000);

describe('byte diff', () => {
  it('front tag grows: stores about the old tag only', () => {
    const oldTag = randomBytes(2_000);
    const stored = roundTrip(Buffer.concat([oldTag, audio]), Buffer.concat([randomBytes(6_000), audio]));
    expect(stored).toBeLessThanOrEqual(2_000);
  });

  it('front tag shrinks', () => {
    const stored = roundTrip(Buffer.concat([randomBytes(9_000), audio]), Buffer.concat([randomBytes(1_000), audio]));
    expect(stored).toBeLessThanOrEqual(9_000);
  });

  it('front and back edited (ID3v2 + ID3v1): both hunks, audio not stored', () => {
    const oldBytes = Buffer.concat([randomBytes(1_500), audio, randomBytes(128)]);
    const newBytes = Buffer.concat([randomBytes(4_096), audio, randomBytes(128)]);
    expect(roundTrip(oldBytes, newBytes)).toBeLessThan(1_500 + 128 + 64);
  });

  it('scattered in-place edits (page sequence numbers and CRCs)', () => {
    const oldBytes = Buffer.from(audio);
    const newBytes = Buffer.from(audio);
    for (let at = 18; at < newBytes.length; at += 4096) newBytes.writeUInt32LE(at, at);
    expect(roundTrip(oldBytes, newBytes)).toBeLessThan(8 * Math.ceil(audio.length / 4096));
  });

  it('identical, empty and totally different files', () => {
    expect(roundTrip(audio, Buffer.from(audio))).toBe(0);
    roundTrip(Buffer.alloc(0), randomBytes(10));
    roundTrip(randomBytes(10), Buffer.alloc(0));
    roundTrip(randomBytes(5_000), randomBytes(7_000));
  });

  it('refuses a file of the wrong length', () => {
    const diff = computeByteDiff(randomBytes(100), randomBytes(120));
    expect(() => applyByteDiff(randomBytes(119), diff)).toThrow(/120-byte/);
  });
});
