/**
 * UI bench: the library table with 100,000 tracks in headless Chromium against `genrescope serve`.
 * Prints time to first rows, End-key jump latency, and frame times while flick-scrolling the table
 * (programmatic scroll of SCROLL_PX per animation frame), how many frames showed not-yet-loaded rows,
 * rendered DOM rows and JS heap. The synthetic library (engine Store API, no audio) is cached in the
 * temp folder; the first run spends ~1-2 min writing it.
 *
 *   node bench/ui-scroll.ts [trackCount]     (needs `npm run build` and /usr/bin/chromium)
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../tests/e2e/helpers/chromium.ts';
import { seedLibrary } from '../tests/e2e/helpers/seed.ts';
import { ensureRendererBuilt, startServe } from '../tests/e2e/helpers/serve.ts';

const COUNT = Number(process.argv[2] ?? 100_000);
const SEED_VERSION = 1;
const FRAMES = 240;
/** ~6 rows per frame (a brisk wheel scroll) and ~50 rows per frame (dragging the scrollbar thumb). */
const SPEEDS = [200, 1600];

/** The few browser globals the in-page probe uses (this file is type-checked without the DOM lib). */
interface ScrollBox {
  scrollTop: number;
  querySelector(selector: string): unknown;
  querySelectorAll(selector: string): { length: number };
}
interface PageGlobals {
  document: { querySelector(selector: string): ScrollBox | null };
  requestAnimationFrame(cb: (now: number) => void): number;
  performance: { now(): number; memory?: { usedJSHeapSize: number } };
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main(): Promise<void> {
  await ensureRendererBuilt();
  const db = path.join(os.tmpdir(), `genrescope-bench-ui-v${SEED_VERSION}-${COUNT}.db`);
  if (!existsSync(db)) {
    const t0 = performance.now();
    const partial = `${db}.partial`;
    rmSync(partial, { force: true });
    seedLibrary(partial, COUNT);
    for (const ext of ['-wal', '-shm']) rmSync(partial + ext, { force: true });
    renameSync(partial, db);
    console.log(`seeded ${COUNT} tracks in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${db}`);
  }
  const serve = await startServe(db);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const t0 = performance.now();
    await page.goto(serve.url);
    await page.getByTestId('track-row').first().waitFor();
    const firstRowsMs = performance.now() - t0;

    await page.getByTestId('track-table-body').focus();
    const t1 = performance.now();
    await page.keyboard.press('End');
    await page.locator('[data-testid="track-row"][aria-selected="true"]').waitFor();
    const endJumpMs = performance.now() - t1;
    await page.keyboard.press('Home');
    await page.waitForTimeout(500);

    console.log(`ui-scroll: ${COUNT.toLocaleString('en-US')} tracks, Chromium headless 1280x800, ${os.cpus().length} cores (load avg ${os.loadavg()[0].toFixed(1)})`);
    console.log(`  first rows visible after page load: ${firstRowsMs.toFixed(0)} ms`);
    console.log(`  End key -> last track selected and shown: ${endJumpMs.toFixed(0)} ms`);
    for (const px of SPEEDS) {
      await page.getByTestId('track-table-body').evaluate((el, top) => el.scrollTo(0, top), 20_000 * 32 * SPEEDS.indexOf(px));
      await page.waitForTimeout(800);
      const scroll = await page.evaluate(
        ({ frames, px }) =>
          new Promise<{ intervals: number[]; blankFrames: number; maxRows: number; heapMb: number | null }>((resolve) => {
            const g = globalThis as unknown as PageGlobals;
            const body = g.document.querySelector('[data-testid="track-table-body"]');
            if (!body) throw new Error('no library table on the page');
            const intervals: number[] = [];
            let blankFrames = 0;
            let maxRows = 0;
            let last = g.performance.now();
            let n = 0;
            const step = (now: number) => {
              intervals.push(now - last);
              last = now;
              if (body.querySelector('[data-testid="track-row-loading"]')) blankFrames++;
              maxRows = Math.max(maxRows, body.querySelectorAll('[role="row"]').length);
              body.scrollTop += px;
              if (++n < frames) g.requestAnimationFrame(step);
              else {
                const mem = g.performance.memory;
                resolve({ intervals: intervals.slice(1), blankFrames, maxRows, heapMb: mem ? mem.usedJSHeapSize / 2 ** 20 : null });
              }
            };
            g.requestAnimationFrame(step);
          }),
        { frames: FRAMES, px },
      );
      const rowsScrolled = Math.round((FRAMES * px) / 32);
      console.log(`  scroll ${FRAMES} frames x ${px}px (~${rowsScrolled.toLocaleString('en-US')} rows, ${Math.round((px / 32) * 60)} rows/s at 60 fps):`);
      console.log(`    frame interval p50 ${pct(scroll.intervals, 50).toFixed(1)} ms, p95 ${pct(scroll.intervals, 95).toFixed(1)} ms, max ${Math.max(...scroll.intervals).toFixed(1)} ms`);
      console.log(`    frames showing rows still loading: ${scroll.blankFrames} of ${FRAMES}`);
      console.log(`    DOM rows at most: ${scroll.maxRows}; JS heap after: ${scroll.heapMb === null ? 'n/a' : `${scroll.heapMb.toFixed(1)} MiB`}`);
    }
  } finally {
    await browser.close();
    await serve.stop();
  }
}

await main();
