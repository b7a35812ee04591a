/**
 * Reads back what the page actually drew: every <canvas> under an element (including open shadow
 * roots, where wavesurfer renders), summarised as painted-pixel and distinct-colour counts.
 */
import type { Page } from 'playwright-core';

export interface CanvasStats {
  canvases: number;
  width: number;
  height: number;
  /** pixels with alpha > 0 */
  painted: number;
  /** distinct RGB colours among painted pixels (quantised to 4 bits per channel) */
  colours: number;
}

export async function canvasStats(page: Page, selector: string): Promise<CanvasStats> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (!root) throw new Error(`no element ${sel}`);
    const canvases: HTMLCanvasElement[] = [];
    const walk = (node: Element | ShadowRoot) => {
      for (const el of Array.from(node.querySelectorAll('*'))) {
        if (el instanceof HTMLCanvasElement) canvases.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(root);
    let painted = 0;
    let width = 0;
    let height = 0;
    const colours = new Set<number>();
    for (const c of canvases) {
      if (c.width === 0 || c.height === 0) continue;
      width = Math.max(width, c.width);
      height += c.height;
      const ctx = c.getContext('2d');
      if (!ctx) continue;
      const data = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] === 0) continue;
        painted++;
        colours.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
      }
    }
    return { canvases: canvases.length, width, height, painted, colours: colours.size };
  }, selector);
}
