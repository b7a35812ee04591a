/**
 * Run by unprivileged.ts as uid 'nobody' when the tests run as root, where chmod 000 does not stop
 * reads. argv: <op> <path>; prints one JSON line: the result, or {error: {name, code, message}}.
 */
import { FfmpegDecoder } from '../../../src/core/decode/ffmpeg-decoder.ts';
import { decodeTrackWindows } from '../../../src/core/decode/windows.ts';
import { readTrackMeta } from '../../../src/core/library/metadata.ts';
import { quickHash } from '../../../src/core/library/quick-hash.ts';
import { scanRoots } from '../../../src/core/library/scan.ts';

const [op, target, ffmpeg] = process.argv.slice(2);
try {
  let out: unknown;
  if (op === 'scan') out = await scanRoots([target]);
  else if (op === 'meta') out = await readTrackMeta(target);
  else if (op === 'hash') out = await quickHash(target);
  else if (op === 'decode') out = (await decodeTrackWindows(new FfmpegDecoder(ffmpeg), target, 6, { lengthSec: 5 })).windows.length;
  else throw new Error(`unknown op ${op}`);
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  const err = e as Error & { code?: string };
  process.stdout.write(JSON.stringify({ error: { name: err.name, code: err.code, message: err.message } }) + '\n');
}
