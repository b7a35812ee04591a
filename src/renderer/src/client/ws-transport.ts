/**
 * Transport over the WebSocket of `genrescope serve` (JSON text frames, see WsRequest/WsResponse in
 * the contract). Requests carry ids; answers and events are validated with the contract's schemas.
 * The socket reconnects with backoff; calls made while it is down wait for it (up to QUEUE_TIMEOUT_MS)
 * and calls in flight when it drops fail with code 'DISCONNECTED' (the engine may or may not have
 * done them, so we do not silently resend).
 */
import {
  contract,
  EngineCallError,
  events,
  isEventName,
  WsServerMessageSchema,
  type EngineEvents,
  type EventName,
  type MethodInput,
  type MethodName,
  type MethodOutput,
  type WsRequest,
} from '../../../shared/contract.ts';
import { Listeners, type ConnectionState, type Transport } from './transport.ts';

const QUEUE_TIMEOUT_MS = 20_000;
const BACKOFF_MS = [250, 500, 1000, 2000, 4000];

interface Pending {
  method: MethodName;
  resolve: (value: unknown) => void;
  reject: (err: EngineCallError) => void;
}

interface Queued {
  request: WsRequest;
  timer: ReturnType<typeof setTimeout>;
}

export class WebSocketTransport implements Transport {
  readonly kind = 'websocket' as const;
  private readonly url: string;
  private socket: WebSocket | null = null;
  private state: ConnectionState = 'connecting';
  private nextId = 1;
  private attempt = 0;
  private closedByUs = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Queued[] = [];
  private readonly stateListeners = new Listeners<ConnectionState>();
  private readonly eventListeners = new Map<EventName, Listeners<unknown>>();

  private readonly createSocket: (url: string) => WebSocket;

  /**
   * url: the full ws:// URL including the token query. createSocket: how to open the socket (a
   * browser's WebSocket by default; Node tests pass one that sets the Origin header a browser sends).
   */
  constructor(url: string, createSocket: (url: string) => WebSocket = (u) => new WebSocket(u)) {
    this.url = url;
    this.createSocket = createSocket;
    this.open();
  }

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const id = this.nextId++;
    const request: WsRequest = input === undefined ? { id, method } : { id, method, input };
    return new Promise<MethodOutput<M>>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
      if (this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify(request));
      } else {
        const timer = setTimeout(() => {
          const at = this.queue.findIndex((q) => q.request.id === id);
          if (at >= 0) this.queue.splice(at, 1);
          this.settleError(id, { code: 'UNREACHABLE', message: `The engine is not reachable (waited ${QUEUE_TIMEOUT_MS / 1000} s for ${this.url.split('?')[0]}).` });
        }, QUEUE_TIMEOUT_MS);
        this.queue.push({ request, timer });
      }
    });
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    let set = this.eventListeners.get(event);
    if (!set) {
      set = new Listeners<unknown>();
      this.eventListeners.set(event, set);
    }
    return set.add(listener as (payload: unknown) => void);
  }

  connection(): ConnectionState {
    return this.state;
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    return this.stateListeners.add(listener);
  }

  pathForFile(): string | null {
    // A browser never reveals where a dropped file lives on disk.
    return null;
  }

  close(): void {
    this.closedByUs = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.close();
    for (const q of this.queue.splice(0)) clearTimeout(q.timer);
    for (const id of [...this.pending.keys()]) this.settleError(id, { code: 'DISCONNECTED', message: 'The connection to the engine was closed.' });
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    this.stateListeners.emit(state);
  }

  private open(): void {
    let socket: WebSocket;
    try {
      socket = this.createSocket(this.url);
    } catch (err) {
      console.error('genrescope: cannot open WebSocket', err);
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.setState('open');
      for (const q of this.queue.splice(0)) {
        clearTimeout(q.timer);
        socket.send(JSON.stringify(q.request));
      }
    });
    socket.addEventListener('message', (ev: MessageEvent) => {
      if (typeof ev.data === 'string') this.onMessage(ev.data);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failAll('DISCONNECTED', 'The connection to the engine dropped before it answered.');
      if (!this.closedByUs) this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    this.setState('closed');
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    this.attempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closedByUs) this.open();
    }, delay);
  }

  private onMessage(text: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      console.error('genrescope: engine sent a frame that is not JSON');
      return;
    }
    const parsed = WsServerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.error('genrescope: engine sent an unexpected message', parsed.error.issues);
      return;
    }
    const msg = parsed.data;
    if ('event' in msg) {
      if (!isEventName(msg.event)) return;
      const payload = events[msg.event].safeParse(msg.payload);
      if (!payload.success) {
        console.error(`genrescope: invalid ${msg.event} event`, payload.error.issues);
        return;
      }
      this.eventListeners.get(msg.event)?.emit(payload.data);
      return;
    }
    if (typeof msg.id !== 'number') return;
    if (msg.ok) {
      const p = this.pending.get(msg.id);
      if (!p) return;
      const out = contract[p.method].output.safeParse(msg.output);
      if (!out.success) {
        this.settleError(msg.id, {
          code: 'INVALID_OUTPUT',
          message: `The engine's answer to ${p.method} does not match the contract.`,
          issues: out.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        });
        return;
      }
      this.pending.delete(msg.id);
      p.resolve(out.data);
    } else {
      this.settleError(msg.id, msg.error);
    }
  }

  private settleError(id: number, error: ConstructorParameters<typeof EngineCallError>[0]): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(new EngineCallError(error));
  }

  /** Fails calls that were sent on a socket that dropped; queued (never sent) calls keep waiting. */
  private failAll(code: string, message: string): void {
    const queued = new Set(this.queue.map((q) => q.request.id));
    for (const id of [...this.pending.keys()]) {
      if (!queued.has(id)) this.settleError(id, { code, message });
    }
  }
}
