/**
 * Files made by joining streams without re-encoding (ffmpeg's concat demuxer with -c copy, "gapless"
 * rips, some tag tools): their headers describe only the first part and their timestamps restart.
 * The engine must still decode exactly the window it asked for and find the real duration.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegDecoder } from '../../../src/core/decode/ffmpeg-decoder.ts';
import { resolveFfmpegPath } from '../../../src/core/decode/ffmpeg-path.ts';
import { decodeTrackWindows } from '../../../src/core/decode/windows.ts';
import { SAMPLE_RATE } from '../../../src/core/features/columns.ts';
import { readTrackMeta } from '../../../src/core/library/metadata.ts';
import { makeTempDir, removeTempDir } from '../../helpers/fixtures.ts';

const SEGMENT_SEC = 40;
const SEGMENTS = 3;
let tmp: string;
const joined: Record<'flac' | 'ogg', string> = { flac: '', ogg: '' };

function ffmpeg(args: string[]): void {
  execFileSync(resolveFfmpegPath(), ['-nostdin', '-loglevel', 'error', '-y', ...args]);
}

beforeAll(async () => {
  tmp = await makeTempDir('genrescope-joined-');
  for (const [ext, codec] of [['flac', ['-c:a', 'flac']], ['ogg', ['-c:a', 'libvorbis', '-q:a', '0']]] as const) {
    const parts: string[] = [];
    for (let i = 0; i < SEGMENTS; i++) {
      const part = path.join(tmp, `part${i}.${ext}`);
      ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=${220 * (i + 1)}:sample_rate=22050:duration=${SEGMENT_SEC}`, ...codec, part]);
      parts.push(part);
    }
    const list = path.join(tmp, `${ext}.txt`);
    writeFileSync(list, parts.map((p) => `file '${p}'`).join('\n'));
    joined[ext] = path.join(tmp, `joined.${ext}`);
    ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', joined[ext]]);
  }
});
afterAll(async () => {
  await removeTempDir(tmp);
});

describe('streams joined without re-encoding', () => {
  it('decode stops at the requested length even when timestamps restart (FLAC)', async () => {
    // 50 s from the start crosses the first join at 40 s, where the FLAC timestamps go back to 0:
    // ffmpeg's input -t alone would decode all 120 s.
    const y = await new FfmpegDecoder().decode(joined.flac, { startSec: 0, durationSec: 50 });
    expect(y.length).toBe(50 * SAMPLE_RATE);
  });

  it('the planned windows of such a FLAC stay window-sized', async () => {
    const meta = await readTrackMeta(joined.flac);
    const r = await decodeTrackWindows(new FfmpegDecoder(), joined.flac, meta.durationSec, { count: 3, lengthSec: 30 });
    for (const w of r.windows) expect(w.samples.length).toBeLessThanOrEqual(30 * SAMPLE_RATE);
  });

  it('finds the duration of a chained Ogg file from its last page', async () => {
    const meta = await readTrackMeta(joined.ogg);
    expect(meta.durationSec).not.toBeNull();
    expect(meta.durationSec!).toBeGreaterThan(SEGMENT_SEC * SEGMENTS - 1);
    expect(meta.durationSec!).toBeLessThan(SEGMENT_SEC * SEGMENTS + 1);
  });
});
