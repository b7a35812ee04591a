/**
 * What every `genrescope <command>` module exports. `run` returns the process exit code:
 * 0 all ok, 1 some items failed, 2 usage error (throw UsageError for that).
 */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** Full usage text printed by `genrescope <command> --help`. */
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}
