/**
 * Child for crash.test.ts: opens the store and upserts tracks one by one, printing each committed id,
 * until it is killed. argv: <dbPath>.
 */
import { Store } from '../../../src/core/store/store.ts';

const store = Store.open(process.argv[2]);
for (let i = 0; ; i++) {
  const { id } = store.upsertScannedTrack({ path: `/crash/${i}.flac`, sizeBytes: i, mtimeMs: i, quickHash: `q1:${i}` }, null);
  process.stdout.write(`${id}\n`);
  if (i % 50 === 0) await new Promise((r) => setImmediate(r));
}
