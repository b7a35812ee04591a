/**
 * One interface over the two ways the UI reaches the engine: Electron's preload bridge (IPC) or the
 * WebSocket of `genrescope serve`. Everything above this file (hooks, views) is transport-agnostic.
 */
import type { EngineEvents, EventName, MethodInput, MethodName, MethodOutput } from '../../../shared/contract.ts';

/** 'connecting' before the first open and while reconnecting; 'closed' = gave up or not reachable yet. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface Transport {
  /** 'ipc' in the desktop app, 'websocket' in a browser (serve). */
  readonly kind: 'ipc' | 'websocket';
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Absolute path of a dropped File; null where the host cannot know it (browser). */
  pathForFile(file: File): string | null;
  close(): void;
}

/** Tiny typed listener registry shared by both transports. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  }
  emit(value: T): void {
    for (const l of [...this.set]) {
      try {
        l(value);
      } catch (err) {
        // A broken view must not stop other listeners from hearing the event.
        console.error('genrescope: event listener failed', err);
      }
    }
  }
  get size(): number {
    return this.set.size;
  }
}
