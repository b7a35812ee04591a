/**
 * Preload for the utilityProcess transport test: gives a child_process.fork child an Electron-shaped
 * `process.parentPort` (messages delivered as `{data}` events, replies through postMessage), bridged
 * to the IPC channel with every reply wrapped so the test can tell which path it took.
 */
import { EventEmitter } from 'node:events';

const port = Object.assign(new EventEmitter(), {
  postMessage(message: unknown) {
    process.send?.({ viaParentPort: true, message });
  },
});
process.on('message', (m) => port.emit('message', { data: m }));
(process as NodeJS.Process & { parentPort?: unknown }).parentPort = port;
