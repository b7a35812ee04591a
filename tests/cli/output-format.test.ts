/** Pure output helpers of the CLI: the progress line, durations, CSV cells. */
import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, CSV_COLUMNS } from '../../src/cli/commands/export.ts';
import { formatDuration, renderProgressLine } from '../../src/cli/progress.ts';

describe('progress line', () => {
  it('shows done/total, tracks/s, ETA and fits the terminal', () => {
    const line = renderProgressLine({ done: 50, total: 200, failed: 2, tracksPerSec: 4.25, etaSec: 3725, walking: false, currentPath: '/music/a/very/long/path/to/some/track.flac' }, 100);
    expect(line).toContain('50/200');
    expect(line).toContain('4.3 tracks/s');
    expect(line).toContain('ETA 1:02:05');
    expect(line).toContain('2 failed');
    expect(line.length).toBeLessThanOrEqual(100);
    expect(line.endsWith('track.flac')).toBe(true);
  });

  it('marks a growing total while the walk goes on', () => {
    expect(renderProgressLine({ done: 3, total: 10, failed: 0, tracksPerSec: 0, etaSec: null, walking: true, currentPath: null }, 80)).toMatch(/3\/10\+ .*ETA --:--/);
  });

  it('formats durations', () => {
    expect(formatDuration(null)).toBe('--:--');
    expect(formatDuration(59.6)).toBe('01:00');
    expect(formatDuration(3600)).toBe('1:00:00');
  });
});

describe('CSV export', () => {
  it('quotes per RFC 4180 and defuses formula-like text', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-rock')).toBe("'-rock");
    expect(csvCell(-0.5, false)).toBe('-0.5');
    expect(csvCell(null)).toBe('');
  });

  it('writes one cell per column', () => {
    const row = csvRow({
      id: 1, path: '/m/a.mp3', title: 'T, with comma', artist: null, album: null, durationSec: 180, genre: 'rock', bestLabel: 'rock',
      confidence: 0.8, unknown: false, top3: [{ genre: 'rock', p: 0.8 }, { genre: 'metal', p: 0.1 }], modelName: 'm', modelHash: 'h',
      featureVersion: 'f', provider: 'cpu', analysedAt: 0, status: 'ok', error: null,
    });
    // Quoted commas are not separators.
    const cells = row.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.filter((c) => c !== '');
    expect(cells).toHaveLength(CSV_COLUMNS.length);
    expect(row).toContain('"T, with comma"');
    expect(row).toContain('1970-01-01T00:00:00.000Z');
  });
});
