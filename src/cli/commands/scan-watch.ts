/**
 * `genrescope scan --watch`: after the first scan, watch the folders until SIGINT/SIGTERM and print
 * each change's result as it happens (text, or JSON lines with --json). Unchanged files of the
 * periodic safety rescan are not printed. Resolves with true when some file failed meanwhile.
 */
import { existsSync } from 'node:fs';
import type { GenrescopeService } from '../../core/service/genrescope-service.ts';
import type { ScanItemResult } from '../../core/service/scan-runner.ts';
import type { WatchTrigger } from '../../core/watch/library-watcher.ts';
import type { CliIo } from '../command.ts';
import { withInterrupt } from '../engine-options.ts';

function line(io: CliIo, obj: unknown): void {
  io.stdout.write(JSON.stringify(obj) + '\n');
}

function describeItem(r: ScanItemResult): string {
  switch (r.status) {
    case 'analysed':
      return `analysed  ${r.path}  ${r.genre ?? '?'}${r.confidence != null ? ` (${Math.round(r.confidence * 100)}%)` : ''}`;
    case 'moved':
      return `moved     ${r.path}  (${r.reason ?? 'moved'}; result kept: ${r.genre ?? '?'})`;
    case 'failed':
      return `FAILED    ${r.path}\n          ${r.error?.kind ?? 'error'}: ${r.error?.message ?? 'unknown error'}${r.error?.cached ? ' (unchanged since it failed before)' : ''}`;
    default:
      return `${r.status.padEnd(9)} ${r.path}${r.reason ? `  (${r.reason})` : ''}`;
  }
}

export async function watchAfterScan(service: GenrescopeService, io: CliIo, opts: { json: boolean; folders: string[] }): Promise<boolean> {
  let failed = false;
  const onItem = (r: ScanItemResult, trigger: WatchTrigger) => {
    if (r.status === 'unchanged' || r.status === 'cancelled') return;
    if (r.status === 'failed' && !r.error?.cached) failed = true;
    if (r.status === 'failed' && r.error?.cached && trigger === 'rescan') return;
    if (opts.json) {
      const { timingsMs: _t, ...rest } = r;
      line(io, { type: 'item', trigger, ...rest });
    } else io.stdout.write(describeItem(r) + '\n');
  };
  const onScan = (_s: unknown, _trigger: WatchTrigger, only: string[] | null) => {
    // Deleted (or moved-away) files: their tracks are now flagged missing.
    for (const p of only ?? []) {
      if (existsSync(p)) continue;
      const t = service.store.getTrackByPath(p);
      if (!t?.missing) continue;
      if (opts.json) line(io, { type: 'missing', path: p, trackId: t.id });
      else io.stdout.write(`missing   ${p}\n`);
    }
  };
  await withInterrupt(
    (signal) =>
      new Promise<void>((resolve) => {
        service.startWatching({ onItem, onScan });
        const status = service.getScanStatus();
        // Signal handlers do not keep Node running, and the watchers are not persistent.
        const keepAlive = setInterval(() => {}, 1 << 30);
        const stop = () => {
          clearInterval(keepAlive);
          resolve();
        };
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop, { once: true });
        void status.then((s) => {
          const roots = s.watch?.roots ?? [];
          if (opts.json) line(io, { type: 'watch', state: 'watching', roots, rescanIntervalSec: s.watch?.rescanIntervalSec ?? null });
          else {
            io.stdout.write(`Watching ${opts.folders.join(', ')} for changes (Ctrl+C to stop)\n`);
            for (const r of roots) if (r.mode === 'polling') io.stdout.write(`  ${r.path}: ${r.reason ?? 'polling'}\n`);
          }
        });
      }),
  );
  await service.stopWatching();
  if (opts.json) line(io, { type: 'watch', state: 'stopped' });
  else io.stdout.write('Stopped watching.\n');
  return failed;
}
