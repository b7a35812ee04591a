/**
 * Exact undo data for a tag write: enough of the ORIGINAL file's bytes to rebuild it byte for byte from
 * the written file, without keeping a copy of the (large, incompressible) audio.
 *
 * Why this shape: tag writers change a file in three ways — bytes rewritten in place (padding reused),
 * a block at the front that grew or shrank (ID3v2, FLAC metadata, an MP4 `moov` before `mdat`) so that
 * everything after it shifts by `delta = newLength - oldLength`, and small edits further on (an ID3v1
 * block at the end, Ogg page sequence numbers and CRCs, MP4 chunk-offset tables). So the original is
 * described as:
 *   old[i] = new[i]           for i < prefix           (common prefix, unshifted)
 *   old[i] = new[i + delta]   for i >= prefix           (everything after, shifted), except
 *   old[h.offset .. h.offset + h.bytes.length) = h.bytes   for each hunk (the bytes that differ).
 * Hunks are what must be stored: typically the old tag block plus a few bytes; a few tens of bytes per
 * 4 KiB page for a rewritten Ogg stream.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

export interface DiffHunk {
  /** offset in the OLD file */
  offset: number;
  bytes: Buffer;
}

export interface ByteDiff {
  oldLength: number;
  newLength: number;
  prefix: number;
  hunks: DiffHunk[];
}

/** Two mismatching runs closer than this are stored as one hunk (saves per-hunk overhead). */
const MERGE_GAP = 32;
const CHUNK = 64 * 1024;

function commonPrefix(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  // Compare 64 KiB at a time natively, then byte by byte inside the first differing chunk.
  while (i + CHUNK <= n && a.compare(b, i, i + CHUNK, i, i + CHUNK) === 0) i += CHUNK;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/**
 * Differing runs of `old[from..to)` against `neu[from+delta..)`. Bytes of `old` whose shifted position
 * falls outside `neu` are always a mismatch.
 */
function mismatchRuns(old: Buffer, neu: Buffer, from: number, delta: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let runStart = -1;
  let lastMismatch = -1;
  const flush = (): void => {
    if (runStart >= 0) runs.push([runStart, lastMismatch + 1]);
    runStart = -1;
  };
  const mark = (i: number): void => {
    if (runStart >= 0 && i - lastMismatch > MERGE_GAP) flush();
    if (runStart < 0) runStart = i;
    lastMismatch = i;
  };
  let i = from;
  while (i < old.length) {
    const j = i + delta;
    const end = Math.min(old.length, i + CHUNK);
    if (j >= 0 && j + (end - i) <= neu.length && old.compare(neu, j, j + (end - i), i, end) === 0) {
      i = end;
      continue;
    }
    for (; i < end; i++) {
      const k = i + delta;
      if (k < 0 || k >= neu.length || old[i] !== neu[k]) mark(i);
    }
  }
  flush();
  return runs;
}

export function computeByteDiff(oldBytes: Buffer, newBytes: Buffer): ByteDiff {
  const prefix = commonPrefix(oldBytes, newBytes);
  const delta = newBytes.length - oldBytes.length;
  const hunks = mismatchRuns(oldBytes, newBytes, prefix, delta).map(([s, e]) => ({
    offset: s,
    bytes: Buffer.from(oldBytes.subarray(s, e)),
  }));
  return { oldLength: oldBytes.length, newLength: newBytes.length, prefix, hunks };
}

export function hunkBytes(diff: ByteDiff): number {
  return diff.hunks.reduce((sum, h) => sum + h.bytes.length, 0);
}

/** Rebuilds the original bytes from the written file. Throws if `newBytes` is not the file the diff was made against (length check; callers also compare hashes). */
export function applyByteDiff(newBytes: Buffer, diff: ByteDiff): Buffer {
  if (newBytes.length !== diff.newLength) {
    throw new Error(`undo data expects a ${diff.newLength}-byte file, found ${newBytes.length} bytes`);
  }
  const delta = diff.newLength - diff.oldLength;
  const out = Buffer.allocUnsafe(diff.oldLength);
  newBytes.copy(out, 0, 0, Math.min(diff.prefix, diff.oldLength));
  if (diff.oldLength > diff.prefix) {
    // Shifted copy of everything after the prefix; parts that fall outside `newBytes` are covered by hunks.
    const srcStart = Math.max(diff.prefix + delta, 0);
    const dstStart = srcStart - delta;
    const srcEnd = Math.min(newBytes.length, diff.oldLength + delta);
    if (srcEnd > srcStart) newBytes.copy(out, dstStart, srcStart, srcEnd);
  }
  for (const h of diff.hunks) h.bytes.copy(out, h.offset);
  return out;
}

/*
 * Wire format (then raw-deflated): "GSD1", u64 oldLength, u64 newLength, u64 prefix, u32 hunkCount,
 * per hunk u64 offset, u32 length, bytes. Little-endian; u64 as two u32 halves so files > 4 GiB work.
 */
const MAGIC = 'GSD1';

function writeU64(buf: Buffer, value: number, at: number): void {
  buf.writeUInt32LE(value % 0x1_0000_0000, at);
  buf.writeUInt32LE(Math.floor(value / 0x1_0000_0000), at + 4);
}

function readU64(buf: Buffer, at: number): number {
  return buf.readUInt32LE(at) + buf.readUInt32LE(at + 4) * 0x1_0000_0000;
}

export function encodeByteDiff(diff: ByteDiff): Buffer {
  const size = 4 + 8 * 3 + 4 + diff.hunks.reduce((s, h) => s + 12 + h.bytes.length, 0);
  const buf = Buffer.alloc(size);
  buf.write(MAGIC, 0, 'ascii');
  writeU64(buf, diff.oldLength, 4);
  writeU64(buf, diff.newLength, 12);
  writeU64(buf, diff.prefix, 20);
  buf.writeUInt32LE(diff.hunks.length, 28);
  let at = 32;
  for (const h of diff.hunks) {
    writeU64(buf, h.offset, at);
    buf.writeUInt32LE(h.bytes.length, at + 8);
    h.bytes.copy(buf, at + 12);
    at += 12 + h.bytes.length;
  }
  return deflateRawSync(buf);
}

export function decodeByteDiff(blob: Buffer): ByteDiff {
  const buf = inflateRawSync(blob);
  if (buf.toString('ascii', 0, 4) !== MAGIC) throw new Error('undo data is not in a format this version understands');
  const count = buf.readUInt32LE(28);
  const hunks: DiffHunk[] = [];
  let at = 32;
  for (let k = 0; k < count; k++) {
    const offset = readU64(buf, at);
    const len = buf.readUInt32LE(at + 8);
    hunks.push({ offset, bytes: Buffer.from(buf.subarray(at + 12, at + 12 + len)) });
    at += 12 + len;
  }
  return { oldLength: readU64(buf, 4), newLength: readU64(buf, 12), prefix: readU64(buf, 20), hunks };
}
