// A stand-in `electron` for loading the BUILT main bundle in plain Node: enough for its top-level code
// to run (scheme registration, the single-instance lock, which it is told it lost, so it quits at once).
// Names Electron does not export are absent, so an import of a wrong name fails to link, as in Electron.
const calls = (globalThis.__electronStubCalls = []);
const noop = (name) => (...args) => calls.push([name, ...args]);
export const app = { requestSingleInstanceLock: () => false, quit: noop('app.quit'), on: noop('app.on'), whenReady: () => new Promise(() => {}), isPackaged: false };
export const protocol = { registerSchemesAsPrivileged: noop('protocol.registerSchemesAsPrivileged'), handle: noop('protocol.handle') };
export class BrowserWindow {
  static getAllWindows() {
    return [];
  }
}
export const Menu = { setApplicationMenu: noop('Menu.setApplicationMenu'), buildFromTemplate: () => ({}) };
export const clipboard = { writeText: noop('clipboard.writeText') };
export const dialog = { showErrorBox: noop('dialog.showErrorBox'), showOpenDialog: async () => ({ canceled: true, filePaths: [] }) };
export const ipcMain = { handle: noop('ipcMain.handle') };
export const session = { defaultSession: {} };
export const shell = { showItemInFolder: noop('shell.showItemInFolder'), openPath: noop('shell.openPath'), openExternal: noop('shell.openExternal') };
export const utilityProcess = { fork: noop('utilityProcess.fork') };
export default { app, protocol, BrowserWindow, Menu, clipboard, dialog, ipcMain, session, shell, utilityProcess };
