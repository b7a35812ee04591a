/**
 * The contract methods the Electron shell answers itself (they depend on the desktop, not the engine):
 * audio URLs on the genrescope-audio protocol, reveal in the file manager, clipboard, folder picker.
 * Electron calls are injected so the rules (absolute, existing paths) are tested in plain Node.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { HostApi } from '../shared/contract.ts';
import { GenrescopeError } from '../core/errors.ts';
import { trackAudioUrl } from './audio-access.ts';

export interface DesktopDeps {
  /** shell.showItemInFolder */
  showItemInFolder(file: string): void;
  /** clipboard.writeText */
  writeClipboard(text: string): void;
  /** dialog.showOpenDialog for one folder; null when cancelled. */
  chooseFolder(): Promise<string | null>;
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

export function desktopHostApi(deps: DesktopDeps): HostApi {
  return {
    getAudioUrl: async ({ id }) => ({ url: trackAudioUrl(id) }),
    revealInFolder: async ({ path: file }) => {
      if (!path.isAbsolute(file)) throw new GenrescopeError('USAGE', `revealInFolder needs an absolute path, got '${file}'`);
      if (!exists(file)) throw new GenrescopeError('NOT_FOUND', `${file} does not exist (moved or deleted?)`);
      deps.showItemInFolder(path.normalize(file));
    },
    copyText: async ({ text }) => {
      deps.writeClipboard(text);
    },
    pickFolder: async () => deps.chooseFolder(),
  };
}
