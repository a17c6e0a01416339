/**
 * Issue 13, items 7, 8 and 9 (error reporting): every path error ends in one clear line and an
 * exit (`--warehouse /proc/wh` used to spin forever); credentials never reach stderr, whatever the
 * scheme; a full disk and a refused PostgreSQL connection say what happened and where instead of
 * "internal error".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { runCli, cliArgv } from '../helpers/cli.js';
import { repoRoot } from '../../src/core/paths.js';

function oneLine(r: { status: number; stderr: string }, status: number, re: RegExp): void {
  assert.equal(r.status, status, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, re);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
}

test('path errors end in one clear line and an exit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-paths-'));
  const input = join(dir, 'a.log');
  writeFileSync(input, 'hello\n');
  // spawnSync's timeout turns the old infinite loop into a failure instead of a hung suite
  const run = (args: string[]): { status: number; stderr: string } => {
    const r = spawnSync(process.execPath, cliArgv(args), { cwd: repoRoot(), encoding: 'utf8', timeout: 60_000 });
    return { status: r.status ?? -1, stderr: r.stderr };
  };
  oneLine(run(['ingest', input, '--warehouse', '/proc/wh']), 1, /^loglake: warehouse \/proc\/wh: \/proc is a kernel pseudo-filesystem/);
  oneLine(run(['ingest', input, '--warehouse', '/proc/wh', '--table-format', 'iceberg']), 1, /^loglake: warehouse \/proc\/wh:/);
  oneLine(run(['ingest', input, '--warehouse', '/sys/kernel/wh']), 1, /^loglake: warehouse \/sys\/kernel\/wh:/);
  oneLine(run(['ingest', input, '--warehouse', join(input, 'wh')]), 1, /is not a directory|not a directory \(ENOTDIR\)/);
  oneLine(run(['ingest', input, '--warehouse', input]), 1, /exists and is not a directory/);
  oneLine(run(['ingest', input, '--warehouse', join(dir, 'x'.repeat(300))]), 1, /name too long \(ENAMETOOLONG\)/);
  oneLine(run(['maintain', '--warehouse', join(dir, 'missing')]), 1, /warehouse not found/);
  assert.equal(existsSync(join(dir, 'missing')), false, 'maintain must not create a warehouse');
  oneLine(run(['query', '--warehouse', join(dir, 'missing'), 'SELECT 1']), 1, /warehouse not found/);
});

test('credentials are redacted in every message, whatever the scheme', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-secrets-'));
  const input = join(dir, 'a.log');
  writeFileSync(input, 'hello\n');
  for (const uri of ['mysql://user:pw-mysql-1@db.example/x', 'jdbc:postgresql://db.example/x?user=u&password=pw-jdbc-2', 'jdbc:mysql://root:pw-jdbc-3@db/x',
    'sqlserver://db;user=sa;password=pw-mssql-4', 'oracle:thin:scott/pw-ora-5@h', 'https://u:pw-rest-6@glue.example/iceberg']) {
    for (const args of [['ingest', input, '--warehouse', join(dir, 'wh'), '--table-format', 'iceberg', '--catalog', uri], ['maintain', '--warehouse', dir, '--catalog', uri],
      ['query', '--warehouse', dir, '--catalog', uri, 'SELECT 1']]) {
      const r = runCli([...args, '--debug']);
      assert.notEqual(r.status, 0);
      assert.doesNotMatch(r.stderr + r.stdout, /pw-[a-z]+-\d/, `${args.join(' ')} printed a secret: ${r.stderr}`);
    }
  }
});

test('a refused PostgreSQL catalog connection says so and where, without the password', async () => {
  // a port nothing listens on: bind, note the port, close
  const port = await new Promise<number>((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
  const dir = mkdtempSync(join(tmpdir(), 'loglake-pgdown-'));
  const input = join(dir, 'a.log');
  writeFileSync(input, 'hello\n');
  const r = runCli(['ingest', input, '--warehouse', join(dir, 'wh'), '--table-format', 'iceberg', '--catalog', `postgresql://loglake:pg-secret@127.0.0.1:${port}/cat`]);
  oneLine(r, 1, new RegExp(`^loglake: cannot open the PostgreSQL catalog postgresql://loglake:\\*\\*\\*@127\\.0\\.0\\.1:${port}/cat: connection refused \\(ECONNREFUSED\\)`));
});

test('a full disk says what happened and where (ENOSPC injected under the warehouse)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-enospc-'));
  const input = join(dir, 'a.log');
  writeFileSync(input, Array.from({ length: 200 }, (_, i) => `line ${i}\n`).join(''));
  const preload = join(repoRoot(), 'test', 'helpers', 'enospc-preload.mjs');
  for (const workers of ['1', '0']) {
    const wh = join(dir, `wh${workers}`);
    const r = spawnSync(process.execPath, ['--import', preload, ...cliArgv(['ingest', input, '--warehouse', wh, '--workers', workers])],
      { cwd: repoRoot(), encoding: 'utf8', env: { ...process.env, LOGLAKE_TEST_ENOSPC_UNDER: join(wh, 'logs') } });
    oneLine({ status: r.status ?? -1, stderr: r.stderr }, 1, new RegExp(`^loglake: cannot write ${wh.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/logs/service=a/.*\\.parquet: no space left on device \\(ENOSPC\\)`));
  }
});

test('query --since/--until take the documented time grammar only (ISO-8601 or a duration ago)', () => {
  const wh = mkdtempSync(join(tmpdir(), 'loglake-since-'));
  for (const bad of ['1', '2001', 'yesterday', '2026-02-30', '2026-13-01', '2026-03-02T25:00:00Z', 'March 2, 2026', '2026-03-02T10:00:00Zjunk']) {
    const r = runCli(['query', '--warehouse', wh, '--since', bad, 'SELECT count(*) AS n FROM logs']);
    oneLine(r, 2, /^loglake: --since must be an ISO-8601 time .* or a duration ago/);
  }
  for (const good of ['2026-03-02', '2026-03-02T10:00:00Z', '2026-03-02 10:00', '2026-03-02T10:00:00.123456789+02:00', '2h']) {
    const r = runCli(['query', '--warehouse', wh, '--format', 'csv', '--since', good, '--until', '2100-01-01', 'SELECT count(*) AS n FROM logs']);
    assert.equal(r.status, 0, `${good}: ${r.stderr}`);
  }
});
