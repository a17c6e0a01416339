#!/usr/bin/env node
// loglake CLI entry: runs the compiled CLI (npm install builds it via the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/src/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('loglake: not built yet — run `npm install` (or `npm run build`) in the loglake folder first\n');
  process.exit(1);
}
// The AWS SDK warns on every run that its 2027 releases will need Node 22; keep CLI output clean.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  const sdkNotice = w.name === 'NodeVersionSupportWarning' || /^NodeVersionSupportWarning\b/.test(w.message);
  if (!sdkNotice && w.name !== 'ExperimentalWarning') process.stderr.write(`loglake: warning: ${w.message}\n`);
});
const { main } = await import(compiled);
process.exitCode = await main(process.argv.slice(2));
