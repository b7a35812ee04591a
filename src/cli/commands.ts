/** The registry of CLI commands: one line per command module. */
import type { CliCommand } from './command.ts';
import { scanCommand } from './commands/scan.ts';
import { classifyCommand } from './commands/classify.ts';
import { exportCommand } from './commands/export.ts';
import { statusCommand } from './commands/status.ts';
import { serveCommand } from './commands/serve.ts';
import { tagCommand } from './commands/tag.ts';
import { undoCommand } from './commands/undo.ts';
import { reportCommand } from './commands/report.ts';
import { featuresCommand } from './commands/features.ts';

export const COMMANDS: CliCommand[] = [
  scanCommand,
  classifyCommand,
  exportCommand,
  statusCommand,
  serveCommand,
  tagCommand,
  undoCommand,
  reportCommand,
  featuresCommand,
];
