import { describe, expect, it } from 'vitest';
import { audioMimeType, isInside, parseRange, planAudioResponse } from '../../../src/core/server/audio-file.ts';

describe('parseRange', () => {
  it('reads single byte ranges', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('BYTES = 1 - 2', 1000)).toEqual({ start: 1, end: 2 });
  });
  it('sends everything for absent, malformed or multiple ranges', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('', 10)).toBeNull();
    expect(parseRange('items=0-1', 10)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 10)).toBeNull();
    expect(parseRange('bytes=5-1', 10)).toBeNull();
    expect(parseRange('bytes=-', 10)).toBeNull();
  });
  it('flags ranges past the end', () => {
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-', 0)).toBe('unsatisfiable');
  });
});

describe('planAudioResponse', () => {
  it('builds 200, 206 and 416 answers', () => {
    expect(planAudioResponse(10, 'audio/mpeg', null)).toMatchObject({ status: 200, range: { start: 0, end: 9 }, headers: { 'Content-Length': '10' } });
    expect(planAudioResponse(10, 'audio/mpeg', 'bytes=2-3')).toMatchObject({
      status: 206,
      range: { start: 2, end: 3 },
      headers: { 'Content-Range': 'bytes 2-3/10', 'Content-Length': '2' },
    });
    expect(planAudioResponse(10, 'audio/mpeg', 'bytes=20-')).toMatchObject({ status: 416, range: null, headers: { 'Content-Range': 'bytes */10' } });
    expect(planAudioResponse(0, 'audio/mpeg', null)).toMatchObject({ status: 200, range: null });
  });
});

describe('isInside / audioMimeType', () => {
  it('compares paths lexically, case-insensitively where the OS does', () => {
    expect(isInside('/music', '/music/a/b.mp3', 'linux')).toBe(true);
    expect(isInside('/music', '/music', 'linux')).toBe(true);
    expect(isInside('/music', '/music2/a.mp3', 'linux')).toBe(false);
    expect(isInside('/music', '/music/../etc/passwd', 'linux')).toBe(false);
    expect(isInside('/Music', '/music/a.mp3', 'linux')).toBe(false);
    expect(isInside('/Music', '/music/a.mp3', 'darwin')).toBe(true);
  });
  it('knows audio extensions only', () => {
    expect(audioMimeType('/a/B.MP3')).toBe('audio/mpeg');
    expect(audioMimeType('/a/b.flac')).toBe('audio/flac');
    expect(audioMimeType('/a/b.txt')).toBeNull();
    expect(audioMimeType('/a/mp3')).toBeNull();
  });
});
