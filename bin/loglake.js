#!/usr/bin/env node
// loglake CLI entry: runs the compiled CLI (npm install builds it via the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('loglake: not built yet — run `npm install` (or `npm run build`) in the loglake folder first\n');
  process.exit(1);
}
const { main } = await import(compiled);
process.exitCode = await main(process.argv.slice(2));
