/**
 * The one UI <-> engine contract. Every method is `{ input, output }` zod schemas keyed by a dot-free
 * camelCase name that maps 1:1 to a preload method, an IPC channel (`genrescope:<method>`) and a
 * WebSocket `method` in `genrescope serve`. Both transports validate input before calling the engine
 * and output before answering, with these same schemas.
 *
 * Shared by Node and the browser: zod only, no Node or DOM APIs.
 */
import { z } from 'zod';
import {
  ApplyTagsInputSchema,
  ApplyTagsResultSchema,
  AudioUrlSchema,
  ClassifyFilesInputSchema,
  ClassifyResultSchema,
  CopyTextInputSchema,
  LibraryChangedSchema,
  ListTracksInputSchema,
  ModelCardSchema,
  OpenFilesSchema,
  PathInputSchema,
  PreviewTagsInputSchema,
  ReportHtmlSchema,
  RootsSchema,
  ScanStatusSchema,
  SettingsPatchSchema,
  SettingsSchema,
  StartScanInputSchema,
  TagBatchSchema,
  TagPreviewSchema,
  TrackDetailSchema,
  TrackIdInputSchema,
  TrackPageSchema,
  TrackRowSchema,
  UndoTagsInputSchema,
  UndoTagsResultSchema,
  ValidationReportSchema,
} from './dto.ts';
import { IPC_PREFIX, type RemoteError } from './bridge.ts';

export {
  AUDIO_SCHEME,
  BRIDGE_GLOBAL,
  decodeBridgeError,
  encodeBridgeError,
  EngineCallError,
  IPC_EVENT_CHANNEL,
  IPC_PREFIX,
  TOKEN_PARAM,
  WS_PATH,
} from './bridge.ts';

/** Methods without input take `undefined` (called as `api.pauseScan()`). */
const none = z.void();

interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export const contract = {
  // library / scan
  listTracks: { input: ListTracksInputSchema, output: TrackPageSchema },
  getTrack: { input: TrackIdInputSchema, output: TrackDetailSchema },
  listRoots: { input: none, output: RootsSchema },
  addRoot: { input: PathInputSchema, output: RootsSchema },
  removeRoot: { input: PathInputSchema, output: RootsSchema },
  startScan: { input: StartScanInputSchema, output: ScanStatusSchema },
  pauseScan: { input: none, output: ScanStatusSchema },
  resumeScan: { input: none, output: ScanStatusSchema },
  cancelScan: { input: none, output: ScanStatusSchema },
  getScanStatus: { input: none, output: ScanStatusSchema },
  classifyFiles: { input: ClassifyFilesInputSchema, output: z.array(ClassifyResultSchema) },
  reclassifyTrack: { input: TrackIdInputSchema, output: TrackRowSchema },
  getAudioUrl: { input: TrackIdInputSchema, output: AudioUrlSchema },
  // model / settings
  getModelCard: { input: none, output: ModelCardSchema },
  getSettings: { input: none, output: SettingsSchema },
  updateSettings: { input: SettingsPatchSchema, output: SettingsSchema },
  // validation report
  getReport: { input: TrackIdInputSchema, output: ValidationReportSchema.nullable() },
  runReport: { input: TrackIdInputSchema, output: ValidationReportSchema },
  exportReportHtml: { input: TrackIdInputSchema, output: ReportHtmlSchema },
  // tagging
  previewTags: { input: PreviewTagsInputSchema, output: TagPreviewSchema },
  applyTags: { input: ApplyTagsInputSchema, output: ApplyTagsResultSchema },
  listTagBatches: { input: none, output: z.array(TagBatchSchema) },
  undoTags: { input: UndoTagsInputSchema, output: UndoTagsResultSchema },
  // app-only (implemented by the host: Electron main or the serve server)
  revealInFolder: { input: PathInputSchema, output: z.void() },
  copyText: { input: CopyTextInputSchema, output: z.void() },
  pickFolder: { input: none, output: z.string().nullable() },
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export const METHOD_NAMES = Object.keys(contract) as MethodName[];

export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;

/** What the UI calls: one async function per contract method. */
export type EngineApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

/**
 * Methods the host (Electron main, or the serve server) implements itself because they depend on
 * where the UI runs; every other method is answered by the engine's GenrescopeService.
 */
export const HOST_METHODS = ['getAudioUrl', 'revealInFolder', 'copyText', 'pickFolder'] as const;
export type HostMethodName = (typeof HOST_METHODS)[number];
export type EngineMethodName = Exclude<MethodName, HostMethodName>;
export type HostApi = Pick<EngineApi, HostMethodName>;
/** The part of the contract the engine service answers. */
export type ServiceApi = Pick<EngineApi, EngineMethodName>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
export function isHostMethod(name: MethodName): name is HostMethodName {
  return (HOST_METHODS as readonly string[]).includes(name);
}

// ---------------------------------------------------------------- events (engine -> UI)

export const events = {
  scanProgress: ScanStatusSchema,
  trackUpdated: TrackRowSchema,
  libraryChanged: LibraryChangedSchema,
  /** The OS asked to classify files (second launch with paths, macOS open-file, menu "Classify files…"). */
  openFiles: OpenFilesSchema,
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export const EVENT_NAMES = Object.keys(events) as EventName[];
export type EngineEvents = { [E in EventName]: z.output<(typeof events)[E]> };
export type EventListener<E extends EventName> = (payload: EngineEvents[E]) => void;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Anything that emits the engine events; `on` returns the unsubscribe function. */
export interface EngineEventSource {
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
}

// ---------------------------------------------------------------- transport

export function ipcChannel(method: MethodName): string {
  return IPC_PREFIX + method;
}

/**
 * Error codes a call can fail with. Engine errors keep their GenrescopeError code (e.g.
 * 'DECODE_FAILED', 'USAGE'); the transport adds these.
 */
export const TRANSPORT_ERROR_CODES = {
  invalidInput: 'INVALID_INPUT',
  invalidOutput: 'INVALID_OUTPUT',
  unknownMethod: 'UNKNOWN_METHOD',
  /** The method exists but this host cannot do it (e.g. revealInFolder in a browser). */
  unavailable: 'UNAVAILABLE',
  internal: 'INTERNAL',
} as const;

export const RemoteErrorSchema: z.ZodType<RemoteError> = z.object({
  code: z.string(),
  message: z.string(),
  /** For INVALID_INPUT / INVALID_OUTPUT: where and why validation failed. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type { RemoteError };

/** What an IPC handler resolves with (rejections would lose the error code across IPC). */
export type CallResult = { ok: true; output: unknown } | { ok: false; error: RemoteError };
export const CallResultSchema = z.union([
  z.object({ ok: z.literal(true), output: z.unknown() }),
  z.object({ ok: z.literal(false), error: RemoteErrorSchema }),
]);

/** WebSocket messages of `genrescope serve` (JSON text frames). */
export const WsRequestSchema = z.object({
  id: z.union([z.number().int(), z.string().max(100)]),
  method: z.string(),
  input: z.unknown().optional(),
});
export type WsRequest = z.infer<typeof WsRequestSchema>;
export type WsResponse =
  | { id: number | string; ok: true; output: unknown }
  | { id: number | string | null; ok: false; error: RemoteError };
export type WsEvent = { event: EventName; payload: unknown };
export const WsServerMessageSchema = z.union([
  z.object({ id: z.union([z.number(), z.string()]), ok: z.literal(true), output: z.unknown() }),
  z.object({ id: z.union([z.number(), z.string(), z.null()]), ok: z.literal(false), error: RemoteErrorSchema }),
  z.object({ event: z.string(), payload: z.unknown() }),
]);

/** zod issues -> RemoteError issues (path joined with '.'). */
export function toIssues(error: z.ZodError): NonNullable<RemoteError['issues']> {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * What the Electron preload exposes as `window.genrescope`: every contract method as a named async
 * function (rejecting with an Error that decodeBridgeError turns into an EngineCallError), event
 * subscriptions, and the one Electron-only helper the UI needs for drag & drop.
 */
export interface EngineBridge extends EngineApi, EngineEventSource {
  /** Absolute path of a File from a drop or an <input type=file> (Electron's webUtils.getPathForFile). */
  getPathForFile(file: File): string;
}
