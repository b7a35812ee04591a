/**
 * Real Chromium for the UI tests (Debian's /usr/bin/chromium driven by playwright-core; no downloaded
 * browser). describeE2E: without Chromium or ../shared the suite FAILS on CI (CI=true) and is skipped
 * with the reason elsewhere.
 */
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { hasShared, repoRoot, sharedDir } from '../../helpers/shared-data.ts';
import { CHROMIUM_PATH } from './chromium.ts';

export { CHROMIUM_PATH, launchChromium } from './chromium.ts';

export function describeE2E(name: string, fn: () => void, opts: { needsShared?: boolean } = {}): void {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push(`Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set GENRESCOPE_CHROMIUM)`);
  if (opts.needsShared !== false && !hasShared()) missing.push(`shared data not found at ${sharedDir()}`);
  if (missing.length === 0) {
    describe(name, fn);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs its prerequisites', () => {
        throw new Error(`e2e prerequisites missing on CI: ${missing.join('; ')}`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: ${missing.join('; ')})`, fn);
  }
}

/**
 * Where the suites save their screenshots: docs/screenshots/ (shown in the README) only when
 * GENRESCOPE_UPDATE_SCREENSHOTS=1, so an ordinary test run never rewrites tracked files.
 */
export function screenshotDir(): string {
  if (process.env.GENRESCOPE_UPDATE_SCREENSHOTS === '1') return path.join(repoRoot, 'docs', 'screenshots');
  const dir = path.join(os.tmpdir(), 'genrescope-e2e-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Records the page's console errors and uncaught exceptions into `into`: the suites allow none. */
export function collectPageErrors(page: Page, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => into.push(String(e)));
}
