/**
 * bin/loglake.js turns on Node's module compile cache where the running Node has it (22.8+), in this
 * user's own <tmpdir>/node-compile-cache; NODE_DISABLE_COMPILE_CACHE turns it off; Node 20 writes
 * nothing. A folder that cannot be made (TMPDIR missing, or under /proc, where Node's own recursive
 * mkdir never returns) or that belongs to another user means no cache, and the CLI works the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import module from 'node:module';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cliArgv, runCli } from '../helpers/cli.js';

const hasCompileCache = typeof (module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** Every file below `dir` (relative paths). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile());
}

test('compile cache: own folder under TMPDIR where Node has it, nothing on Node 20; NODE_DISABLE_COMPILE_CACHE; unusable or foreign folders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-ccache-'));
  try {
    const env = (tmp: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ TMPDIR: tmp, NODE_COMPILE_CACHE: undefined, NODE_DISABLE_COMPILE_CACHE: undefined, ...extra });
    const version = (e: NodeJS.ProcessEnv): void => {
      const r = runCli(['--version'], { env: e });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^\d+\.\d+\.\d+/);
      assert.equal(r.stderr, '');
    };

    const on = join(dir, 'on');
    mkdirSync(on);
    version(env(on));
    const cache = join(on, 'node-compile-cache');
    if (hasCompileCache) {
      assert.ok(filesUnder(cache).length > 0, `cache entries written under ${cache}`);
      assert.equal(statSync(cache).mode & 0o777, 0o700, 'a folder of its own, not readable by others');
      version(env(on)); // a second run reads them
    } else {
      assert.ok(!existsSync(cache), 'Node without module.enableCompileCache: nothing written');
    }

    const off = join(dir, 'off');
    mkdirSync(off);
    version(env(off, { NODE_DISABLE_COMPILE_CACHE: '1' }));
    assert.deepEqual(readdirSync(off), [], 'NODE_DISABLE_COMPILE_CACHE=1: no folder made');

    version(env(join(dir, 'missing')));
    assert.ok(!existsSync(join(dir, 'missing')));
    if (existsSync('/proc/self')) {
      // Node's own recursive mkdir spins for ever under /proc: the CLI must not reach it
      const r = spawnSync(process.execPath, cliArgv(['--version']), { env: { ...process.env, ...env('/proc') }, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 0, `TMPDIR=/proc: ${r.signal ?? ''} ${r.stderr}`);
    }

    if (process.getuid?.() === 0) {
      const foreign = join(dir, 'foreign');
      mkdirSync(join(foreign, 'node-compile-cache'), { recursive: true });
      chownSync(join(foreign, 'node-compile-cache'), 4242, 4242);
      version(env(foreign));
      assert.deepEqual(filesUnder(join(foreign, 'node-compile-cache')), [], "another user's folder is not used");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
