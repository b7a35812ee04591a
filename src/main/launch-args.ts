/**
 * The desktop app's command line: which files the OS (or the user) asked it to open or classify.
 * Pure: the path module and platform are injected, so Windows command lines are tested on Linux.
 *
 * Forms it understands (argv[0] is the executable; under `electron .` argv[1] is the app path):
 *   Genrescope --classify a.mp3 "b c.flac"   the Explorer verb, Linux desktop action, Dolphin, Nautilus
 *   Genrescope a.mp3                         "Open with" (plain paths classify too)
 *   Genrescope --classify=a.mp3              one path glued to the flag
 *   Genrescope --classify -- -odd-name.mp3   after `--` every argument is a path
 *   Genrescope file:///m/b%20c.flac          GNOME passes URIs to the main entry's `%U`
 * Switches (`--foo`, `--foo=bar`, `-x`) are not paths: Chromium/Electron add their own
 * (`--allow-file-access-from-files`, `--original-process-start-time=…`) to a second instance's argv.
 * Other URLs (smb://, sftp://) cannot be decoded and are skipped.
 */
import nodePath from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLASSIFY_FLAG = '--classify';

/**
 * Commands of the `genrescope` command-line tool (src/cli/commands.ts; a test keeps the lists equal).
 * The packaged desktop app is installed as `genrescope` too (Linux), so `genrescope classify x.mp3`
 * can reach it: it must answer that instead of treating `classify` as a file name.
 */
export const CLI_COMMAND_NAMES: readonly string[] = ['scan', 'classify', 'export', 'status', 'serve', 'tag', 'undo', 'report', 'features'];

export type PathApi = Pick<typeof nodePath.posix, 'resolve' | 'isAbsolute'>;

export interface ArgvContext {
  /** Working directory of the launching process (relative paths are resolved against it). */
  cwd: string;
  /**
   * True when running under the `electron` binary with the app path as first argument
   * (process.defaultApp: dev / `electron .`): then two leading entries are not user arguments.
   */
  defaultApp: boolean;
  /** Default: this process's platform. 'win32' switches to Windows paths and case-insensitive duplicates. */
  platform?: NodeJS.Platform;
}

export interface LaunchArgs {
  /** Absolute paths in the order given, without duplicates. Existence is not checked here. */
  paths: string[];
  /** `--classify` was given: the user asked for a quick genre answer (right-click verb). */
  classify: boolean;
  /** The first argument names a command of the command-line tool (see CLI_COMMAND_NAMES). */
  cliCommand: string | null;
}

function pathApiFor(platform: NodeJS.Platform): PathApi {
  return platform === 'win32' ? nodePath.win32 : nodePath.posix;
}

/** Identity of a path for de-duplication: Windows paths are case-insensitive. */
export function pathKey(p: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? p.toLowerCase() : p;
}

export function dedupePaths(paths: readonly string[], platform: NodeJS.Platform = process.platform): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of paths) {
    const key = pathKey(p, platform);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/**
 * A URL: `scheme://…` (two or more letters, so never a Windows drive like C:\ or C:/) or `file:…`.
 * A colon alone does not make a URL: "Intro: Live.mp3" is a fine file name on Linux and macOS.
 */
const URL_RE = /^(?:[a-z][a-z0-9+.-]+:\/\/|file:)/i;

/** One positional argument as an absolute path, or null when it cannot name a local file. */
export function argToPath(arg: string, cwd: string, platform: NodeJS.Platform = process.platform): string | null {
  if (arg.trim() === '') return null;
  if (URL_RE.test(arg)) {
    if (!/^file:/i.test(arg)) return null;
    try {
      return fileURLToPath(arg, { windows: platform === 'win32' });
    } catch {
      return null; // file://otherhost/… on Linux/macOS, or a malformed URL
    }
  }
  return pathApiFor(platform).resolve(cwd, arg);
}

export function parseLaunchArgv(argv: readonly string[], ctx: ArgvContext): LaunchArgs {
  const platform = ctx.platform ?? process.platform;
  const user = argv.slice(ctx.defaultApp ? 2 : 1).filter((a): a is string => typeof a === 'string');
  const paths: string[] = [];
  let classify = false;
  let onlyPaths = false;
  let cliCommand: string | null = null;
  const first = user.findIndex((a) => a === '--' || !a.startsWith('-'));
  const add = (arg: string) => {
    const p = argToPath(arg, ctx.cwd, platform);
    if (p !== null) paths.push(p);
  };
  user.forEach((arg, i) => {
    if (onlyPaths) return add(arg);
    if (arg === '--') {
      onlyPaths = true;
      return;
    }
    if (arg === CLASSIFY_FLAG) {
      classify = true;
      return;
    }
    if (arg.startsWith(`${CLASSIFY_FLAG}=`)) {
      classify = true;
      return add(arg.slice(CLASSIFY_FLAG.length + 1));
    }
    if (arg.startsWith('-')) return; // a switch of ours, Chromium's or Electron's
    if (i === first && !classify && CLI_COMMAND_NAMES.includes(arg)) {
      cliCommand = arg;
      return;
    }
    add(arg);
  });
  return { paths: dedupePaths(paths, platform), classify, cliCommand };
}

/** What the desktop app prints when started as `genrescope <cli command> …` (exit code 2). */
export function cliCommandMessage(command: string): string {
  return [
    `genrescope ${command}: this is the Genrescope desktop app, not the command-line tool.`,
    `To classify in the app: genrescope ${CLASSIFY_FLAG} FILE…`,
    `For \`genrescope ${command}\` use the command-line tool (node bin/genrescope.js ${command} from a`,
    'Genrescope source checkout after `npm ci`); see docs/os-integration.md.',
    '',
  ].join('\n');
}
