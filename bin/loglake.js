#!/usr/bin/env node
// loglake CLI entry: runs the compiled CLI (npm install builds it via the prepare script).
import { existsSync, lstatSync, mkdirSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// V8 code cache of the CLI's modules on disk (module.enableCompileCache, Node >= 22.8; not on Node 20):
// an ingest starts with ~6 % less CPU once the cache is warm (README "Node versions"). Folder:
// $NODE_COMPILE_CACHE, else <os.tmpdir()>/node-compile-cache, used only if it is this user's own
// (a shared /tmp may hold another user's); NODE_DISABLE_COMPILE_CACHE=1 turns it off. Never fatal: a
// folder that cannot be made means no cache. Our own non-recursive mkdir first, because Node's
// recursive one never returns for a folder under /proc (TMPDIR=/proc would hang the CLI). Worker
// threads (row worker, encoder, template miner) take the folder up from NODE_COMPILE_CACHE.
if (typeof module.enableCompileCache === 'function' && process.env.NODE_DISABLE_COMPILE_CACHE === undefined) {
  let dir = process.env.NODE_COMPILE_CACHE || undefined; // when set, Node enabled it already at start-up
  if (!dir) {
    const own = join(tmpdir(), 'node-compile-cache');
    try {
      mkdirSync(own, { mode: 0o700 });
    } catch {
      // exists already, or cannot be made: lstat decides
    }
    try {
      const st = lstatSync(own);
      if (st.isDirectory() && (process.getuid === undefined || st.uid === process.getuid())) dir = own;
    } catch {
      // no folder: no cache
    }
  }
  const cache = dir ? module.enableCompileCache(dir) : undefined;
  if (cache?.directory) process.env.NODE_COMPILE_CACHE = cache.directory;
}

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
