/**
 * Issue 13, item 6: a symlink in an input folder to /etc or /proc/self/environ puts nothing of
 * them into the lake (no rows, no raw text — the environment's secrets included); the links are
 * counted in the summary and recorded in quarantine with their reason. Kubernetes' containers/
 * links keep working. `/dev/zero` named on the command line ends in one clear line, exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, symlinkSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeNodeTree } from '../helpers/node-tree.js';
import { runCli, sql } from '../helpers/cli.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

test('symlinks to system files are refused and counted; containers/ links still work', () => {
  const t = makeNodeTree();
  const dir = mkdtempSync(join(tmpdir(), 'loglake-links-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'app.log'), 'INFO hello\n');
  symlinkSync('/proc/self/environ', join(dir, 'app', 'environ.log'));
  symlinkSync('/etc/passwd', join(dir, 'app', 'passwd.log'));
  const wh = mkdtempSync(join(tmpdir(), 'loglake-links-wh-'));
  const secret = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
  const r = runCli(['ingest', join(dir, 'app'), t.containers, '--warehouse', wh, '--json'], { env: { AWS_SECRET_ACCESS_KEY: secret } });
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as RunSummary;
  assert.deepEqual(s.refused_links.map((l) => l.reason).sort(), ['symlink_to_system_path', 'symlink_to_system_path']);
  assert.equal(s.quarantine_reasons.symlink_to_system_path, 2);
  const hits = sql(wh, `SELECT (SELECT count(*) FROM logs WHERE message LIKE '%${secret}%' OR message LIKE '%root:x:0%') +
    (SELECT count(*) FROM quarantine WHERE raw_text LIKE '%${secret}%' OR raw_text LIKE '%root:x:0%') AS n`);
  assert.equal(Number(hits[0]!.n), 0);
  assert.equal(Number(sql(wh, "SELECT count(*) AS n FROM quarantine WHERE reason = 'symlink_to_system_path'")[0]!.n), 2);
  assert.ok(Number(sql(wh, "SELECT count(*) AS n FROM logs WHERE source_format LIKE 'cri/%'")[0]!.n) > 0, 'containers/ links followed');
  assert.equal(Number(sql(wh, "SELECT count(*) AS n FROM logs WHERE message = 'INFO hello' OR message = 'hello'")[0]!.n), 1);
  // a re-run lists the links again but does not quarantine them twice
  const again = runCli(['ingest', join(dir, 'app'), t.containers, '--warehouse', wh, '--json']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal((JSON.parse(again.stdout) as RunSummary).refused_links.length, 2);
  assert.equal(Number(sql(wh, "SELECT count(*) AS n FROM quarantine WHERE reason = 'symlink_to_system_path'")[0]!.n), 2);
});

test('a named device gets a clear message', () => {
  const wh = mkdtempSync(join(tmpdir(), 'loglake-dev-'));
  const r = runCli(['ingest', '/dev/zero', '--warehouse', wh]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^loglake: input \/dev\/zero is a character device, not a log file/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
