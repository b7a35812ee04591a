/** Dispatches argv to a command; turns errors into messages and exit codes. */
import { UsageError, errorMessage } from '../core/errors.ts';
import type { CliIo } from './command.ts';
import { COMMANDS } from './commands.ts';

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 8);
  return [
    'genrescope — genre analysis for your music library',
    '',
    'Usage: genrescope <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `genrescope <command> --help` for a command\'s options.',
    'Exit codes: 0 all ok, 1 some files failed, 2 usage error.',
    '',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr.write(`genrescope: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(cmd.usage.endsWith('\n') ? cmd.usage : cmd.usage + '\n');
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`genrescope ${name}: ${err.message}\n\n${cmd.usage}\n`);
      return 2;
    }
    io.stderr.write(`genrescope ${name}: ${errorMessage(err)}\n`);
    return 1;
  }
}
