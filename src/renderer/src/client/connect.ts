/**
 * Picks the transport once at startup: the preload bridge when the page runs inside the desktop app,
 * otherwise the WebSocket of `genrescope serve` with the token from the page URL (`?token=`).
 * This is the only module that looks at `window` for the engine.
 */
import { TOKEN_PARAM, WS_PATH } from '../../../shared/contract.ts';
import { IpcTransport } from './ipc-transport.ts';
import type { Transport } from './transport.ts';
import { WebSocketTransport } from './ws-transport.ts';

/** ws(s)://<host><WS_PATH>?token=<token> for a page served at `pageUrl`. */
export function webSocketUrl(pageUrl: string): string {
  const page = new URL(pageUrl);
  const ws = new URL(WS_PATH, page);
  ws.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = page.searchParams.get(TOKEN_PARAM);
  if (token) ws.searchParams.set(TOKEN_PARAM, token);
  return ws.toString();
}

export function connect(): Transport {
  // Typed by src/preload/api.d.ts: present only inside the desktop app.
  const bridge = window.genrescope;
  if (bridge) return new IpcTransport(bridge);
  return new WebSocketTransport(webSocketUrl(window.location.href));
}
