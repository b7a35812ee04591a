/**
 * Transport names and error glue of the contract that must not pull in zod: the sandboxed preload
 * bundles this file, so it stays tiny and dependency-free. contract.ts re-exports all of it.
 */

/** Electron IPC channel of method `m` is `genrescope:<m>`; engine events travel on `genrescope:event`. */
export const IPC_PREFIX = 'genrescope:';
export const IPC_EVENT_CHANNEL = 'genrescope:event';
/** Name of the global the preload exposes (`window.genrescope`). */
export const BRIDGE_GLOBAL = 'genrescope';

/**
 * `genrescope serve`: the page is opened as `http://host:port/?token=T`; the UI connects a WebSocket to
 * `WS_PATH?token=T` and plays audio from `/audio/<trackId>?token=T` (what getAudioUrl returns).
 */
export const WS_PATH = '/ws';
export const TOKEN_PARAM = 'token';
/** Electron: audio of library track <id> is `genrescope-audio://track/<id>`. */
export const AUDIO_SCHEME = 'genrescope-audio';

/** A failed call as it crosses a transport. */
export interface RemoteError {
  code: string;
  message: string;
  /** For INVALID_INPUT / INVALID_OUTPUT: where and why validation failed. */
  issues?: { path: string; message: string }[];
}

/** Error the UI sees when a call fails; `code` is the RemoteError code. */
export class EngineCallError extends Error {
  readonly code: string;
  readonly issues: RemoteError['issues'];
  constructor(error: RemoteError) {
    super(error.message);
    this.name = 'EngineCallError';
    this.code = error.code;
    this.issues = error.issues;
  }
}

/**
 * Electron's contextBridge copies only the message of an Error thrown by the preload into the page,
 * so the preload carries the whole RemoteError inside the message, after this marker.
 */
const MARKER = '[genrescope-error]';

export function encodeBridgeError(error: RemoteError): string {
  return `${error.message} ${MARKER}${JSON.stringify(error)}`;
}

/**
 * Turns whatever a bridge call rejected with back into an EngineCallError (code preserved when the
 * preload encoded it; 'INTERNAL' otherwise).
 */
export function decodeBridgeError(err: unknown): EngineCallError {
  if (err instanceof EngineCallError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const at = message.indexOf(MARKER);
  if (at >= 0) {
    try {
      const parsed = JSON.parse(message.slice(at + MARKER.length)) as Partial<RemoteError>;
      if (typeof parsed.code === 'string' && typeof parsed.message === 'string') {
        return new EngineCallError({ code: parsed.code, message: parsed.message, ...(Array.isArray(parsed.issues) ? { issues: parsed.issues } : {}) });
      }
    } catch {
      // fall through: not our encoding after all
    }
  }
  return new EngineCallError({ code: 'INTERNAL', message });
}
