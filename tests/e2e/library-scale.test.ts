/**
 * The library table with thousands of tracks, in Chromium against `genrescope serve`: rows come in
 * pages as they scroll into view, the DOM holds only the visible window, End jumps to the last track,
 * sorting and filtering happen in the engine. (Timing at 100k rows: bench, not here.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeE2E, launchChromium } from './helpers/browser.ts';
import { seedLibrary } from './helpers/seed.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from './helpers/serve.ts';

const COUNT = 3000;

describeE2E('library table at scale', () => {
  let tmp: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const listCalls: { offset: number; limit: number }[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'genrescope-scale-'));
    seedLibrary(path.join(tmp, 'library.db'), COUNT);
    serve = await startServe(path.join(tmp, 'library.db'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        const msg = JSON.parse(String(f.payload)) as { method?: string; input?: { offset: number; limit: number } };
        if (msg.method === 'listTracks' && msg.input) listCalls.push({ offset: msg.input.offset, limit: msg.input.limit });
      }),
    );
    await page.goto(serve.url);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const rows = () => page.getByTestId('track-row');
  const selectedTitle = () => page.locator('[data-testid="track-row"][aria-selected="true"] [role="gridcell"]').first().innerText();

  it('loads only the first page and renders only the visible rows', async () => {
    await expect.poll(() => page.getByTestId('track-count').innerText()).toBe(`${COUNT.toLocaleString('en-US')} tracks`);
    const rendered = await rows().count();
    expect(rendered).toBeGreaterThan(15);
    expect(rendered).toBeLessThan(80);
    expect(listCalls.every((c) => c.limit <= 200)).toBe(true);
    expect(listCalls.length).toBeLessThanOrEqual(2);
  });

  it('jumps to the last track with End and pages in what it needs', async () => {
    await page.getByTestId('track-table-body').focus();
    await page.keyboard.press('End');
    // SQLite NOCASE order of "Track <i>" for ASCII titles is plain string order.
    const titles = Array.from({ length: COUNT }, (_, i) => `Track ${i}`).sort();
    await expect.poll(selectedTitle).toBe(titles[COUNT - 1]);
    expect(listCalls.some((c) => c.offset + c.limit >= COUNT)).toBe(true);
    expect(listCalls.length).toBeLessThan(6); // not every page in between
    expect(await rows().count()).toBeLessThan(80);
    await page.keyboard.press('ArrowUp');
    await expect.poll(selectedTitle).toBe(titles[COUNT - 2]);
    await page.keyboard.press('Home');
    await expect.poll(selectedTitle).toBe(titles[0]);
  });

  it('sorts by confidence in the engine and filters by genre', async () => {
    await page.getByTestId('sort-confidence').click(); // confidence starts descending
    await expect.poll(() => rows().first().locator('[role="gridcell"]').nth(5).innerText()).toBe('99%');
    await page.getByTestId('genre-filter').selectOption('jazz');
    await expect.poll(() => page.getByTestId('track-count').innerText()).toBe(`${(COUNT / 10).toLocaleString('en-US')} tracks`);
    const genres = await page.getByTestId('cell-genre').allInnerTexts();
    expect(new Set(genres)).toEqual(new Set(['jazz']));
  });
}, { needsShared: false });
