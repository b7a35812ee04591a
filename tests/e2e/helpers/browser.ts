/**
 * Real Chromium for the UI tests (Debian's /usr/bin/chromium driven by playwright-core; no downloaded
 * browser). describeE2E: without Chromium or ../shared the suite FAILS on CI (CI=true) and is skipped
 * with the reason elsewhere.
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';
import { hasShared, sharedDir } from '../../helpers/shared-data.ts';
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
