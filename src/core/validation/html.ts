/**
 * Exports a report as JSON and as one self-contained HTML file: inline CSS and inline SVG only, no
 * scripts, no network, no external assets (a Content-Security-Policy meta tag forbids any fetch), so
 * it opens anywhere and can be mailed or archived.
 */
import { esc } from './svg.ts';
import type { Check, ValidationReport } from './types.ts';

/** The CLI / API JSON: checks as {name, value, threshold, pass} plus everything else of the report. */
export function reportToJson(r: ValidationReport, opts: { plots?: boolean } = {}): string {
  const out = {
    path: r.path,
    trackId: r.trackId,
    version: r.version,
    reportVersion: r.reportVersion,
    appVersion: r.appVersion,
    featureVersion: r.featureVersion,
    createdAt: r.createdAt,
    allPass: r.allPass,
    checks: r.checks.map((c) => ({ name: c.name, value: c.value, threshold: c.threshold, pass: c.pass, meaning: c.meaning, group: c.group })),
    qa: r.qa,
    qaFlags: r.qaFlags,
    windows: r.windows,
    refvectors: { status: r.refvectors.status, dir: r.refvectors.dir, appVersion: r.refvectors.appVersion, createdAt: r.refvectors.createdAt, message: r.refvectors.message },
    notes: r.notes,
    timingsMs: r.timingsMs,
    ...(opts.plots ? { plots: r.plots } : {}),
  };
  return JSON.stringify(out, null, 2);
}

function fmtValue(v: number | null): string {
  if (v === null) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(2);
  return Number(v.toPrecision(6)).toString();
}

function fmtThreshold(t: number | string | null): string {
  if (t === null) return '—';
  return typeof t === 'number' ? `≤ ${fmtValue(t)}` : t.replace('>=', '≥').replace('<=', '≤');
}

const GROUP_TITLES: Record<Check['group'], string> = {
  fft: 'FFT: Parseval and reference DFT',
  features: 'Frame features: engine vs meyda',
  synthetic: 'Synthetic signals',
  refvectors: "librosa's reference vectors",
};

function checkRows(checks: readonly Check[]): string {
  return checks
    .map((c) => `<tr class="${c.pass ? 'ok' : 'bad'}"><td class="st">${c.pass ? 'PASS' : 'FAIL'}</td><td>${esc(c.name)}<div class="m">${esc(c.meaning)}</div></td><td class="num">${esc(fmtValue(c.value))}</td><td class="num">${esc(fmtThreshold(c.threshold))}</td></tr>`)
    .join('\n');
}

function plotFigure(r: ValidationReport, name: string, caption: string): string {
  const p = r.plots.find((x) => x.name === name);
  return p ? `<figure data-plot="${esc(p.name)}">${p.svg}<figcaption>${esc(caption)}</figcaption></figure>` : '';
}

export function reportToHtml(r: ValidationReport): string {
  const failed = r.checks.filter((c) => !c.pass).length;
  const groups = (['fft', 'features', 'synthetic', 'refvectors'] as const).map((g) => {
    const cs = r.checks.filter((c) => c.group === g);
    const body = cs.length ? `<table><thead><tr><th></th><th>check</th><th>value</th><th>threshold</th></tr></thead><tbody>${checkRows(cs)}</tbody></table>` : '';
    const extra = g === 'refvectors' ? `<p class="note">${esc(r.refvectors.status === 'ok' ? `Run once for app ${r.refvectors.appVersion} on ${r.refvectors.createdAt}: ${r.refvectors.message}` : r.refvectors.message)}</p>` : '';
    return `<section><h2>${esc(GROUP_TITLES[g])}</h2>${extra}${body}</section>`;
  });
  const qaRows = Object.entries(r.qa)
    .map(([k, v]) => `<tr><td>${esc(k)}</td><td class="num">${esc(v === null ? '—' : String(v))}</td></tr>`)
    .join('');
  const scatters = r.plots.filter((p) => p.name.startsWith('meyda-')).map((p) => `<figure data-plot="${esc(p.name)}">${p.svg}</figure>`).join('');
  const windows = r.windows
    .map((w) => `${w.startSec.toFixed(1)}–${(w.startSec + w.durationSec).toFixed(1)} s (${w.frames} frames; Parseval ≤ ${fmtValue(w.parsevalMax)}, reference ≤ ${fmtValue(w.referenceMax)})`)
    .join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Genrescope validation report — ${esc(baseName(r.path))}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;padding:0 16px;color:#222;background:#fafafa}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sum{padding:10px 14px;border-radius:6px;margin:12px 0;font-weight:600}.sum.ok{background:#e6f4ea;color:#1e6b34}.sum.bad{background:#fdecea;color:#a12622}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border-bottom:1px solid #eee;padding:5px 8px;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.st{font-weight:700;width:44px}tr.ok td.st{color:#1e6b34}tr.bad td.st{color:#a12622}tr.bad{background:#fff5f4}
.m{color:#666;font-size:12px}.note{color:#555;font-size:13px}.meta{color:#555;font-size:13px}
figure{margin:12px 0;background:#fff;border:1px solid #e4e4e4;border-radius:4px;padding:6px;display:inline-block}figure svg{display:block;max-width:100%;height:auto}
figcaption{font-size:12px;color:#555;margin-top:4px}.grid{display:flex;flex-wrap:wrap;gap:8px}.grid figure{margin:0}
ul.flags li{color:#a12622}ul.notes li{font-size:13px;color:#444;margin-bottom:4px}
</style>
</head>
<body>
<h1>Validation report: ${esc(baseName(r.path))}</h1>
<div class="meta">${esc(r.path)}<br>${esc(r.version)} · created ${esc(r.createdAt)}${r.trackId !== null ? ` · track ${r.trackId}` : ''}<br>Analysis windows: ${esc(windows)}</div>
<div class="sum ${failed ? 'bad' : 'ok'}">${failed ? `${failed} of ${r.checks.length} checks failed` : `All ${r.checks.length} checks passed`}${r.qaFlags.length ? ` · ${r.qaFlags.length} QA flag${r.qaFlags.length > 1 ? 's' : ''}` : ''}</div>
${groups[0]}
${plotFigure(r, 'spectrum-overlay', 'The engine spectrum and the float64 reference coincide; the grey line is their difference, far below the signal.')}
${plotFigure(r, 'parseval-error', 'Relative energy error of every frame; the dashed line is the pass threshold.')}
${groups[1]}
<div class="grid">${scatters}</div>
${groups[2]}
${plotFigure(r, 'synthetic-sweep', 'Known sweep frequency against the engine’s interpolated spectral peak.')}
${groups[3]}
<section><h2>Signal QA</h2>
${r.qaFlags.length ? `<ul class="flags">${r.qaFlags.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : '<p class="note">No QA flags.</p>'}
${plotFigure(r, 'qa-flags', 'Each bar reaches 80% at its flag level; the bandwidth bar is the fraction of the QA decode’s Nyquist.')}
${plotFigure(r, 'qa-spectrum', 'Long-term average spectrum at the native rate (capped at 96 kHz); a red line marks a brick-wall cutoff.')}
<table><tbody>${qaRows}</tbody></table>
</section>
<section><h2>Alignment and notes</h2><ul class="notes">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>
<p class="note">Timings (ms): ${esc(Object.entries(r.timingsMs).map(([k, v]) => `${k} ${v}`).join(', '))}</p></section>
</body>
</html>
`;
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}
