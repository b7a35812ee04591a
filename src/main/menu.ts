/**
 * The application menu. Built from a few actions so the template itself carries no logic; the
 * platform decides the macOS app menu and the dev-only items.
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  classifyFiles(): void;
  addLibraryFolder(): void;
  startScan(): void;
  openDataFolder(): void;
}

export function menuTemplate(actions: MenuActions, opts: { platform: NodeJS.Platform; dev: boolean; appName: string }): MenuItemConstructorOptions[] {
  const mac = opts.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Classify Files…', accelerator: 'CmdOrCtrl+O', click: () => actions.classifyFiles() },
      { label: 'Add Library Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.addLibraryFolder() },
      { label: 'Scan Library', accelerator: 'CmdOrCtrl+R', click: () => actions.startScan() },
      { type: 'separator' },
      { label: 'Open Data Folder', click: () => actions.openDataFolder() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(opts.dev ? ([{ role: 'reload', accelerator: 'CmdOrCtrl+Shift+R' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(mac ? [{ label: opts.appName, role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
