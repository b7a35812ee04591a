/**
 * Which IPC senders and navigations are the app's own. Only the top frame of one of our windows,
 * showing our renderer (the built index.html over file://, or the dev server in development), may
 * call the engine; anything else (an iframe, a page navigated elsewhere, another webContents) is
 * ignored. Pure: takes the few fields of Electron's event it needs, so it is tested in plain Node.
 */

export interface AppLocation {
  /** file:// URL of out/renderer/index.html, or the dev server URL (http://localhost:5173/). */
  rendererUrl: string;
}

export interface FrameLike {
  url: string;
  /** null for a top-level frame. */
  parent: unknown;
}

export interface IpcEventLike {
  sender: { id: number };
  /** null when the frame has navigated away or been destroyed since it sent the message. */
  senderFrame: FrameLike | null;
}

function parse(u: string): URL | null {
  try {
    return new URL(u);
  } catch {
    return null;
  }
}

/**
 * True when `url` shows our renderer: for file:// exactly our index.html (any #hash route or
 * query), for the dev server the same origin.
 */
export function isAppUrl(url: string, app: AppLocation): boolean {
  const target = parse(url);
  const ours = parse(app.rendererUrl);
  if (!target || !ours) return false;
  if (ours.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === ours.host && decodeURIComponent(target.pathname) === decodeURIComponent(ours.pathname);
  }
  if (ours.protocol === 'http:' || ours.protocol === 'https:') {
    return target.origin === ours.origin;
  }
  return false;
}

export function isTrustedSender(event: IpcEventLike, app: AppLocation, windowContentsIds: ReadonlySet<number>): boolean {
  if (!windowContentsIds.has(event.sender.id)) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url, app);
}

export type NavigationVerdict = 'allow' | 'open-external' | 'deny';

/**
 * A navigation or window.open target: our own renderer may reload/route; http(s) links go to the
 * system browser (model card sources, docs); everything else (file:, javascript:, custom schemes)
 * is refused.
 */
export function navigationVerdict(url: string, app: AppLocation): NavigationVerdict {
  if (isAppUrl(url, app)) return 'allow';
  const u = parse(url);
  if (u && (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password) return 'open-external';
  return 'deny';
}
