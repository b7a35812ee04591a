/**
 * The sandboxed preload: exposes the UI <-> engine contract to the page as `window.genrescope`, one
 * named async method per contract method, event subscriptions that return their unsubscribe
 * function, and webUtils.getPathForFile for drag & drop. Nothing else crosses: no ipcRenderer, no
 * Node. Built as CommonJS (sandboxed preloads cannot be ES modules) and imports no zod (bridge.ts
 * is dependency-free; the contract import is types only). Main validates every call.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BRIDGE_GLOBAL, encodeBridgeError, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../shared/bridge.ts';
import type { CallResult, EngineApi, EngineBridge, EngineEvents, EventListener, EventName, MethodInput, MethodName, MethodOutput } from '../shared/contract.ts';

function call<M extends MethodName>(method: M): (input: MethodInput<M>) => Promise<MethodOutput<M>> {
  return async (input) => {
    const result = (await ipcRenderer.invoke(IPC_PREFIX + method, input)) as CallResult;
    if (result.ok) return result.output as MethodOutput<M>;
    throw new Error(encodeBridgeError(result.error));
  };
}

const api = {
  listTracks: call('listTracks'),
  getTrack: call('getTrack'),
  listRoots: call('listRoots'),
  addRoot: call('addRoot'),
  removeRoot: call('removeRoot'),
  startScan: call('startScan'),
  pauseScan: call('pauseScan'),
  resumeScan: call('resumeScan'),
  cancelScan: call('cancelScan'),
  getScanStatus: call('getScanStatus'),
  classifyFiles: call('classifyFiles'),
  reclassifyTrack: call('reclassifyTrack'),
  getAudioUrl: call('getAudioUrl'),
  getModelCard: call('getModelCard'),
  getSettings: call('getSettings'),
  updateSettings: call('updateSettings'),
  getReport: call('getReport'),
  runReport: call('runReport'),
  exportReportHtml: call('exportReportHtml'),
  previewTags: call('previewTags'),
  applyTags: call('applyTags'),
  listTagBatches: call('listTagBatches'),
  undoTags: call('undoTags'),
  revealInFolder: call('revealInFolder'),
  copyText: call('copyText'),
  pickFolder: call('pickFolder'),
} satisfies EngineApi;

// One IPC listener for all events. `openFiles` that arrive before the page subscribed (a file given
// on the command line reaches us while React is still mounting) are held for the first subscriber;
// the other events describe state the page re-reads on mount anyway.
const listeners = new Map<string, Set<(payload: unknown) => void>>();
const heldOpenFiles: unknown[] = [];

function deliver(listener: (payload: unknown) => void, payload: unknown): void {
  try {
    listener(payload);
  } catch (err) {
    console.error('genrescope: event listener failed', err);
  }
}

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  const set = listeners.get(name);
  if (set && set.size > 0) for (const l of [...set]) deliver(l, payload);
  else if (name === 'openFiles') heldOpenFiles.push(payload);
});

function on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
  if (typeof event !== 'string' || typeof listener !== 'function') throw new TypeError('on(event, listener): expected an event name and a function');
  const l = (payload: unknown): void => listener(payload as EngineEvents[E]);
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  set.add(l);
  if (event === 'openFiles' && heldOpenFiles.length > 0) {
    const held = heldOpenFiles.splice(0);
    queueMicrotask(() => held.forEach((p) => deliver(l, p)));
  }
  return () => {
    set.delete(l);
  };
}

const bridge = {
  ...api,
  on,
  getPathForFile: (file: File): string => webUtils.getPathForFile(file),
} satisfies EngineBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
