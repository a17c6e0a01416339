import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPosition, sourceKey, checkpointAt, shardOf, headTooShort } from './source-position.js';

const cp = (offset: number, complete?: boolean) => ({ offset, path: 'p', lines: 7, updated_at: '', ...(complete === undefined ? {} : { complete }) });

test('resume positions: new, grown, unchanged, truncated, gzip complete, stream of unknown size', () => {
  assert.deepEqual(startPosition(undefined, false, 100), { start: 0, startLines: 0 });
  assert.deepEqual(startPosition(cp(40), false, 100), { start: 40, startLines: 7 });
  assert.equal(startPosition(cp(100), false, 100), undefined);
  assert.deepEqual(startPosition(cp(140), false, 100), { start: 0, startLines: 0 });
  assert.equal(startPosition(cp(500, true), true, 100), undefined);
  assert.deepEqual(startPosition(cp(500, false), true, 100), { start: 500, startLines: 7 });
  assert.deepEqual(startPosition(cp(40), false, undefined), { start: 40, startLines: 7 });
});

test('identity: same first line, different content → the path joins the key', () => {
  const a = Buffer.from('same first line\nA\n');
  const b = Buffer.from('same first line\nB\n');
  const known: Record<string, ReturnType<typeof checkpointAt>> = {};
  const ka = sourceKey(a, '/x/a.log', (k) => known[k]);
  known[ka] = checkpointAt(a, '/x/a.log', a.length, 2, false);
  assert.equal(sourceKey(a, '/y/renamed.log', (k) => known[k]), ka);
  assert.equal(sourceKey(b, '/x/b.log', (k) => known[k]), ka + ':/x/b.log');
  assert.ok(shardOf(ka, 4) >= 0 && shardOf(ka, 4) < 4);
});

test('a shorter file is a truncation when it is the file last read, and a copy still being written when not', () => {
  const at = { ...cp(140), file_id: '8:100' };
  assert.deepEqual(startPosition(at, false, 100, '8:100'), { start: 0, startLines: 0 }); // truncated in place
  assert.equal(startPosition(at, false, 100, '8:200'), undefined); // copytruncate's copy, not there yet
  assert.deepEqual(startPosition(at, false, 160, '8:200'), { start: 140, startLines: 7 }); // the copy caught up
  assert.deepEqual(startPosition(cp(140), false, 100, '8:200'), { start: 0, startLines: 0 }); // checkpoints from before file ids
});

test('a head shorter than the identity check of a known content with its first line is not settled', () => {
  const full = Buffer.from('first line\n' + 'x'.repeat(500) + '\n');
  const known: Record<string, ReturnType<typeof checkpointAt>> = {};
  known[sourceKey(full, '/x/a.log', (k) => known[k])] = checkpointAt(full, '/x/a.log', full.length, 2, false);
  assert.equal(headTooShort(full.subarray(0, 100), (k) => known[k]), true);
  assert.equal(headTooShort(full, (k) => known[k]), false);
  assert.equal(headTooShort(Buffer.from('another first line\n'), (k) => known[k]), false);
});
