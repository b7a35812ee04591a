/**
 * quickHash(path): a fast content fingerprint used to recognise a moved or renamed file, not to prove
 * identity. sha256 over the size and three 64 KiB chunks (start, middle, end): three reads whatever the
 * file's size, so hashing a 200k-track library costs about as much as listing it. Files up to three
 * chunks long are hashed whole. Format: 'q1:' + 64 hex digits ('q1' names this recipe; a new recipe
 * gets a new prefix so stored hashes are never compared across recipes).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { MetadataError } from '../errors.ts';
import { fileAccessError } from './file-errors.ts';

export const QUICK_HASH_CHUNK = 64 * 1024;

export async function quickHash(path: string): Promise<string> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fileAccessError(path, e, 'hash the file');
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new MetadataError(path, 'cannot hash the file: not a regular file', { code: 'NOT_A_FILE' });
    const size = st.size;
    const h = createHash('sha256');
    h.update(`q1\0${size}\0`);
    const offsets = size <= 3 * QUICK_HASH_CHUNK ? [0] : [0, Math.floor(size / 2) - QUICK_HASH_CHUNK / 2, size - QUICK_HASH_CHUNK];
    const len = size <= 3 * QUICK_HASH_CHUNK ? size : QUICK_HASH_CHUNK;
    const buf = Buffer.alloc(len);
    for (const off of offsets) {
      let got = 0;
      while (got < len) {
        const { bytesRead } = await fh.read(buf, got, len - got, off + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      h.update(buf.subarray(0, got));
    }
    return 'q1:' + h.digest('hex');
  } catch (e) {
    if (e instanceof MetadataError) throw e;
    throw fileAccessError(path, e, 'hash the file');
  } finally {
    await fh.close();
  }
}
