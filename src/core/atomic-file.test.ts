import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtomicFileBatch } from './atomic-file.js';
import { LoglakeError } from './errors.js';

test('AtomicFileBatch: every file lands whole under its name, nothing shows before commit, no temp file is left', async () => {
  const root = mkdtempSync(join(tmpdir(), 'loglake-batch-'));
  try {
    // `a` exists, `b/c` is made on first use
    const dirs = [join(root, 'a'), join(root, 'b', 'c')];
    mkdirSync(dirs[0]!);
    const batch = new AtomicFileBatch();
    const want = new Map<string, Buffer>();
    for (let i = 0; i < 12; i++) {
      const path = join(dirs[i % 2]!, `part-${i}.parquet`);
      const data = Buffer.alloc(1000 + i * 4096, i);
      want.set(path, data);
      batch.add(path, data);
    }
    // before commit only temp files exist (never matched by *.parquet)
    for (const d of dirs) assert.ok(readdirSync(d).every((n) => n.startsWith('.') && n.endsWith('.tmp')));
    await batch.commit();
    for (const [path, data] of want) assert.deepEqual(readFileSync(path), data);
    for (const d of dirs) assert.equal(readdirSync(d).filter((n) => n.endsWith('.tmp')).length, 0);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('AtomicFileBatch: a file that cannot be written throws IO; abort removes the temp files written before it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'loglake-batch-'));
  try {
    writeFileSync(join(root, 'a-file'), 'not a directory');
    const batch = new AtomicFileBatch();
    batch.add(join(root, 'ok.parquet'), Buffer.from('x'));
    assert.throws(() => batch.add(join(root, 'a-file', 'no.parquet'), Buffer.from('y')), (e: unknown) => e instanceof LoglakeError && e.code === 'IO');
    await batch.abort();
    assert.deepEqual(readdirSync(root), ['a-file']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
