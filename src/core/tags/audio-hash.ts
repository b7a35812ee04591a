/**
 * MD5 of a file's decoded audio stream (ffmpeg `-map 0:a -f md5`): the same for two files whose audio
 * frames are identical, whatever their tags. Used to prove a tag write left the audio alone.
 */
import { execFile } from 'node:child_process';
import { TagError } from '../errors.ts';

export function audioMd5(ffmpegPath: string, file: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      ffmpegPath,
      ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-map', '0:a', '-f', 'md5', '-'],
      { timeout: timeoutMs, maxBuffer: 1024 * 1024 },
      (err, stdout, stderr) => {
        const m = /MD5=([0-9a-f]{32})/.exec(stdout);
        if (err || !m) {
          reject(new TagError('VERIFY_FAILED', file, `${file}: could not decode the audio to compare it (${err ? err.message : stderr.trim() || 'no MD5 printed'})`, { cause: err }));
          return;
        }
        resolve(m[1]);
      },
    );
  });
}
