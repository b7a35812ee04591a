/**
 * The page's view of the preload: `window.genrescope` is the contract bridge in Electron and absent
 * in a browser served by `genrescope serve` (the UI then talks over the WebSocket).
 */
import type { EngineBridge } from '../shared/contract.ts';

declare global {
  interface Window {
    genrescope?: EngineBridge;
  }
}

export {};
