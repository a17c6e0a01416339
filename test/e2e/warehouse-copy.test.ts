/**
 * Issue 13, item 2: a copied warehouse must never change the original. `cp -a A B`, then every
 * command on B: maintain refuses (one line, exit 1) while B's tables still name A's files, A stays
 * byte-identical; query reads B's own files even when A is gone; `maintain --relocate` rewrites
 * B's metadata through the catalog (independent verifier passes), after which maintain with the
 * most aggressive expiry and ingest work on B and A is still byte-identical and readable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, renameSync, statSync, appendFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { makeNodeTree } from '../helpers/node-tree.js';
import { runCli, sql } from '../helpers/cli.js';
import { ensurePythonAvro } from '../helpers/python-avro.js';
import { fixturePath } from '../../src/core/paths.js';
import { openCatalog } from '../../src/table/commit-target.js';

/** path → sha256 of every file under `dir` (the byte-identity check). */
function digest(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p.slice(dir.length), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

async function verify(wh: string): Promise<{ ok: boolean; errors: string[] }> {
  const catalog = await openCatalog(wh);
  const table = await catalog.loadTable({ namespace: ['loglake'], name: 'logs' });
  await catalog.close();
  const r = spawnSync(ensurePythonAvro().python, [fixturePath('iceberg', 'verify_iceberg.py'), '--metadata', table.metadataLocation, '--sqlite', join(wh, 'catalog.db'),
    '--catalog-name', 'loglake', '--namespace', 'loglake', '--table', 'logs'], { encoding: 'utf8' });
  return JSON.parse(r.stdout) as { ok: boolean; errors: string[] };
}

const count = (wh: string): number => Number(sql(wh, 'SELECT count(*) AS n FROM logs')[0]!.n);

test('maintain on a copied Iceberg warehouse never touches the original; --relocate makes the copy independent', async () => {
  const t = makeNodeTree();
  const base = mkdtempSync(join(tmpdir(), 'loglake-copy-'));
  const a = join(base, 'wh-A');
  const b = join(base, 'wh-B');
  for (const input of [t.docker, t.pods, t.s3]) {
    const r = runCli(['ingest', input, '--warehouse', a, '--table-format', 'iceberg', '--no-progress']);
    assert.equal(r.status, 0, r.stderr);
  }
  const rowsA = count(a);
  execFileSync('cp', ['-a', a, b]);
  const before = digest(a);

  // maintain (default and most aggressive) and ingest refuse while B's metadata names A's files
  for (const args of [['maintain', '--warehouse', b], ['maintain', '--warehouse', b, '--expire-older-than', '0s', '--retain-last', '1', '--orphans-older-than', '0s'],
    ['ingest', t.containers, '--warehouse', b, '--table-format', 'iceberg']]) {
    const r = runCli(args);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /refused: the Iceberg table loglake\.\S+ of this catalog lives in .*wh-A, outside the warehouse .*wh-B.*--relocate/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  assert.deepEqual(digest(a), before);

  // query reads the copy's own files, even with the original moved away
  const away = join(base, 'wh-A.away');
  renameSync(a, away);
  try {
    assert.equal(count(b), rowsA);
    const r = runCli(['maintain', '--warehouse', b, '--relocate', '--expire-older-than', '0s', '--retain-last', '1', '--orphans-older-than', '0s']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /relocated loglake\.logs from .*wh-A to .*wh-B/);
    assert.equal(count(b), rowsA);
    const v = await verify(b);
    assert.deepEqual(v.errors, []);
  } finally {
    renameSync(away, a);
  }
  assert.deepEqual(digest(a), before);
  assert.equal(count(a), rowsA);

  // the relocated copy is a warehouse of its own: ingest and maintain work, A is untouched
  appendFileSync(t.dockerLog, JSON.stringify({ log: 'after the copy\n', stream: 'stdout', time: '2026-03-02T10:00:00.000000001Z' }) + '\n');
  const r2 = runCli(['ingest', t.docker, '--warehouse', b, '--table-format', 'iceberg', '--no-progress']);
  assert.equal(r2.status, 0, r2.stderr);
  assert.equal(runCli(['maintain', '--warehouse', b, '--expire-older-than', '0s', '--retain-last', '1', '--orphans-older-than', '0s']).status, 0);
  assert.equal(count(b), rowsA + 1);
  assert.deepEqual(digest(a), before);
  assert.equal(count(a), rowsA);
  assert.deepEqual((await verify(b)).errors, []);
});
