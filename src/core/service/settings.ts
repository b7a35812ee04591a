/**
 * User settings: stored in the library database (settings table, one key each), with defaults for
 * what was never set. Roots live in their own table and are merged in here. Constructor options of
 * the service (CLI flags) override the stored values for one session without being saved.
 */
import { DEFAULT_WINDOW_COUNT, DEFAULT_WINDOW_LENGTH_SEC } from '../decode/windows.ts';
import { defaultWorkerCount } from '../jobs/analysis-pool.ts';
import type { Store } from '../store/store.ts';
import type { ExecutionProvider } from '../../worker/protocol.ts';
import { SettingsSchema, type ProviderPreference, type Settings, type SettingsPatch } from '../../shared/dto.ts';

type StoredKey = Exclude<keyof Settings, 'roots'>;
const STORED_KEYS: readonly StoredKey[] = ['workers', 'providerPreference', 'windows', 'ffmpegPath', 'theme', 'watch', 'watchRescanMinutes'];
const KEY_PREFIX = 'settings.';

export function defaultSettings(): Omit<Settings, 'roots'> {
  return {
    workers: Math.min(64, defaultWorkerCount()),
    providerPreference: 'auto',
    windows: { count: DEFAULT_WINDOW_COUNT, lengthSec: DEFAULT_WINDOW_LENGTH_SEC },
    ffmpegPath: null,
    theme: 'system',
    watch: false,
    watchRescanMinutes: 10,
  };
}

export function readSettings(store: Store): Settings {
  const merged: Record<string, unknown> = { ...defaultSettings(), roots: store.listRoots().map((r) => r.path) };
  for (const key of STORED_KEYS) {
    const v = store.getSetting<unknown>(KEY_PREFIX + key);
    if (v === undefined) continue;
    // A value written by another version that no longer validates falls back to the default.
    const one = SettingsSchema.shape[key].safeParse(v);
    if (one.success) merged[key] = one.data;
  }
  return SettingsSchema.parse(merged);
}

/** Saves the patch's stored keys (roots are handled by the caller, which validates the folders). */
export function writeSettings(store: Store, patch: SettingsPatch): void {
  for (const key of STORED_KEYS) {
    if (patch[key] !== undefined) store.setSetting(KEY_PREFIX + key, patch[key]);
  }
}

/**
 * Execution providers to try for a preference: the preferred one first, CPU as the fallback that
 * always works; 'auto' lets the model loader use its own platform order.
 */
export function providersFor(pref: ProviderPreference): ExecutionProvider[] | null {
  if (pref === 'auto') return null;
  if (pref === 'cpu') return ['cpu'];
  return [pref, 'cpu'];
}
