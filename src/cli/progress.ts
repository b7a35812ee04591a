/**
 * Terminal progress for long CLI commands: a one-line bar redrawn in place on a TTY (tracks/s, ETA),
 * nothing on a pipe (the caller prints a summary, or JSON lines with --json).
 */

export interface ProgressState {
  done: number;
  total: number;
  failed: number;
  tracksPerSec: number;
  etaSec: number | null;
  /** still discovering files: the total may grow */
  walking: boolean;
  currentPath: string | null;
}

export function formatDuration(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '--:--';
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(r).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function shorten(text: string, max: number): string {
  if (max <= 1) return '';
  if (text.length <= max) return text;
  return '…' + text.slice(text.length - max + 1);
}

export function renderProgressLine(p: ProgressState, columns: number): string {
  const width = Math.max(10, Math.min(30, Math.floor(columns / 4)));
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(frac * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const total = p.walking ? `${p.total}+` : String(p.total);
  const failed = p.failed > 0 ? `  ${p.failed} failed` : '';
  const head = `${bar} ${p.done}/${total}  ${p.tracksPerSec.toFixed(1)} tracks/s  ETA ${p.walking ? '--:--' : formatDuration(p.etaSec)}${failed}`;
  const rest = columns - head.length - 2;
  return p.currentPath && rest > 10 ? `${head}  ${shorten(p.currentPath, rest)}` : head.slice(0, Math.max(0, columns - 1));
}

/** Redraws at most every `intervalMs`; `done()` clears the line so the summary starts clean. */
export class ProgressBar {
  private readonly out: NodeJS.WritableStream & { columns?: number };
  private readonly intervalMs: number;
  private last = 0;
  private drawn = false;

  constructor(out: NodeJS.WritableStream & { columns?: number }, intervalMs = 100) {
    this.out = out;
    this.intervalMs = intervalMs;
  }

  update(p: ProgressState, force = false): void {
    const now = Date.now();
    if (!force && now - this.last < this.intervalMs) return;
    this.last = now;
    const line = renderProgressLine(p, this.out.columns || 80);
    this.out.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Prints a line above the bar (e.g. a per-file error) without breaking it. */
  log(line: string): void {
    this.out.write(this.drawn ? `\r\x1b[2K${line}\n` : `${line}\n`);
    this.last = 0;
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}
