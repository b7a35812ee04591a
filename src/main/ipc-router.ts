/**
 * Registers one `ipcMain.handle('genrescope:<method>')` per contract method. Each handler first checks
 * that the sender is one of our own windows (ipc-guard), then runs the shared dispatcher, which
 * validates input and output with the contract's zod schemas. Handlers resolve with a CallResult
 * rather than rejecting, because Electron flattens rejected errors to a string and the UI needs the
 * error code. Takes an ipcMain-like object so it is tested without Electron.
 */
import { ipcChannel, METHOD_NAMES, type CallResult } from '../shared/contract.ts';
import type { Dispatch } from '../core/server/dispatch.ts';
import { isTrustedSender, type IpcEventLike } from './ipc-guard.ts';

export interface IpcMainLike<E extends IpcEventLike = IpcEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface RouterOptions {
  dispatch: Dispatch;
  /** True when the event comes from one of our windows (defaults to isTrustedSender). */
  trusted: (event: IpcEventLike) => boolean;
  /** Told about refused callers, for the log. */
  onRejected?: (channel: string, event: IpcEventLike) => void;
}

export const FORBIDDEN: CallResult = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'this frame may not call the engine' },
};

/** Registers the handlers; returns a function that removes them again. */
export function registerIpcRoutes<E extends IpcEventLike>(ipcMain: IpcMainLike<E>, options: RouterOptions): () => void {
  const channels = METHOD_NAMES.map((method) => {
    const channel = ipcChannel(method);
    ipcMain.handle(channel, async (event, ...args) => {
      if (!options.trusted(event)) {
        options.onRejected?.(channel, event);
        return FORBIDDEN;
      }
      // A method takes at most one argument; extra ones mean a caller that is not our preload.
      if (args.length > 1) {
        return { ok: false, error: { code: 'INVALID_INPUT', message: `${method}: takes one argument, got ${args.length}` } } satisfies CallResult;
      }
      return options.dispatch(method, args[0]);
    });
    return channel;
  });
  return () => {
    for (const c of channels) ipcMain.removeHandler(c);
  };
}

/** The default trust check bound to the app's location and live window ids. */
export function trustOwnWindows(rendererUrl: () => string, windowContentsIds: () => ReadonlySet<number>): (event: IpcEventLike) => boolean {
  return (event) => isTrustedSender(event, { rendererUrl: rendererUrl() }, windowContentsIds());
}
