import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  contract,
  decodeBridgeError,
  encodeBridgeError,
  EngineCallError,
  EVENT_NAMES,
  events,
  HOST_METHODS,
  ipcChannel,
  isMethodName,
  METHOD_NAMES,
  WsRequestSchema,
  type EngineApi,
  type EngineEvents,
  type ServiceApi,
} from '../../src/shared/contract.ts';
import type { ScanStatus, TrackRow } from '../../src/shared/dto.ts';

const row: TrackRow = {
  id: 7,
  path: '/music/a.flac',
  title: 'A',
  artist: null,
  album: null,
  durationSec: 201.5,
  genre: 'jazz',
  confidence: 0.81,
  top3: [
    { genre: 'jazz', p: 0.81 },
    { genre: 'blues', p: 0.1 },
    { genre: 'classical', p: 0.05 },
  ],
  provider: 'cpu',
  status: 'ok',
};

const idle: ScanStatus = {
  state: 'idle',
  total: 0,
  done: 0,
  failed: 0,
  skipped: 0,
  tracksPerSec: 0,
  etaSec: null,
  currentPath: null,
  startedAt: null,
  failures: [],
};

describe('contract', () => {
  it('names exactly the methods of contract.md, each with input and output schemas', () => {
    expect([...METHOD_NAMES].sort()).toEqual(
      [
        'listTracks', 'getTrack', 'listRoots', 'addRoot', 'removeRoot', 'startScan', 'pauseScan', 'resumeScan',
        'cancelScan', 'getScanStatus', 'classifyFiles', 'reclassifyTrack', 'getAudioUrl', 'getModelCard',
        'getSettings', 'updateSettings', 'getReport', 'runReport', 'exportReportHtml', 'previewTags', 'applyTags',
        'listTagBatches', 'undoTags', 'revealInFolder', 'copyText', 'pickFolder',
      ].sort(),
    );
    for (const m of METHOD_NAMES) {
      expect(typeof contract[m].input.safeParse).toBe('function');
      expect(typeof contract[m].output.safeParse).toBe('function');
      expect(ipcChannel(m)).toBe(`genrescope:${m}`);
    }
    expect(HOST_METHODS.every((m) => isMethodName(m))).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
    expect(EVENT_NAMES.sort()).toEqual(['libraryChanged', 'openFiles', 'scanProgress', 'trackUpdated']);
  });

  it('accepts a well-formed track row and rejects malformed ones', () => {
    expect(contract.reclassifyTrack.output.parse(row)).toEqual(row);
    expect(contract.reclassifyTrack.output.safeParse({ ...row, confidence: 1.5 }).success).toBe(false);
    expect(contract.reclassifyTrack.output.safeParse({ ...row, status: 'done' }).success).toBe(false);
    expect(contract.reclassifyTrack.output.safeParse({ ...row, id: -1 }).success).toBe(false);
    const { path: _p, ...noPath } = row;
    expect(contract.reclassifyTrack.output.safeParse(noPath).success).toBe(false);
  });

  it('validates listTracks input bounds', () => {
    const ok = { offset: 0, limit: 100, sort: { key: 'title', dir: 'asc' } };
    expect(contract.listTracks.input.safeParse(ok).success).toBe(true);
    expect(contract.listTracks.input.safeParse({ ...ok, genre: 'rock', search: 'x' }).success).toBe(true);
    expect(contract.listTracks.input.safeParse({ ...ok, offset: -1 }).success).toBe(false);
    expect(contract.listTracks.input.safeParse({ ...ok, limit: 0 }).success).toBe(false);
    expect(contract.listTracks.input.safeParse({ ...ok, limit: 2.5 }).success).toBe(false);
    expect(contract.listTracks.input.safeParse({ ...ok, sort: { key: 'bpm', dir: 'asc' } }).success).toBe(false);
  });

  it('takes no input for the argument-less methods', () => {
    expect(contract.pauseScan.input.safeParse(undefined).success).toBe(true);
    expect(contract.pauseScan.input.safeParse({ evil: true }).success).toBe(false);
    expect(contract.getScanStatus.output.parse(idle)).toEqual(idle);
    expect(contract.getScanStatus.output.safeParse({ ...idle, state: 'running' }).success).toBe(false);
  });

  it('requires exactly one undo selector', () => {
    const undo = contract.undoTags.input;
    expect(undo.safeParse({ batchId: 'b1' }).success).toBe(true);
    expect(undo.safeParse({ all: true }).success).toBe(true);
    expect(undo.safeParse({ journalId: 3 }).success).toBe(true);
    expect(undo.safeParse({}).success).toBe(false);
    expect(undo.safeParse({ all: false }).success).toBe(false);
    expect(undo.safeParse({ batchId: 'b1', all: true }).success).toBe(false);
  });

  it('checks settings patches field by field', () => {
    expect(contract.updateSettings.input.safeParse({ workers: 4 }).success).toBe(true);
    expect(contract.updateSettings.input.safeParse({ workers: 0 }).success).toBe(false);
    expect(contract.updateSettings.input.safeParse({ providerPreference: 'tpu' }).success).toBe(false);
    expect(contract.updateSettings.input.safeParse({ theme: 'dark', ffmpegPath: null }).success).toBe(true);
  });

  it('validates event payloads', () => {
    expect(events.openFiles.safeParse({ paths: ['/a.mp3'] }).success).toBe(true);
    expect(events.openFiles.safeParse({ paths: [''] }).success).toBe(false);
    expect(events.trackUpdated.safeParse(row).success).toBe(true);
    expect(events.libraryChanged.safeParse({}).success).toBe(true);
  });

  it('parses WebSocket requests', () => {
    expect(WsRequestSchema.safeParse({ id: 1, method: 'getSettings' }).success).toBe(true);
    expect(WsRequestSchema.safeParse({ id: 'a', method: 'getTrack', input: { id: 1 } }).success).toBe(true);
    expect(WsRequestSchema.safeParse({ method: 'getSettings' }).success).toBe(false);
  });

  it('carries error codes through the bridge encoding', () => {
    const e = decodeBridgeError(new Error(encodeBridgeError({ code: 'DECODE_FAILED', message: 'bad file', issues: [{ path: 'x', message: 'y' }] })));
    expect(e).toBeInstanceOf(EngineCallError);
    expect(e.code).toBe('DECODE_FAILED');
    expect(e.message).toBe('bad file');
    expect(e.issues).toEqual([{ path: 'x', message: 'y' }]);
    // Electron may prefix the message when copying it across worlds.
    const prefixed = decodeBridgeError(new Error('Error: ' + encodeBridgeError({ code: 'UNAVAILABLE', message: 'no' })));
    expect(prefixed.code).toBe('UNAVAILABLE');
    expect(decodeBridgeError(new Error('plain')).code).toBe('INTERNAL');
    expect(decodeBridgeError('text').message).toBe('text');
  });

  it('derives the API types from the schemas', () => {
    expectTypeOf<EngineApi['pauseScan']>().toBeCallableWith();
    expectTypeOf<EngineApi['getTrack']>().toBeCallableWith({ id: 1 });
    expectTypeOf<EngineApi['getTrack']>().parameter(0).not.toEqualTypeOf<void>();
    expectTypeOf<Awaited<ReturnType<EngineApi['getTrack']>>['existingTags']['genre']>().toEqualTypeOf<string[]>();
    expectTypeOf<EngineEvents['openFiles']>().toEqualTypeOf<{ paths: string[] }>();
    expectTypeOf<'revealInFolder' extends keyof ServiceApi ? true : false>().toEqualTypeOf<false>();
    expectTypeOf<'listTracks' extends keyof ServiceApi ? true : false>().toEqualTypeOf<true>();
  });
});
