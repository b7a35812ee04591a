/**
 * Transport over Electron's preload bridge (`window.genrescope`, see src/preload). The bridge already
 * validates on the main side; here we only turn rejections back into EngineCallError with their code.
 */
import { decodeBridgeError } from '../../../shared/bridge.ts';
import type { EngineBridge, EngineEvents, EventName, MethodInput, MethodName, MethodOutput } from '../../../shared/contract.ts';
import type { ConnectionState, Transport } from './transport.ts';

export class IpcTransport implements Transport {
  readonly kind = 'ipc' as const;
  private readonly bridge: EngineBridge;

  constructor(bridge: EngineBridge) {
    this.bridge = bridge;
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const fn = this.bridge[method] as unknown as (input: MethodInput<M>) => Promise<MethodOutput<M>>;
    try {
      return await fn.call(this.bridge, input);
    } catch (err) {
      throw decodeBridgeError(err);
    }
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EngineEvents[E]) => void): () => void {
    return this.bridge.on(event, listener);
  }

  connection(): ConnectionState {
    // IPC to our own main process is always there while the window lives.
    return 'open';
  }

  onConnection(): () => void {
    return () => {};
  }

  pathForFile(file: File): string | null {
    try {
      return this.bridge.getPathForFile(file) || null;
    } catch {
      return null;
    }
  }

  close(): void {}
}
