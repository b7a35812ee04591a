/**
 * The app's version for report versioning: package.json "version" of the genrescope package, found
 * by walking up from this module (works from src/, dist/ and a packaged app's resources), or
 * GENRESCOPE_APP_VERSION when set.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function appVersion(): string {
  if (process.env.GENRESCOPE_APP_VERSION) return process.env.GENRESCOPE_APP_VERSION;
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const p = path.join(dir, 'package.json');
    if (existsSync(p)) {
      try {
        const pkg = JSON.parse(readFileSync(p, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'genrescope' && pkg.version) return (cached = pkg.version);
      } catch {
        // not JSON: keep walking
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return (cached = 'unknown');
}

/**
 * Where librosa's reference vectors are: GENRESCOPE_REFVECTORS, else ../shared/data/refvectors beside
 * the source checkout (development and CI). A shipped app has none, and its reports say so.
 */
export function defaultRefvectorDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GENRESCOPE_REFVECTORS) return env.GENRESCOPE_REFVECTORS;
  const shared = env.GENRESCOPE_SHARED;
  if (shared) return path.join(shared, 'data', 'refvectors');
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const p = path.join(dir, '..', 'shared', 'data', 'refvectors');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(p)) return path.resolve(p);
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/refvectors');
}
