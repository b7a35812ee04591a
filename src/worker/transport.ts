/**
 * The worker side of the message channel. Under Electron's utilityProcess the parent port is
 * `process.parentPort` (messages arrive as `{ data }` events); under Node's child_process.fork it is
 * `process.send` / `process.on('message')`. Detected at runtime so the worker never imports electron.
 */

export interface WorkerTransport {
  readonly kind: 'electron-utility' | 'node-ipc';
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the parent goes away (channel closed): the worker should exit. */
  onDisconnect(listener: () => void): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
}

export function detectTransport(proc: NodeJS.Process = process): WorkerTransport {
  const parentPort = (proc as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    return {
      kind: 'electron-utility',
      send: (m) => parentPort.postMessage(m),
      onMessage: (l) => parentPort.on('message', (e) => l(e.data)),
      onDisconnect: (l) => parentPort.on('close', l),
    };
  }
  if (typeof proc.send === 'function') {
    return {
      kind: 'node-ipc',
      send: (m) => {
        // The channel may already be closed if the parent died; nothing useful to do then.
        if (proc.connected) proc.send!(m);
      },
      onMessage: (l) => proc.on('message', l),
      onDisconnect: (l) => proc.on('disconnect', l),
    };
  }
  throw new Error('analysis worker started without a parent channel (use child_process.fork or utilityProcess.fork)');
}
