/**
 * Locates ../shared (read-only GTZAN clips, tables, reference vectors). Tests that need it use
 * describeShared: on CI (CI=true) a missing folder FAILS the suite; elsewhere it skips with a reason.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function sharedDir(): string {
  return process.env.GENRESCOPE_SHARED ?? path.resolve(repoRoot, '../shared');
}

export function hasShared(): boolean {
  return existsSync(path.join(sharedDir(), 'data', 'gtzan', 'features_30_sec.notest.csv'));
}

export function describeShared(name: string, fn: () => void): void {
  if (hasShared()) {
    describe(name, fn);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs ../shared', () => {
        throw new Error(`shared data not found at ${sharedDir()}: CI must have ../shared beside the checkout`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: shared data not found at ${sharedDir()})`, fn);
  }
}
