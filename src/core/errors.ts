/**
 * Named error types of the engine. Each keeps the underlying `cause` so a user-facing message can be
 * specific while logs keep the full chain (house rule 5).
 */
export class GenrescopeError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** ffmpeg could not turn the file into audio (missing, corrupt, unsupported, timed out). */
export class DecodeError extends GenrescopeError {
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'DECODE_FAILED', message, options);
    this.path = path;
  }
}

/** Feature extraction got input it cannot analyse (too short, wrong rate, non-finite samples). */
export class FeatureError extends GenrescopeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('FEATURE_FAILED', message, options);
  }
}

/** A model file or manifest is missing, inconsistent, or no execution provider could start it. */
export class ModelError extends GenrescopeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL_FAILED', message, options);
  }
}

/** The SQLite store could not be opened or migrated. */
export class StoreError extends GenrescopeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_FAILED', message, options);
  }
}

/** Bad command-line or API input: maps to exit code 2 in the CLI. */
export class UsageError extends GenrescopeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Writing or undoing a genre tag failed for one file; the file is left as it was. `code` says why:
 * READ_ONLY, CHANGED_SINCE_PREVIEW, FILE_LOCKED, UNSUPPORTED_CONTAINER, BROKEN_TAGS, DISK_FULL,
 * VERIFY_FAILED, HARD_LINKED, NOT_FOUND, UNDO_CONFLICT, UNDO_TOO_LARGE, IO.
 */
export class TagError extends GenrescopeError {
  readonly path: string;
  constructor(code: string, path: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.path = path;
  }
}

/** A file's tags or stream info could not be read (missing, unreadable, not audio, corrupt header). */
export class MetadataError extends GenrescopeError {
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'META_FAILED', message, options);
    this.path = path;
  }
}
