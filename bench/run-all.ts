/**
 * `npm run bench`: every benchmark, one after another, each in its own Node process (so one's
 * memory and warm caches do not flatter the next). Order: the engine bench, the feature bench, then
 * any other bench/*.ts. Exit code: 1 if any bench failed.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const present = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run-all.ts');
const first = ['engine.ts', 'features.ts'].filter((f) => present.includes(f));
const benches = [...first, ...present.filter((f) => !first.includes(f)).sort()];

let failed = 0;
for (const b of benches) {
  console.log(`\n=== bench/${b} ===`);
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(here, b)], { stdio: 'inherit' });
  const secs = ((Date.now() - t0) / 1000).toFixed(0);
  if (r.status !== 0) {
    failed++;
    console.log(`=== bench/${b} FAILED (exit ${r.status ?? r.signal}) after ${secs} s ===`);
  } else {
    console.log(`=== bench/${b} done in ${secs} s ===`);
  }
}
process.exitCode = failed ? 1 : 0;
