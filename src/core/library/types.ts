/**
 * Types of the library layer (scan, tags/stream info, quick hash). Stable API for the job runner,
 * service facade and CLI:
 *
 *   scanRoots(roots, opts?)      → Promise<ScanResult>        (scan.ts)   walk roots, one entry per file/problem
 *   isAudioPath(path)            → boolean                    (scan.ts)   extension check only
 *   readTrackMeta(path)          → Promise<TrackMeta>         (metadata.ts) throws MetadataError{path, code}
 *   quickHash(path)              → Promise<string>            (quick-hash.ts) 'q1:' + sha256 hex, throws MetadataError
 *
 * Everything is plain Node (no electron); paths are absolute, as the OS spells them.
 */

/** One audio file found by a scan. */
export interface ScannedFile {
  /** Absolute path as reached from the root (symlinks not resolved: this is what the user sees). */
  path: string;
  /** fs.realpath of `path`: two paths with the same realPath are one file (reported once). */
  realPath: string;
  /** The root (as given to scanRoots, resolved to absolute) under which it was found. */
  root: string;
  sizeBytes: number;
  /** Modification time in ms since the epoch (fs.Stats.mtimeMs, may carry a fraction). */
  mtimeMs: number;
  /** Lower-case extension without the dot: 'mp3', 'flac', … */
  ext: string;
}

export type ScanSkipReason =
  /** dot-prefixed file or directory (Unix hidden) */
  | 'hidden'
  /** $RECYCLE.BIN, System Volume Information, .Trash-1000, lost+found, … */
  | 'system'
  /** a symlink to a directory already being walked (a cycle) or already walked (a duplicate tree) */
  | 'symlink-loop'
  /** a second path to a file already reported (hard link to the same realpath, symlinked file) */
  | 'duplicate';

export interface ScanSkip {
  path: string;
  reason: ScanSkipReason;
}

export type ScanProblemKind =
  /** a root that does not exist or is not a directory */
  | 'root-missing'
  /** a directory that could not be listed (EACCES, EIO, …): its files are unknown, not gone */
  | 'unreadable-dir'
  /** an entry that could not be stat'ed (dangling symlink, EACCES on the parent, vanished mid-scan) */
  | 'unreadable-entry';

export interface ScanProblem {
  path: string;
  kind: ScanProblemKind;
  /** Clear, specific message including the OS error code. */
  message: string;
}

export interface ScanCounts {
  /** audio files reported in `files` */
  files: number;
  /** directories listed successfully */
  dirs: number;
  /** non-audio files passed over (not listed in `skipped`: a library holds many covers and playlists) */
  notAudio: number;
  hidden: number;
  system: number;
  symlinkLoops: number;
  duplicates: number;
  problems: number;
}

export interface ScanResult {
  files: ScannedFile[];
  skipped: ScanSkip[];
  problems: ScanProblem[];
  counts: ScanCounts;
  /** true when opts.signal aborted the walk: `files` holds what was found until then. */
  aborted: boolean;
}

export interface ScanOptions {
  /** Extensions to accept (lower-case, no dot). Default: AUDIO_EXTENSIONS. */
  extensions?: readonly string[];
  /** Called for each audio file as soon as it is found (streaming into a job queue). */
  onFile?: (file: ScannedFile) => void;
  /** Called for each problem as soon as it happens. */
  onProblem?: (problem: ScanProblem) => void;
  /** Stops the walk between directories; the result is marked `aborted`. */
  signal?: AbortSignal;
  /** Follow symlinks to directories and files (default true; cycles are always cut). */
  followSymlinks?: boolean;
}

/** Tags and stream info of one file, read with music-metadata (no decoding). */
export interface TrackMeta {
  /** null when the container does not say (raw streams, broken headers) */
  durationSec: number | null;
  title: string | null;
  artist: string | null;
  album: string | null;
  /** Genre tags already in the file, as written (may be empty). */
  genre: string[];
  sampleRate: number | null;
  channels: number | null;
  /** Codec as music-metadata names it: 'MPEG 1 Layer 3', 'FLAC', 'AAC', 'ALAC', 'Opus', 'PCM', … */
  codec: string | null;
  /** Container: 'MPEG', 'FLAC', 'Ogg', 'M4A/mp42/isom', 'WAVE', 'AIFF', 'ASF/audio', 'WavPack', … */
  container: string | null;
  /** Bits per sample of lossless streams, null when not applicable. */
  bitsPerSample: number | null;
  lossless: boolean | null;
}
