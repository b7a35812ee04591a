#!/usr/bin/env node
// Entry for `npx genrescope`: runs the compiled CLI (built by `npm run build:node`, which `prepare` runs on install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write('genrescope: the CLI is not built yet. Run `npm run build:node` (or `npm ci`, which runs it).\n');
  process.exit(2);
}
await import(built.href);
