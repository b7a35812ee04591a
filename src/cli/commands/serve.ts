/** `genrescope serve`: the desktop UI in a browser, for a library on a NAS or a headless machine. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../core/errors.ts';
import { isLoopbackHost } from '../../core/server/access.ts';
import { startServeServer } from '../../core/server/serve-server.ts';
import { assertRendererBuilt } from '../../core/server/static-files.ts';
import { GenrescopeService } from '../../core/service/genrescope-service.ts';
import type { CliCommand } from '../command.ts';
import { DB_OPTION_HELP, ENGINE_OPTIONS_HELP, engineOptionSpec, parseCommandArgs, serviceOptions } from '../engine-options.ts';

export const DEFAULT_PORT = 4870;

/** out/renderer of this checkout or install: src/cli/commands and dist/cli/commands are both 3 levels down. */
export function defaultUiDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../out/renderer');
}

const USAGE = `Usage: genrescope serve [options]

Serves the Genrescope UI to a web browser and the library through it. The first line printed is
  Genrescope is serving at http://HOST:PORT/?token=SECRET
Open that address: the token in it is the password (a new one on every start). Without it the
WebSocket and the audio refuse to answer. Needs the built UI (\`npm run build\`).

Options:
  --port <n>           TCP port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host <address>     address to listen on (default 127.0.0.1, this machine only). 0.0.0.0 makes
                       it reachable from your network — plain HTTP, so only on a network you trust
  --allow-host <name>  another host name the UI may be opened under, e.g. nas.local (repeatable)
  --ui <dir>           built UI folder (default: out/renderer of this install)
${DB_OPTION_HELP}
${ENGINE_OPTIONS_HELP}
  -h, --help           this help

Stops with Ctrl+C (a running scan is cancelled cleanly). Exit codes: 0 stopped, 1 could not start, 2 usage error.
`;

const serveOptionSpec = {
  ...engineOptionSpec,
  port: { type: 'string' },
  host: { type: 'string' },
  'allow-host': { type: 'string', multiple: true },
  ui: { type: 'string' },
} as const;

function parsePort(v: string | undefined): number {
  if (v === undefined) return DEFAULT_PORT;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got '${v}'`);
  return n;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the UI to a web browser (token-protected, this machine only by default)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, serveOptionSpec);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const port = parsePort(values.port);
    const host = values.host ?? '127.0.0.1';
    if (host.trim() === '') throw new UsageError('--host must not be empty');
    const uiDir = values.ui ? path.resolve(io.cwd, values.ui) : defaultUiDir();
    // Before opening the database: a missing UI is the most likely first-run mistake.
    assertRendererBuilt(uiDir);

    // The app's own host: it resumes watching the roots when the saved setting says so.
    const service = new GenrescopeService({ ...serviceOptions(values, io, 'library'), watch: 'setting' });
    let server;
    try {
      server = await startServeServer({
        service,
        events: service,
        rendererDir: uiDir,
        host,
        port,
        extraHosts: values['allow-host'] ?? [],
        log: (line) => io.stderr.write(line + '\n'),
      });
    } catch (err) {
      await service.close();
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`port ${port} is in use: pick another with --port`, { cause: err });
      throw err;
    }
    io.stdout.write(`Genrescope is serving at ${server.url}\n`);
    io.stdout.write(`Library: ${service.dbPath ?? '(in memory)'}\nOpen the address above in a browser; the token in it is the password. Ctrl+C stops.\n`);
    if (!isLoopbackHost(host)) {
      io.stderr.write(
        `genrescope serve: listening on ${host}: reachable from other machines over plain HTTP. Anyone who sees the URL (token) can use and modify your library; use it only on a network you trust.\n`,
      );
    }
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    io.stdout.write('Stopping…\n');
    await server.close();
    await service.close();
    return 0;
  },
};
