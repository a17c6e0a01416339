import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileHead, readStream, readWhole, type LineSink } from './line-reader.js';

type Got = string[];

/** A sink recording every line as `offset-next:hex` (and overlong lines), taking text or not. */
function recorder(takesText: boolean): { got: Got; sink: LineSink } {
  const got: Got = [];
  const sink: LineSink = {
    onLine: (b, s, e, off, next) => got.push(`${off}-${next}:${b.subarray(s, e).toString('hex')}`),
    onOverlong: (head, off, len) => got.push(`${off}+${len}!${head.subarray(0, 16).toString('hex')}`),
  };
  if (takesText) {
    sink.onText = (line, bytes, off, next) => {
      const raw = Buffer.from(line, 'utf8');
      assert.equal(raw.length, bytes, 'bytes is the line\'s UTF-8 length');
      got.push(`${off}-${next}:${raw.toString('hex')}`);
    };
  }
  return { got, sink };
}

/** Splits `data` into chunks of pseudo-random sizes (seeded) up to `max` bytes. */
function chunks(data: Buffer, seed: number, max: number): Buffer[] {
  const out: Buffer[] = [];
  let x = seed;
  for (let p = 0; p < data.length;) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const n = 1 + (x % max);
    out.push(data.subarray(p, p + n));
    p += n;
  }
  return out;
}

function corpus(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < 4000; i++) {
    switch (i % 23) {
      case 3: parts.push(Buffer.from(`line ${i} héllo wörld ✓ 𝄞\n`, 'utf8')); break;
      case 5: parts.push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a])); break; // invalid UTF-8
      case 7: parts.push(Buffer.from(`bin\u0000ary ${i}\n`, 'latin1')); break; // NUL
      case 11: parts.push(Buffer.from(`crlf ${i}\r\n`)); break;
      case 13: parts.push(Buffer.from('\n')); break;
      case 17: parts.push(Buffer.from('x'.repeat(3000) + '\n')); break; // over the limit below
      case 19: parts.push(Buffer.from([0xe2, 0x9c, 0x93, 0x0d, 0x0a])); break; // ✓ CRLF
      default: parts.push(Buffer.from(`{"log":"plain ascii line ${i}\\n","stream":"stdout"}\n`));
    }
  }
  parts.push(Buffer.from('tail without newline é'));
  return Buffer.concat(parts);
}

test('lines given as text are the lines, offsets and overlong reports of the byte path', async () => {
  const data = corpus();
  for (const [seed, max] of [[1, 70000], [2, 5000], [3, 300], [4, 1 << 20]] as const) {
    const bytes = recorder(false);
    const text = recorder(true);
    const a = await readStream(Readable.from(chunks(data, seed, max)), 0, bytes.sink, 2048);
    const b = await readStream(Readable.from(chunks(data, seed, max)), 0, text.sink, 2048);
    assert.deepEqual(b, a);
    assert.deepEqual(text.got, bytes.got, `chunks up to ${max}`);
    assert.equal(a.endOffset, data.length);
  }
});

test('text lines start at a resumed offset and cover a whole source in memory', async () => {
  const data = corpus();
  const start = data.indexOf(10, 5000) + 1;
  const bytes = recorder(false);
  const text = recorder(true);
  const a = await readWhole(data, start, bytes.sink, 2048);
  const b = await readWhole(data, start, text.sink, 2048);
  assert.deepEqual(b, a);
  assert.deepEqual(text.got, bytes.got);
  assert.match(text.got[0]!, new RegExp(`^${start}-`));
});

test('a clean chunk is handed over as text, NUL and invalid UTF-8 as bytes', async () => {
  const seen: string[] = [];
  const sink: LineSink = {
    onLine: (b, s, e) => seen.push('bytes:' + b.toString('latin1', s, e)),
    onOverlong: () => assert.fail('overlong'),
    onText: (line) => seen.push('text:' + line),
  };
  await readWhole(Buffer.from('a'.repeat(300) + '\nb\n'), 0, sink, 4096);
  assert.deepEqual(seen.map((s) => s.slice(0, 6)), ['text:a', 'text:b']);
  seen.length = 0;
  await readWhole(Buffer.from('a'.repeat(300) + '\nb\u0000\n'), 0, sink, 4096);
  assert.deepEqual(seen.map((s) => s.slice(0, 7)), ['bytes:a', 'bytes:b']);
});

test('readFileHead: the first n bytes whatever the listed size said, and the status after reading when they are the whole file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loglake-head-'));
  const f = join(dir, 'a.log');
  const data = Buffer.from('first line\n'.repeat(1000)); // 11,000 bytes
  writeFileSync(f, data);
  // listed smaller (it grew since), exact, larger (it shrank since), empty
  for (const hint of [0, 10, 10_999, 11_000, 11_001, 50_000]) {
    const h = readFileHead(f, 65536, hint);
    assert.ok(h.bytes.equals(data), `size hint ${hint}`);
    assert.equal(h.stat?.size, data.length, `size hint ${hint}: the status comes with the whole file`);
    assert.equal(h.stat?.ino, statSync(f).ino);
  }
  // a file longer than n: its first n bytes, no status (the read looks at the file itself)
  const cut = readFileHead(f, 4096, 11_000);
  assert.ok(cut.bytes.equals(data.subarray(0, 4096)));
  assert.equal(cut.stat, undefined);
  writeFileSync(f, '');
  const empty = readFileHead(f, 65536, 11_000);
  assert.equal(empty.bytes.length, 0);
  assert.equal(empty.stat?.size, 0);
});
