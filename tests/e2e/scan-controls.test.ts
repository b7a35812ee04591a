/**
 * Pausing, resuming and cancelling a running scan from the Scan view, in Chromium against
 * `genrescope serve` with one worker and enough GTZAN clips that the scan is still running when the
 * buttons are pressed.
 */
import { chmod, copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedDir } from '../helpers/shared-data.ts';
import { describeE2E, launchChromium } from './helpers/browser.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from './helpers/serve.ts';

const CLIPS = 40;

describeE2E('scan controls in the UI', () => {
  let tmp: string;
  let music: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureRendererBuilt();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'genrescope-scanctl-'));
    music = path.join(tmp, 'music');
    await mkdir(music);
    const audio = path.join(sharedDir(), 'data', 'gtzan', 'audio');
    const all: string[] = [];
    for (const genre of (await readdir(audio)).sort()) for (const f of (await readdir(path.join(audio, genre))).sort()) all.push(path.join(audio, genre, f));
    for (const src of all.slice(0, CLIPS)) {
      const dest = path.join(music, path.basename(src));
      await copyFile(src, dest);
      await chmod(dest, 0o644);
    }
    serve = await startServe(path.join(tmp, 'library.db'), ['--workers', '1']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url + '#/scan');
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const processed = async () => Number((await page.getByTestId('stat-processed').innerText()).split(' / ')[0].replace(/,/g, ''));
  const state = () => page.getByTestId('scan-state').innerText();

  it('pauses a running scan: nothing more is processed until it resumes', async () => {
    await page.getByTestId('root-path-input').fill(music);
    await page.getByTestId('add-root').click();
    await expect.poll(state).toBe('scanning');
    await page.getByTestId('pause-scan').click();
    await expect.poll(state).toBe('paused');
    // Work already handed to the worker may finish; after that the count must stand still.
    await page.waitForTimeout(2500);
    const held = await processed();
    await page.waitForTimeout(2000);
    expect(await processed()).toBe(held);
    expect(held).toBeLessThan(CLIPS);
    await page.getByTestId('resume-scan').click();
    await expect.poll(state).toBe('scanning');
    await expect.poll(processed, { timeout: 30_000 }).toBeGreaterThan(held);
  });

  it('cancels a running scan and keeps what was done', async () => {
    await page.getByTestId('cancel-scan').click();
    await expect.poll(state, { timeout: 30_000 }).toBe('done');
    const done = await processed();
    expect(done).toBeLessThan(CLIPS);
    await page.getByTestId('nav-library').click();
    // Tracks found are listed; the ones analysed before the cancel have a genre.
    await expect.poll(async () => (await page.getByTestId('cell-genre').allInnerTexts()).filter((g) => g && g !== 'pending').length).toBeGreaterThan(0);
  });
});
