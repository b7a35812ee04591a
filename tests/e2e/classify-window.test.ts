/**
 * The compact classify-result page (`?view=classify`, what the desktop app's small result window
 * loads), in real Chromium against `genrescope serve` (real engine, ffmpeg, ONNX): no sidebar; paths
 * typed into "Classify files…" (the browser's way in, where no OS sends openFiles) are classified with
 * progress shown; a second batch adds to the list without duplicates and classifies a repeated file
 * again; the corrupt file's reason is shown; "Open Genrescope" leads to the whole app with the token
 * kept. Writes classify-window.png (docs/screenshots/ with GENRESCOPE_UPDATE_SCREENSHOTS=1) at the result window's size (560×460).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedDir } from '../helpers/shared-data.ts';
import { collectPageErrors, describeE2E, launchChromium, screenshotDir } from './helpers/browser.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from './helpers/serve.ts';

const clip = (name: string) => path.join(sharedDir(), 'data', 'gtzan', 'audio', name.split('.')[0], `${name}.flac`);
const SHOTS = screenshotDir();

describeE2E('compact classify window (?view=classify) in Chromium against genrescope serve', () => {
  let tmp: string;
  let corrupt: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const [A, B, C] = [clip('classical.00003'), clip('metal.00004'), clip('blues.00005')];

  beforeAll(async () => {
    await ensureRendererBuilt();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'genrescope-e2e-classify-'));
    corrupt = path.join(tmp, 'half-downloaded.mp3');
    await writeFile(corrupt, Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000not mpeg audio at all'.repeat(40)));
    serve = await startServe(path.join(tmp, 'library.db'), ['--workers', '1']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 560, height: 460 } });
    collectPageErrors(page, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const item = (p: string) => page.locator(`[data-testid="classify-item"][data-path="${p.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"]`);
  const classifyTyped = async (paths: string[]) => {
    await page.getByTestId('classify-paths').fill(paths.join('\n'));
    await page.getByTestId('classify-submit').click();
  };
  const settled = () => page.locator('[data-testid="classify-summary"][data-pending="0"]').waitFor({ timeout: 120_000 });

  it('shows the compact page, without the sidebar, with its path box open in a browser', async () => {
    const url = new URL(serve.url);
    url.searchParams.set('view', 'classify');
    await page.goto(url.href);
    await page.getByTestId('classify-window').waitFor();
    await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
    expect(await page.locator('.sidebar').count()).toBe(0);
    expect(await page.getByTestId('classify-empty').isVisible()).toBe(true);
    expect(await page.getByTestId('classify-form').isVisible()).toBe(true);
    expect(await page.getByTestId('toggle-classify-form').getAttribute('aria-expanded')).toBe('true');
    expect(await page.title()).toBe('Genrescope — Classify genre');
  });

  it('classifies typed paths with progress, a genre and top-3 per clip, and the corrupt file’s reason', async () => {
    await classifyTyped([A, B, corrupt, A]);
    // The list appears at once, as pending, with a progress bar that counts files.
    expect(await page.getByTestId('classify-item').count()).toBe(3);
    await page.getByRole('progressbar', { name: 'Classify progress' }).waitFor();
    expect(await page.getByRole('progressbar', { name: 'Classify progress' }).getAttribute('aria-valuemax')).toBe('3');
    await settled();
    expect(await page.getByRole('progressbar', { name: 'Classify progress' }).count()).toBe(0);
    expect(await page.getByTestId('classify-summary').innerText()).toBe('3 files: 2 classified, 1 failed');
    for (const p of [A, B]) {
      expect(await item(p).getAttribute('data-state')).toBe('done');
      const bars = item(p).getByTestId('classify-top3').locator('.mini-bar');
      expect(await bars.count()).toBe(3);
      const top = (await bars.first().innerText()).split(/\s+/)[0];
      const genre = await item(p).getByTestId('classify-genre').innerText();
      expect(genre).toMatch(/^\S+ \d+%$/);
      expect([top, 'unknown']).toContain(genre.split(' ')[0]); // the shown genre is the top one (or below the model's threshold)
    }
    // Classical is GTZAN's easiest genre: whatever the shipped model's exact numbers, it is in the top 3.
    expect(await item(A).getByTestId('classify-top3').innerText()).toContain('classical');
    expect(await item(corrupt).getAttribute('data-state')).toBe('failed');
    const reason = await item(corrupt).getByTestId('classify-error').innerText();
    expect(reason).toMatch(/^failed: /);
    expect(reason.length).toBeGreaterThan('failed: '.length + 10);
    expect(await page.getByTestId('classify-paths').inputValue()).toBe(''); // ready for the next batch
  });

  it('adds a second batch to the list: the repeated clip is classified again, the new one appended', async () => {
    const genreB = await item(B).getByTestId('classify-genre').innerText();
    await classifyTyped([B, C]);
    expect(await item(B).getAttribute('data-state')).toBe('pending');
    expect(await item(C).getAttribute('data-state')).toBe('pending');
    expect(await item(A).getAttribute('data-state')).toBe('done'); // earlier results stay
    await settled();
    const paths = await page.getByTestId('classify-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
    expect(paths).toEqual([A, B, corrupt, C]);
    expect(await page.getByTestId('classify-summary').innerText()).toBe('4 files: 3 classified, 1 failed');
    // Same file, same model: the same answer, freshly computed.
    expect(await item(B).getByTestId('classify-genre').innerText()).toBe(genreB);
    expect(await item(C).getByTestId('classify-top3').locator('.mini-bar').count()).toBe(3);
    expect(await item(corrupt).getByTestId('classify-error').isVisible()).toBe(true);
    // The box folds away (as it starts in the desktop app's result window) and keeps nothing typed.
    await page.getByTestId('toggle-classify-form').click();
    expect(await page.getByTestId('classify-form').count()).toBe(0);
    expect(await page.getByTestId('toggle-classify-form').getAttribute('aria-expanded')).toBe('false');
    await page.locator('.classify-body').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'classify-window.png') });
  });

  it('opens the whole app, keeping the token, from "Open Genrescope"', async () => {
    await page.getByTestId('open-full-app').click();
    await page.getByTestId('nav-library').waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('view')).toBeNull();
    expect(url.searchParams.get('token')).toBe(new URL(serve.url).searchParams.get('token'));
    await page.locator('[data-testid="connection"][data-state="open"]').waitFor();
    expect(await page.getByTestId('classify-window').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });
});
