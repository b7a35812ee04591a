/**
 * Groups the cheap per-file writes of a rescan (the store marks each unchanged file as seen) into
 * short transactions: one autocommit per file costs a WAL commit each, about 0.1 ms, which is most of
 * a 10k-file rescan. A batch never outlives the current turn of the event loop (committed on
 * setImmediate) or `max` files, and the scan commits it before any analysis result is stored, so a
 * result is still durable the moment it is saved and a killed scan loses only "seen" marks.
 */
import type Database from 'better-sqlite3';

export class SeenBatch {
  private readonly db: Database.Database;
  private readonly max: number;
  private open = false;
  private count = 0;
  private scheduled = false;

  constructor(db: Database.Database, max = 512) {
    this.db = db;
    this.max = max;
  }

  /** Before a write that may join the batch. */
  enter(): void {
    if (this.open && this.count >= this.max) this.commit();
    if (!this.open) {
      // Someone else's transaction is open (should not happen): write in it rather than nest.
      if (this.db.inTransaction) return;
      this.db.exec('BEGIN');
      this.open = true;
      this.count = 0;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.commit();
        });
      }
    }
    this.count++;
  }

  /** Ends the batch (no-op when none is open). */
  commit(): void {
    if (!this.open) return;
    this.open = false;
    this.count = 0;
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }
}
