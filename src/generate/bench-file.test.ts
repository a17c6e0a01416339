import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBenchFile } from './index.js';

test('bench file: exact line count, valid json-file records, mixed content, deterministic', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loglake-bench-'));
  try {
    const a = join(dir, 'a.log');
    const r = await generateBenchFile(a, 30_000, 7);
    assert.equal(r.lines, 30_000);
    const data = await readFile(a);
    assert.equal(r.bytes, data.length);
    const lines = data.toString('utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 30_000);
    let prev = '';
    const families = { kafka: 0, pg: 0, spark: 0, pino: 0, zap: 0, stack: 0 };
    for (const l of lines) {
      const rec = JSON.parse(l) as { log: string; stream: string; time: string };
      assert.deepEqual(Object.keys(rec), ['log', 'stream', 'time']);
      assert.ok(rec.log.endsWith('\n'));
      // RFC3339Nano drops trailing zeros of the fraction: pad before comparing.
      const m = /^(.{19})(?:\.(\d{1,9}))?Z$/.exec(rec.time);
      assert.ok(m, rec.time);
      const norm = `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}`;
      assert.ok(norm > prev, 'runtime timestamps increase');
      prev = norm;
      if (rec.log.startsWith('[2026-')) families.kafka++;
      else if (/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC/.test(rec.log)) families.pg++;
      else if (/^\d\d\/\d\d\/\d\d /.test(rec.log)) families.spark++;
      else if (rec.log.startsWith('{"level":"')) families.zap++;
      else if (rec.log.startsWith('{"level":')) families.pino++;
      else if (/^(\tat |Caused by: |\t\.\.\. )/.test(rec.log)) families.stack++;
    }
    for (const [k, v] of Object.entries(families)) assert.ok(v > 0, `${k} content present`);
    const stackShare = families.stack / lines.length;
    assert.ok(stackShare > 0.002 && stackShare < 0.03, `stack-trace share ${stackShare}`);
    const avg = r.bytes / r.lines;
    assert.ok(avg > 150 && avg < 320, `average ${avg} bytes/line`);
    const b = join(dir, 'b.log');
    await generateBenchFile(b, 30_000, 7);
    const hash = async (p: string): Promise<string> => createHash('sha256').update(await readFile(p)).digest('hex');
    assert.equal(await hash(a), await hash(b));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
