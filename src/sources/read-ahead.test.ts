import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverSources } from './discover.js';
import { FileSource, fileStamp } from './file-source.js';
import { Prefetcher } from './prefetch.js';
import { COLD_READ_MICROS, ReadAhead, readSmallFileAhead } from './read-ahead.js';
import { collectLines as lines } from '../../test/helpers/line-sink.js';

/** A switch already thrown: one window of reads slower than the threshold. */
function coldSwitch(): ReadAhead {
  const ahead = new ReadAhead();
  for (let i = 0; i < 16; i++) ahead.observe((COLD_READ_MICROS * 3) / 1000);
  assert.equal(ahead.cold, true);
  return ahead;
}

test('the switch turns to reading ahead only when the median of a window of reads is slow, and stays there', () => {
  const ahead = new ReadAhead();
  const fast = 0.012; // ms: a warm read
  const slow = (COLD_READ_MICROS * 2) / 1000;
  // a few slow reads (a preempted thread) among fast ones: still warm
  for (let i = 0; i < 64; i++) ahead.observe(i % 4 === 0 ? slow : fast);
  assert.equal(ahead.cold, false);
  // a window where most reads wait for the device
  for (let i = 0; i < 16; i++) ahead.observe(i % 4 === 0 ? fast : slow);
  assert.equal(ahead.cold, true);
  for (let i = 0; i < 64; i++) ahead.observe(fast);
  assert.equal(ahead.cold, true, 'one-way for the run');
});

test('an early read returns the whole small file with its status; a file grown since its listing, or missing, is left to its turn', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-ra-'));
  const f = join(dir, 'a.log');
  writeFileSync(f, 'one\ntwo\n');
  const got = await readSmallFileAhead(f, 8);
  assert.equal(got?.bytes.toString(), 'one\ntwo\n');
  assert.equal(got?.stat?.size, 8);
  assert.equal(got?.stat?.ino, statSync(f).ino);
  // listed at 4 bytes, 8 there now: more than the buffer holds
  assert.equal(await readSmallFileAhead(f, 4), undefined);
  // an empty file is read whole (nothing)
  writeFileSync(join(dir, 'e.log'), '');
  assert.equal((await readSmallFileAhead(join(dir, 'e.log'), 0))?.bytes.length, 0);
  await assert.rejects(readSmallFileAhead(join(dir, 'gone.log'), 8), { code: 'ENOENT' });
});

test('on a cold cache the small files of a tree are read ahead, and give the same lines, stamps and skips as reads at their turn', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-ra-'));
  for (let p = 0; p < 3; p++) {
    mkdirSync(join(dir, `pod-${p}`));
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, `pod-${p}`, `${String(i).padStart(4, '0')}.json`), `pod ${p} file ${i} a\npod ${p} file ${i} b\n` + (i % 3 ? '' : 'no newline'));
  }
  const listed = discoverSources([dir]).files;
  const read = async (ahead: ReadAhead | undefined, skip: (i: number) => boolean): Promise<string[]> => {
    const sources = listed.map((f) => new FileSource(f, 0, ahead));
    const pf = new Prefetcher(sources, () => true, { maxAhead: 8 });
    const out: string[] = [];
    for (const [i, s] of sources.entries()) {
      pf.advance(i);
      if (skip(i)) continue;
      await s.head();
      const a = lines();
      const r = await s.read(0, a.sink, 1 << 20);
      out.push(`${s.path} ${r.endOffset} ${s.endStamp(r.endOffset) === fileStamp(statSync(s.path))} ${a.got.join('|')}`);
    }
    return out;
  };
  const atTurn = await read(undefined, () => false);
  assert.equal(atTurn.length, 60);
  assert.deepEqual(await read(coldSwitch(), () => false), atTurn);
  // skipped sources (unchanged since the last run) are released, the others still read whole
  assert.deepEqual(await read(coldSwitch(), (i) => i % 5 === 0), atTurn.filter((_, i) => i % 5 !== 0));
});

test('a file changed after its early read is read as the early read saw it, with that stamp: the next run reads what came after', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-ra-'));
  const f = join(dir, 'a.log');
  writeFileSync(f, 'one\ntwo\n');
  const src = new FileSource(discoverSources([f]).files[0]!, 0, coldSwitch());
  src.prefetch();
  await new Promise((r) => setTimeout(r, 50)); // the early read is done
  appendFileSync(f, 'three\n');
  assert.equal((await src.head()).toString(), 'one\ntwo\n');
  const a = lines();
  const r = await src.read(0, a.sink, 1 << 20);
  assert.deepEqual(a.got, ['one', 'two']);
  assert.notEqual(src.endStamp(r.endOffset), fileStamp(statSync(f)), 'the stamp is of the 8 bytes read');
  // replaced by another file under the same name after the early read: that file is read now
  const g = join(dir, 'b.log');
  writeFileSync(g, 'old\n');
  const other = new FileSource(discoverSources([g]).files[0]!, 0, coldSwitch());
  other.prefetch();
  await new Promise((r) => setTimeout(r, 50));
  writeFileSync(join(dir, 'c.tmp'), 'new content\n');
  renameSync(join(dir, 'c.tmp'), g);
  // the early bytes are of the listed inode, which is still the file this source stands for
  assert.equal((await other.head()).toString(), 'old\n');
  // while the cache is warm nothing is read early: the file is read at its turn, as it is then
  const h = join(dir, 'd.log');
  writeFileSync(h, 'one\n');
  const warm = new FileSource(discoverSources([h]).files[0]!, 0, new ReadAhead());
  warm.prefetch();
  await new Promise((r) => setTimeout(r, 50));
  appendFileSync(h, 'two\n');
  assert.equal((await warm.head()).toString(), 'one\ntwo\n');
  rmSync(dir, { recursive: true, force: true });
});
