import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSources } from './discover.js';
import { FileSource, fileStamp } from './file-source.js';
import { collectLines as lines } from '../../test/helpers/line-sink.js';

test('a small file is read from its head bytes; what it gains after the head is left for the next read, and its stamp says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-fsrc-'));
  const f = join(dir, 'a.log');
  writeFileSync(f, 'one\ntwo\n');
  const src = new FileSource(discoverSources([f]).files[0]!, 0);
  assert.equal((await src.head()).toString(), 'one\ntwo\n');
  appendFileSync(f, 'three\n'); // between the head and the read
  const a = lines();
  const r = await src.read(0, a.sink, 1 << 20);
  assert.deepEqual(a.got, ['one', 'two']);
  assert.equal(r.endOffset, 8);
  // the stamp is of the 8 bytes read, not of the grown file: a later run does not skip it
  assert.notEqual(src.endStamp(r.endOffset), fileStamp(statSync(f)));
  const next = new FileSource(discoverSources([f]).files[0]!, 0);
  await next.head();
  const b = lines();
  const r2 = await next.read(r.endOffset, b.sink, 1 << 20);
  assert.deepEqual(b.got, ['three']);
  assert.equal(next.endStamp(r2.endOffset), fileStamp(statSync(f)));
});

test('a small file replaced after it was listed is read as it is now (its head is not taken for the listed file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-fsrc-'));
  const f = join(dir, 'a.log');
  writeFileSync(f, 'old\n');
  const src = new FileSource(discoverSources([f]).files[0]!, 0);
  writeFileSync(join(dir, 'b.tmp'), 'new content\n');
  renameSync(join(dir, 'b.tmp'), f); // another inode under the listed name
  assert.equal((await src.head()).toString(), 'new content\n');
  const a = lines();
  const r = await src.read(0, a.sink, 1 << 20);
  assert.deepEqual(a.got, ['new content']);
  assert.equal(src.endStamp(r.endOffset), fileStamp(statSync(f)));
});
