/**
 * Minimal self-contained SVG charts for the report (no scripts, no fonts or images to fetch, no
 * external references): line plots, scatter plots, horizontal bars. Every chart is a complete
 * <svg xmlns=...> document with a viewBox, so it can be inlined in HTML, shown by the UI with
 * dangerouslySetInnerHTML-free <img src="data:..."> or saved as a file.
 */

export interface Series {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
  dash?: string;
  width?: number;
  /** 'line' (default) or 'dots' */
  kind?: 'line' | 'dots';
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  xLog?: boolean;
  yLog?: boolean;
  /** horizontal reference lines (thresholds) */
  hLines?: { y: number; label: string; color: string }[];
  /** vertical reference lines */
  vLines?: { x: number; label: string; color: string }[];
  /** draw y = x (scatter of two estimates of the same quantity) */
  diagonal?: boolean;
}

let clipSeq = 0;
// a per-process prefix keeps ids unique when stored reports from different runs share one page
const CLIP_PREFIX = Math.random().toString(36).slice(2, 8);

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return Number(v.toFixed(2)).toString();
  return Number(v.toPrecision(2)).toString();
}

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function range(values: number[], log: boolean): [number, number] {
  const v = values.filter((x) => Number.isFinite(x) && (!log || x > 0));
  if (!v.length) return log ? [1e-12, 1] : [0, 1];
  let lo = Math.min(...v);
  let hi = Math.max(...v);
  if (log) {
    lo = Math.pow(10, Math.floor(Math.log10(lo)));
    hi = Math.pow(10, Math.ceil(Math.log10(hi)));
    if (hi === lo) hi = lo * 10;
  } else if (hi === lo) {
    const d = Math.abs(lo) * 0.1 || 1;
    lo -= d;
    hi += d;
  } else {
    const pad = (hi - lo) * 0.04;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

/** Line / scatter chart. Non-finite points (and non-positive ones on log axes) are skipped. */
export function chart(series: readonly Series[], o: ChartOptions): string {
  const W = o.width ?? 640;
  const H = o.height ?? 300;
  const named = series.filter((s) => s.label);
  const m = { l: 64, r: 16, t: named.length > 1 ? 44 : 30, b: 44 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      xs.push(s.x[i]);
      ys.push(s.y[i]);
    }
  }
  for (const h of o.hLines ?? []) ys.push(h.y);
  let [x0, x1] = range(xs, !!o.xLog);
  let [y0, y1] = range(ys, !!o.yLog);
  if (o.diagonal) {
    x0 = y0 = Math.min(x0, y0);
    x1 = y1 = Math.max(x1, y1);
  }
  const tx = (v: number) => m.l + (o.xLog ? (Math.log10(v) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0)) : (v - x0) / (x1 - x0)) * pw;
  const ty = (v: number) => m.t + ph - (o.yLog ? (Math.log10(v) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) : (v - y0) / (y1 - y0)) * ph;
  const ok = (x: number, y: number) => Number.isFinite(x) && Number.isFinite(y) && (!o.xLog || x > 0) && (!o.yLog || y > 0);
  const parts: string[] = [];
  // ids must be unique across all charts inlined in one HTML page
  const clipId = `gs-${CLIP_PREFIX}-${++clipSeq}`;
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(o.title)}">`);
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${m.l}" y="18" ${FONT} font-size="13" font-weight="600" fill="#222">${esc(o.title)}</text>`);
  const xt = o.xLog ? logTicks(x0, x1) : niceTicks(x0, x1);
  const yt = o.yLog ? logTicks(y0, y1) : niceTicks(y0, y1);
  for (const v of xt) {
    const X = tx(v).toFixed(1);
    parts.push(`<line x1="${X}" y1="${m.t}" x2="${X}" y2="${m.t + ph}" stroke="#eee"/>`);
    parts.push(`<text x="${X}" y="${m.t + ph + 14}" ${FONT} font-size="10" text-anchor="middle" fill="#555">${fmt(v)}</text>`);
  }
  for (const v of yt) {
    const Y = ty(v).toFixed(1);
    parts.push(`<line x1="${m.l}" y1="${Y}" x2="${m.l + pw}" y2="${Y}" stroke="#eee"/>`);
    parts.push(`<text x="${m.l - 4}" y="${Y}" ${FONT} font-size="10" text-anchor="end" dominant-baseline="middle" fill="#555">${fmt(v)}</text>`);
  }
  parts.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 8}" ${FONT} font-size="11" text-anchor="middle" fill="#333">${esc(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" ${FONT} font-size="11" text-anchor="middle" fill="#333">${esc(o.yLabel)}</text>`);
  parts.push(`<clipPath id="${clipId}"><rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}"/></clipPath><g clip-path="url(#${clipId})">`);
  if (o.diagonal) parts.push(`<line x1="${tx(x0)}" y1="${ty(y0)}" x2="${tx(x1)}" y2="${ty(y1)}" stroke="#bbb" stroke-dasharray="4 3"/>`);
  for (const s of series) {
    if (s.kind === 'dots') {
      const dots: string[] = [];
      for (let i = 0; i < s.x.length; i++) if (ok(s.x[i], s.y[i])) dots.push(`M${tx(s.x[i]).toFixed(1)} ${ty(s.y[i]).toFixed(1)}h0`);
      parts.push(`<path d="${dots.join('')}" stroke="${s.color}" stroke-width="${s.width ?? 4}" stroke-linecap="round" fill="none" opacity="0.7"/>`);
    } else {
      let d = '';
      let pen = false;
      for (let i = 0; i < s.x.length; i++) {
        if (!ok(s.x[i], s.y[i])) {
          pen = false;
          continue;
        }
        d += `${pen ? 'L' : 'M'}${tx(s.x[i]).toFixed(1)} ${ty(s.y[i]).toFixed(1)}`;
        pen = true;
      }
      parts.push(`<path d="${d}" stroke="${s.color}" stroke-width="${s.width ?? 1.2}" fill="none"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    }
  }
  for (const h of o.hLines ?? []) {
    if (!ok(x0, h.y)) continue;
    const Y = ty(h.y).toFixed(1);
    parts.push(`<line x1="${m.l}" y1="${Y}" x2="${m.l + pw}" y2="${Y}" stroke="${h.color}" stroke-dasharray="6 3"/>`);
    parts.push(`<text x="${m.l + pw - 4}" y="${Number(Y) - 4}" ${FONT} font-size="10" text-anchor="end" fill="${h.color}">${esc(h.label)}</text>`);
  }
  for (const v of o.vLines ?? []) {
    if (!ok(v.x, y0 > 0 || !o.yLog ? y0 : 1)) continue;
    const X = tx(v.x).toFixed(1);
    parts.push(`<line x1="${X}" y1="${m.t}" x2="${X}" y2="${m.t + ph}" stroke="${v.color}" stroke-dasharray="6 3"/>`);
    parts.push(`<text x="${Number(X) - 4}" y="${m.t + 12}" ${FONT} font-size="10" text-anchor="end" fill="${v.color}">${esc(v.label)}</text>`);
  }
  parts.push('</g>');
  // legend: one row in the top margin, right-aligned, clear of the data
  const legendW = named.reduce((w, s) => w + 24 + s.label.length * 5.6, 0);
  let lx = Math.max(m.l + 8, m.l + pw - legendW);
  const ly = m.t - 4;
  if (named.length > 1) {
    for (const s of named) {
      parts.push(`<rect x="${lx}" y="${ly - 7}" width="12" height="4" fill="${s.color}"/>`);
      parts.push(`<text x="${lx + 16}" y="${ly - 2}" ${FONT} font-size="10" fill="#333">${esc(s.label)}</text>`);
      lx += 24 + s.label.length * 5.6;
    }
  }
  parts.push('</svg>');
  return parts.join('');
}

function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  const a = Math.floor(Math.log10(lo));
  const b = Math.ceil(Math.log10(hi));
  const step = Math.max(1, Math.ceil((b - a) / 6));
  for (let e = a; e <= b; e += step) out.push(Math.pow(10, e));
  return out;
}

export interface Bar {
  label: string;
  /** 0..1 fill fraction of the bar */
  fraction: number;
  text: string;
  bad: boolean;
}

/** Horizontal bars with a text value each (used for QA indicators against their flag levels). */
export function bars(items: readonly Bar[], title: string, width = 640): string {
  const rowH = 26;
  const H = 36 + items.length * rowH + 8;
  const labelW = 190;
  const barW = width - labelW - 190;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${H}" width="${width}" height="${H}" role="img" aria-label="${esc(title)}">`);
  parts.push(`<rect x="0" y="0" width="${width}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="12" y="18" ${FONT} font-size="13" font-weight="600" fill="#222">${esc(title)}</text>`);
  items.forEach((it, i) => {
    const y = 34 + i * rowH;
    const f = Math.max(0, Math.min(1, Number.isFinite(it.fraction) ? it.fraction : 0));
    parts.push(`<text x="12" y="${y + 12}" ${FONT} font-size="11" fill="#333">${esc(it.label)}</text>`);
    parts.push(`<rect x="${labelW}" y="${y + 2}" width="${barW}" height="14" fill="#f0f0f0" stroke="#ccc"/>`);
    parts.push(`<rect x="${labelW}" y="${y + 2}" width="${Math.max(1, f * barW).toFixed(1)}" height="14" fill="${it.bad ? '#d9534f' : '#5cb85c'}"/>`);
    parts.push(`<text x="${labelW + barW + 8}" y="${y + 13}" ${FONT} font-size="11" fill="${it.bad ? '#b52b27' : '#333'}">${esc(it.text)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
