/**
 * Where Genrescope keeps its library database when no --db is given: the OS's per-user app-data
 * folder (the same place Electron's app.getPath('userData') points to for an app named Genrescope,
 * except on Linux where XDG data rather than config is the right home for a database).
 */
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(home, 'AppData', 'Roaming');
    return path.win32.join(appData, 'Genrescope');
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Genrescope');
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.posix.join(home, '.local', 'share');
  return path.posix.join(xdg, 'genrescope');
}

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const dir = defaultDataDir(env, platform);
  return platform === 'win32' ? path.win32.join(dir, 'library.sqlite') : path.posix.join(dir, 'library.sqlite');
}
