/**
 * Applies the theme setting to <html data-theme>. The last theme is also kept in localStorage so the
 * first paint (before the engine answers getSettings) already has the right colours.
 */
import { useEffect } from 'react';
import type { Theme } from '../../../shared/dto.ts';

const KEY = 'genrescope.theme';

function isTheme(v: unknown): v is Theme {
  return v === 'system' || v === 'light' || v === 'dark';
}

export function applyStoredTheme(): void {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem(KEY);
  } catch {
    // storage can be disabled (private mode): fall back to the system theme
  }
  document.documentElement.dataset.theme = isTheme(stored) ? stored : 'system';
}

export function useApplyTheme(theme: Theme | undefined): void {
  useEffect(() => {
    if (!theme) return;
    document.documentElement.dataset.theme = theme;
    try {
      window.localStorage.setItem(KEY, theme);
    } catch {
      // not fatal: only the first paint of the next start is affected
    }
  }, [theme]);
}
