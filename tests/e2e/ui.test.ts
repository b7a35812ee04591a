/**
 * The UI end to end, in real Chromium against a real `genrescope serve` (real SQLite, ffmpeg, ONNX):
 * add a folder of GTZAN clips plus one corrupt file, watch the scan finish, see genres in the
 * virtualized table, filter by genre, use the keyboard, open a track and check that its waveform and
 * spectrogram are actually drawn, look at the model card, switch to dark theme (persisted), see the
 * corrupt file's failure, and see the "engine unreachable" state when the server goes away.
 * Screenshots go to docs/screenshots/ with GENRESCOPE_UPDATE_SCREENSHOTS=1 (else a temp folder).
 */
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sharedDir } from '../helpers/shared-data.ts';
import { collectPageErrors, describeE2E, launchChromium, screenshotDir } from './helpers/browser.ts';
import { canvasStats } from './helpers/canvas.ts';
import { ensureRendererBuilt, startServe, type ServeProcess } from './helpers/serve.ts';

const CLIPS = ['classical.00001', 'metal.00002', 'jazz.00002', 'hiphop.00004', 'reggae.00005', 'pop.00006'];
const CORRUPT = 'broken-download.mp3';
const SHOTS = screenshotDir();

describeE2E('UI in Chromium against genrescope serve', () => {
  let tmp: string;
  let music: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    await ensureRendererBuilt();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'genrescope-e2e-'));
    music = path.join(tmp, 'music');
    await mkdir(music);
    for (const clip of CLIPS) {
      const genre = clip.split('.')[0];
      const dest = path.join(music, `${clip}.flac`);
      await copyFile(path.join(sharedDir(), 'data', 'gtzan', 'audio', genre, `${clip}.flac`), dest);
      await chmod(dest, 0o644); // the shared originals are read-only; these copies get tagged
    }
    // Looks like audio by name, is not: what an interrupted download leaves behind.
    await writeFile(path.join(music, CORRUPT), Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000this is not an mp3 frame'.repeat(40)));
    serve = await startServe(path.join(tmp, 'library.db'), ['--workers', '1']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    collectPageErrors(page, consoleErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('starts connected, with the "no folders" empty state', async () => {
    await page.goto(serve.url);
    await page.getByTestId('connection').and(page.locator('[data-state="open"]')).waitFor();
    await page.getByTestId('empty-no-roots').waitFor();
    expect(await page.getByTestId('empty-no-roots').innerText()).toContain('No music folders yet');
  });

  it('adds a folder by path and scans it to the end, listing the corrupt file as failed', async () => {
    await page.getByTestId('go-add-folder').click();
    await page.getByTestId('root-path-input').fill(music);
    await page.getByTestId('add-root').click();
    await expect.poll(() => page.getByTestId('roots').innerText()).toContain(music);
    // Adding a folder starts the scan; wait for it to report done with every file accounted for.
    await page.locator('[data-testid="scan-status"][data-state="idle"] [data-testid="scan-state"]', { hasText: 'done' }).waitFor({ timeout: 150_000 });
    expect(await page.getByTestId('stat-processed').innerText()).toBe(`${CLIPS.length + 1} / ${CLIPS.length + 1}`);
    expect(await page.getByTestId('stat-failed').innerText()).toBe('1');
    const failures = page.getByTestId('scan-failure');
    expect(await failures.count()).toBe(1);
    const failure = await failures.first().innerText();
    expect(failure).toContain(CORRUPT);
    expect(failure.length).toBeGreaterThan(CORRUPT.length + path.dirname(music).length + 10); // a reason, not just the path
    expect(await page.getByRole('progressbar', { name: 'Scan progress' }).getAttribute('aria-valuenow')).toBe(String(CLIPS.length + 1));
    expect(await page.getByTestId('nav-scan-progress').count()).toBe(0); // the sidebar knows the scan is over
    await page.screenshot({ path: path.join(SHOTS, 'scan.png') });
  });

  it('shows every track with a genre, confidence and top-3 in the library', async () => {
    await page.getByTestId('nav-library').click();
    await expect.poll(() => page.getByTestId('track-row').count()).toBe(CLIPS.length + 1);
    expect(await page.getByTestId('track-count').innerText()).toBe(`${CLIPS.length + 1} tracks`);
    const labels = await page.getByTestId('genre-filter').locator('option').allInnerTexts();
    const genres = await page.getByTestId('cell-genre').allInnerTexts();
    expect(genres.filter((g) => g === 'failed')).toHaveLength(1);
    const classified = genres.filter((g) => g !== 'failed');
    expect(classified).toHaveLength(CLIPS.length);
    for (const g of classified) expect(labels).toContain(g); // a model label or 'unknown'
    // Classical is GTZAN's easiest genre: whatever the shipped model's exact numbers, it is in the top 3.
    const classicalRow = page.getByTestId('track-row').filter({ hasText: 'classical.00001' });
    const top3 = await classicalRow.locator('.top3 .chip').allInnerTexts();
    expect(top3).toHaveLength(3);
    expect(top3.some((t) => t.startsWith('classical '))).toBe(true);
    expect([top3[0].split(' ')[0], 'unknown']).toContain(await classicalRow.getByTestId('cell-genre').innerText());
    await page.screenshot({ path: path.join(SHOTS, 'library.png') });
  });

  it('filters by genre and searches', async () => {
    const all = await page.getByTestId('cell-genre').allInnerTexts();
    await page.getByTestId('genre-filter').selectOption('classical');
    const expected = all.filter((g) => g === 'classical').length;
    await expect.poll(() => page.getByTestId('track-count').innerText()).toBe(`${expected} ${expected === 1 ? 'track' : 'tracks'}`);
    expect(await page.getByTestId('cell-genre').allInnerTexts()).toEqual(Array(expected).fill('classical'));
    await page.getByTestId('genre-filter').selectOption('');
    await page.getByTestId('search').fill('metal.00002');
    await expect.poll(() => page.getByTestId('track-count').innerText()).toBe('1 track');
    await page.getByTestId('search').fill('');
    await expect.poll(() => page.getByTestId('track-row').count()).toBe(CLIPS.length + 1);
  });

  it('sorts by column and opens a track from the keyboard', async () => {
    await page.getByTestId('sort-title').click(); // title ascending -> descending
    await expect.poll(() => page.getByTestId('track-row').first().innerText()).toContain('reggae.00005');
    await page.getByTestId('sort-title').click();
    await expect.poll(() => page.getByTestId('track-row').first().innerText()).toContain(CORRUPT);
    await page.getByTestId('track-table-body').focus();
    await page.keyboard.press('ArrowDown'); // row 0: the corrupt file
    await page.keyboard.press('ArrowDown'); // row 1: classical.00001
    expect(await page.locator('[data-testid="track-row"][aria-selected="true"]').innerText()).toContain('classical.00001');
    await page.keyboard.press('Enter');
    await page.getByTestId('track-view').waitFor();
    expect(await page.locator('#track-title').innerText()).toBe('classical.00001.flac');
  });

  it('draws the waveform and the spectrogram of the track, with top-3 and per-window charts', async () => {
    await page.locator('[data-testid="waveform-block"][data-state="drawn"]').waitFor({ timeout: 60_000 });
    const wave = await canvasStats(page, '[data-testid="waveform"]');
    expect(wave.canvases).toBeGreaterThan(0);
    expect(wave.painted).toBeGreaterThan(wave.width * 10); // a real waveform covers a good part of its box
    const spec = await canvasStats(page, '[data-testid="spectrogram"]');
    expect(spec.canvases).toBeGreaterThan(0);
    expect(spec.painted).toBeGreaterThan(spec.width * 50);
    expect(spec.colours).toBeGreaterThan(30); // a colour-mapped spectrum, not a flat fill
    const bars = await page.getByTestId('top3-bars').locator('.bar').allInnerTexts();
    expect(bars).toHaveLength(3);
    expect(bars.some((b) => b.startsWith('classical'))).toBe(true);
    expect(await page.getByTestId('window-column').count()).toBeGreaterThan(0);
    const shown = (await page.getByTestId('track-genre').innerText()).split(' · ')[0];
    expect([bars[0].split('\n')[0].trim(), 'unknown']).toContain(shown);
    await page.locator('details.card summary').click();
    expect(await page.getByTestId('feature-table').locator('tbody tr').count()).toBe(57);
    await page.locator('details.card summary').click();
    await page.getByTestId('track-view').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, 'track.png') });
  });

  it('shows why the corrupt file failed on its track page', async () => {
    await page.getByTestId('back').click();
    await page.getByTestId('track-row').filter({ hasText: CORRUPT }).dblclick();
    await page.getByTestId('track-failure').waitFor();
    expect((await page.getByTestId('track-failure').innerText()).length).toBeGreaterThan(20);
  });

  it('classifies a track again from the row context menu', async () => {
    await page.getByTestId('back').click();
    const row = page.getByTestId('track-row').filter({ hasText: 'classical.00001' });
    const genre = await row.getByTestId('cell-genre').innerText();
    await row.click({ button: 'right' });
    await page.getByTestId('menu-reclassify').click();
    // Same file, same model: the same answer, now freshly computed.
    await expect.poll(() => page.getByTestId('toast').innerText(), { timeout: 60_000 }).toBe(`Classified again: ${genre}`);
  });

  it('copies a path with the page clipboard and explains that reveal needs the desktop app', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serve.url).origin });
    const row = page.getByTestId('track-row').filter({ hasText: 'metal.00002' });
    await row.click({ button: 'right' });
    await page.getByTestId('menu-copy').click();
    await expect.poll(() => page.getByTestId('toast').innerText()).toBe('Path copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(path.join(music, 'metal.00002.flac'));
    // Opened from the keyboard this time: Shift+F10 on the selected row.
    await page.keyboard.press('Shift+F10');
    await page.getByTestId('menu-reveal').click();
    await expect.poll(() => page.getByTestId('toast').innerText()).toContain('only works in the desktop app');
  });

  it('opens the FFT report tab from the row context menu', async () => {
    await page.getByTestId('track-row').filter({ hasText: 'jazz.00002' }).click({ button: 'right' });
    await page.getByTestId('context-menu').waitFor();
    await page.getByTestId('menu-report').click();
    await page.getByTestId('report-panel').waitFor();
    expect(await page.getByTestId('tab-report').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#track-title').innerText()).toBe('jazz.00002.flac');
    expect(page.url()).toMatch(/#\/track\/\d+\/report$/);
  });

  it('runs the FFT validation report and shows its checks and plots', async () => {
    await page.getByTestId('run-report').click();
    await page.getByTestId('report-checks').waitFor({ timeout: 60_000 });
    const checks = page.getByTestId('report-checks').locator('tbody tr');
    expect(await checks.count()).toBeGreaterThan(3);
    expect(await checks.locator('td.pass, td.fail').count()).toBe(await checks.count());
    const plots = page.getByTestId('report-plot');
    expect(await plots.count()).toBeGreaterThan(0);
    // Each plot is an SVG the browser could actually decode and lay out.
    await expect.poll(() => plots.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
    await plots.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'report.png') });
  });

  it('shows the model card with accuracy, provider and confusion matrix', async () => {
    await page.getByTestId('nav-model').click();
    await page.getByTestId('model-view').waitFor();
    expect(await page.getByTestId('provider').innerText()).toBe('cpu');
    expect(await page.getByTestId('valid-accuracy').innerText()).toMatch(/^\d+\.\d%$/);
    const labelCount = Number(await page.getByTestId('label-count').innerText());
    expect(labelCount).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('confusion-matrix').locator('tbody tr').count()).toBe(labelCount);
    // The view scrolls inside the window: a taller window shows the whole card, matrix included.
    await page.setViewportSize({ width: 1280, height: 1280 });
    await page.screenshot({ path: path.join(SHOTS, 'model.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('saves analysis settings in the engine', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-view').waitFor();
    expect(await page.getByTestId('save-settings').isDisabled()).toBe(true); // nothing changed yet
    await page.getByTestId('set-workers').fill('3');
    await page.getByTestId('set-provider').selectOption('cpu');
    await page.getByTestId('save-settings').click();
    await expect.poll(() => page.getByTestId('toast').innerText()).toBe('Settings saved');
    await page.reload();
    await page.getByTestId('settings-view').waitFor();
    expect(await page.getByTestId('set-workers').inputValue()).toBe('3');
    expect(await page.getByTestId('set-provider').inputValue()).toBe('cpu');
    // Out-of-range input is stopped by the form before it reaches the engine.
    await page.getByTestId('set-workers').fill('0');
    expect(await page.getByTestId('set-workers').evaluate((el) => (el as HTMLInputElement).validity.valid)).toBe(false);
    await page.getByTestId('set-workers').fill('3');
    await page.screenshot({ path: path.join(SHOTS, 'settings.png') });
  });

  it('switches to dark theme and keeps it after a reload', async () => {
    await page.getByTestId('nav-library').click();
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await bg();
    // system -> light -> dark
    for (let i = 0; i < 3 && (await page.getByTestId('theme-toggle').innerText()) !== 'Theme: dark'; i++) {
      await page.getByTestId('theme-toggle').click();
    }
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await expect.poll(bg).not.toBe(light);
    expect(await bg()).toBe('rgb(18, 21, 27)');
    // Saved in the engine's settings, not only in this page.
    await page.waitForTimeout(300);
    await page.evaluate(() => window.localStorage.clear());
    await page.reload();
    await page.getByTestId('track-table').waitFor();
    await expect.poll(() => page.getByTestId('theme-toggle').innerText()).toBe('Theme: dark');
    await expect.poll(() => page.getByTestId('track-row').count()).toBe(CLIPS.length + 1);
    await page.screenshot({ path: path.join(SHOTS, 'dark.png') });
  });

  it('previews, writes and undoes genre tags, and the track page shows the tag in the file', async () => {
    const tagInFile = async (clip: string) => {
      await page.getByTestId('nav-library').click();
      await page.getByTestId('track-row').filter({ hasText: clip }).dblclick();
      const cell = page.locator('tr', { hasText: 'Genre tag in file' }).locator('td').nth(1);
      await cell.waitFor();
      // Let the page finish reading the audio before the file is rewritten under it.
      await page.locator('[data-testid="waveform-block"][data-state="drawn"]').waitFor();
      return cell.innerText();
    };
    await page.getByTestId('nav-tags').click();
    await page.locator('#tag-min').fill('0'); // every classified track qualifies, whatever the model's confidence
    await page.getByTestId('preview-tags').click();
    const preview = page.getByTestId('tag-preview');
    await preview.waitFor();
    const classicalItem = preview.locator('tr', { hasText: 'classical.00001' });
    const newGenre = await classicalItem.locator('td').nth(3).innerText();
    expect(newGenre).toMatch(/^[A-Z]/); // a genre name as tags spell it (e.g. "Classical", "Hip-Hop")
    expect(await classicalItem.locator('input[type="checkbox"]').isChecked()).toBe(true);
    const corruptItem = preview.locator('tr', { hasText: CORRUPT });
    expect(await corruptItem.locator('input[type="checkbox"]').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'tags.png') });
    const writeLabel = await page.getByTestId('apply-tags').innerText();
    const toWrite = Number(/Write (\d+)/.exec(writeLabel)?.[1]);
    expect(toWrite).toBe(CLIPS.length);
    expect(await tagInFile('classical.00001')).toBe('(none)');
    await page.getByTestId('nav-tags').click();
    // Leaving the page dropped the preview: make it again, then write.
    await page.locator('#tag-min').fill('0');
    await page.getByTestId('preview-tags').click();
    await page.getByTestId('apply-tags').click();
    await expect.poll(() => page.getByTestId('toast').innerText()).toContain(`Tags written: ${toWrite} ok, 0 failed`);
    const batches = page.getByTestId('tag-batches').locator('tbody tr');
    expect(await batches.count()).toBe(1);
    expect(await batches.first().locator('td').nth(1).innerText()).toBe(String(toWrite));
    expect(await tagInFile('classical.00001')).toBe(newGenre);
    await page.getByTestId('nav-tags').click();
    await page.getByTestId('tag-batches').locator('button', { hasText: 'Undo' }).click();
    await expect.poll(() => page.getByTestId('tag-batches').locator('tbody tr').first().innerText()).toContain('undone');
    expect(await tagInFile('classical.00001')).toBe('(none)');
  });

  it('says the engine is unreachable when the server goes away', async () => {
    await serve.stop();
    await page.getByTestId('engine-unreachable').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('connection').getAttribute('data-state')).toBe('closed');
    // Errors before the server stopped would be bugs; the failed reconnects after it are expected.
    const before = consoleErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e));
    expect(before).toEqual([]);
  });
});
