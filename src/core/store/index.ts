export { Store } from './store.ts';
export type { StoreOpenOptions } from './store.ts';
export { MIGRATIONS } from './migrations.ts';
export { migrate, userVersion, checkMigrations } from './migrate.ts';
export type { Migration } from './migrate.ts';
export type * from './types.ts';
