/**
 * The registry of schema migrations, in order. One line per migration; numbers are reserved:
 * 001 core (engine-store), 002 validation reports, 003 tag journal. Never edit a landed migration.
 */
import type { Migration } from './migrate.ts';
import { migration001Core } from './migrations/001-core.ts';
import { migration002ValidationReports } from './migrations/002-validation-reports.ts';
import { migration003TagJournal } from './migrations/003-tag-journal.ts';

export const MIGRATIONS: readonly Migration[] = [
  migration001Core,
  migration002ValidationReports,
  migration003TagJournal,
];
