import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileIO, pathToFileUri } from './local-file-io.js';
import { isIcebergError } from '../spec/iceberg-error.js';

test('a FileIO confined to a warehouse never writes or deletes outside it; reads can be mapped from a copied root', async () => {
  const base = mkdtempSync(join(tmpdir(), 'loglake-io-'));
  const wh = join(base, 'wh');
  const other = join(base, 'wh-other');
  mkdirSync(wh);
  mkdirSync(other);
  writeFileSync(join(other, 'x'), 'original');
  writeFileSync(join(wh, 'x'), 'copy');
  const io = new LocalFileIO({ root: wh });
  await io.write(pathToFileUri(join(wh, 'm', 'a.json')), Buffer.from('{}'));
  assert.ok(existsSync(join(wh, 'm', 'a.json')));
  for (const op of [() => io.write(pathToFileUri(join(other, 'y')), Buffer.from('')), () => io.delete(pathToFileUri(join(other, 'x'))),
    () => io.write(pathToFileUri(wh + '-other/z'), Buffer.from('')), () => io.delete(`file://${wh}/../wh-other/x`)]) {
    await assert.rejects(op, (e: unknown) => isIcebergError(e, 'OUTSIDE_WAREHOUSE'));
  }
  assert.ok(existsSync(join(other, 'x')));
  assert.equal((await io.read(pathToFileUri(join(other, 'x')))).toString(), 'original');
  io.mapReads(other, wh);
  assert.equal((await io.read(pathToFileUri(join(other, 'x')))).toString(), 'copy');
  assert.deepEqual(await io.list(pathToFileUri(other)), [pathToFileUri(join(other, 'm', 'a.json')), pathToFileUri(join(other, 'x'))]);
});
