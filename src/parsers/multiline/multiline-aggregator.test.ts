import { test } from 'node:test';
import { repoRoot } from '../../core/paths.js';
import { pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MultilineAggregator, type MultilineEvent } from './multiline-aggregator.js';

const ROOT = pathToFileURL(repoRoot() + '/');

const FIX = new URL('test/fixtures/parsers/', ROOT);

/** Pushes lines (offsets = running byte offsets) and returns all events incl. the flushed one. */
function run(lines: string[], agg = new MultilineAggregator()): MultilineEvent[] {
  const events: MultilineEvent[] = [];
  let off = 0;
  for (const l of lines) {
    events.push(...agg.push(l, off));
    off += Buffer.byteLength(l) + 1;
  }
  const last = agg.flush();
  if (last) events.push(last);
  return events;
}

function fileLines(rel: string): string[] {
  const t = readFileSync(new URL(rel, FIX), 'utf8');
  const lines = t.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

for (const lang of ['java', 'python', 'ruby', 'elastic', 'go']) {
  test(`fluent-bit multiline ${lang} case groups like upstream`, () => {
    const cases = JSON.parse(readFileSync(new URL(`multiline/fluentbit_multiline_${lang}.cases.json`, FIX), 'utf8')) as {
      input_records: string[];
      expected_records: string[];
    };
    const lines = cases.input_records.map((r) => r.replace(/\n$/, ''));
    const events = run(lines);
    const expected = cases.expected_records.map((r) => r.replace(/\n$/, ''));
    assert.equal(events.length, expected.length, events.map((e) => e.text.slice(0, 60)).join(' | '));
    if (lang === 'go') {
      // Upstream quirk: go expected output is not the concatenation of its input; compare shape.
      assert.equal(events[0]!.text, lines.slice(0, -1).join('\n'));
      assert.equal(events[1]!.text, 'one more line, no multiline');
    } else {
      assert.deepEqual(events.map((e) => e.text), expected);
    }
  });
}

test('the .log files give the same grouping as the cases', () => {
  assert.equal(run(fileLines('multiline/java.log')).length, 2);
  assert.equal(run(fileLines('multiline/python.log')).length, 2);
  assert.equal(run(fileLines('multiline/ruby.log')).length, 2);
  assert.equal(run(fileLines('multiline/elastic.log')).length, 2);
  const go = run(fileLines('multiline/go.log'));
  assert.equal(go.length, 2);
  assert.equal(go[0]!.lines, 51);
});

test('endswith-backslash continuation', () => {
  const cases = JSON.parse(readFileSync(new URL('multiline/fluentbit_multiline_endswith.cases.json', FIX), 'utf8')) as {
    input_records: string[];
    expected_records: string[];
  };
  assert.deepEqual(run(cases.input_records).map((e) => e.text), cases.expected_records.map((r) => r.replace(/\n$/, '')));
});

test('offsets and line counts of events', () => {
  const ev = run(['a first', '\tat x.y(Z.java:1)', 'second']);
  assert.deepEqual(ev.map((e) => [e.offset, e.lastOffset, e.lines]), [[0, 8, 2], [26, 26, 1]]);
});

test('log4j header followed by an exception line and frames', () => {
  const ev = run([
    '[2018-10-17 12:50:23,323] ERROR [ReplicaFetcher replicaId=10] Error (kafka.server.ReplicaFetcherThread)',
    'org.apache.kafka.common.errors.UnknownTopicOrPartitionException: This server does not host this topic-partition.',
    '\tat x.y(Z.java:1)',
    '[2018-10-17 12:50:24,000] INFO next (kafka.X)',
  ]);
  assert.equal(ev.length, 2);
  assert.equal(ev[0]!.lines, 3);
});

test('a JSON line never continues, and a bracket line neither', () => {
  const ev = run(['17/06/09 20:10:40 ERROR x.Y: boom', '{"msg":"json"}', '  indented after json', '[x] y']);
  assert.deepEqual(ev.map((e) => e.lines), [1, 2, 1]);
});

test('Python traceback after a log line joins it and ends at the exception line', () => {
  const ev = run([
    '2024-01-01 10:00:00,123 ERROR app: failed',
    'Traceback (most recent call last):',
    '  File "a.py", line 1, in <module>',
    '    x()',
    'ValueError: bad',
    'next line',
  ]);
  assert.deepEqual(ev.map((e) => e.lines), [5, 1]);
});

test('PostgreSQL secondary lines attach to the event of the same pid only', () => {
  const ev = run([
    '2020-04-15 12:04:45.416 CEST [24981] FATAL:  password authentication failed for user "root"',
    '2020-04-15 12:04:45.416 CEST [24981] DETAIL:  Role "root" does not exist.',
    '\tConnection matched pg_hba.conf line 80: "local   all             all                                     md5"',
    '2020-04-15 12:04:45.416 CEST [24981] LOG:  could not send data to client: Broken pipe',
    '2020-04-15 12:06:36.719 CEST [25143] ERROR:  syntax error at or near "l" at character 1',
    '2020-04-15 12:56:29.569 CEST [99999] STATEMENT:  SELECT 1',
    '2020-04-15 12:56:29.569 CEST [25143] STATEMENT:  SELECT 2',
  ]);
  assert.deepEqual(ev.map((e) => e.lines), [3, 1, 1, 1, 1]);
});

test('PG secondary lines in the filebeat 10-default sample', () => {
  const ev = run(fileLines('postgres/filebeat/postgresql-10-default.log'));
  // 7 primary events (Filebeat makes 7 events too, but counts DETAIL/STATEMENT as their own)
  const firsts = ev.map((e) => e.text.split('\n')[0]!.slice(0, 60));
  assert.ok(ev.some((e) => e.text.includes('FATAL:') && e.text.includes('DETAIL:') && e.text.includes('Connection matched')), firsts.join('\n'));
  assert.ok(!ev.some((e) => /^\S+ \S+ \S+ \[\d+\] (DETAIL|STATEMENT):/.test(e.text) && ev.indexOf(e) > 0 && e.text.includes('25143')));
});

test('logplex (Heroku) secondary lines use the pid inside app[postgres.N]', () => {
  const ev = run(fileLines('postgres/pgbadger/logplex.log').slice(0, 4));
  assert.equal(ev.length, 1);
  assert.equal(ev[0]!.lines, 4);
});

test('csvlog: newlines inside quoted fields stay in the record', () => {
  const ev = run(fileLines('postgres/filebeat/postgresql-11-autovacuum.csv.log'));
  assert.equal(ev.length, 1);
  assert.equal(ev[0]!.lines, 6);
  const ev2 = run(fileLines('postgres/filebeat/postgresql-11-connection-disconnection.csv.log'));
  const raw = readFileSync(new URL('postgres/filebeat/postgresql-11-connection-disconnection.csv.log', FIX), 'utf8');
  const records = raw.split('\n').filter((l) => /^\d{4}-\d\d-\d\d /.test(l)).length;
  assert.equal(ev2.length, records);
});

test('max_lines cuts an event and says so; nothing is dropped', () => {
  const agg = new MultilineAggregator({ max_lines: 3 });
  const lines = ['head', '\ta', '\tb', '\tc', '\td', '\te', '\tf', 'next'];
  const ev = run(lines, agg);
  assert.deepEqual(ev.map((e) => e.lines), [3, 3, 1, 1]);
  assert.deepEqual(ev.map((e) => [e.split, e.continued]), [[true, false], [true, true], [false, true], [false, false]]);
  assert.equal(agg.stats.splits, 2);
  assert.equal(ev.map((e) => e.text).join('\n'), lines.join('\n'));
});

test('max_bytes cuts, including a single over-long line', () => {
  const agg = new MultilineAggregator({ max_bytes: 20 });
  const long = 'x'.repeat(45);
  const ev = run(['short', '\tcontinuation line', long], agg);
  assert.equal(ev.map((e) => e.text).join(''), 'short' + '\tcontinuation line' + long);
  for (const e of ev) assert.ok(Buffer.byteLength(e.text) <= 20, e.text);
  assert.ok(agg.stats.splits >= 3);
});

test('mode none: every line is its own event', () => {
  const ev = run(['a', '\tat b', 'Caused by: c'], new MultilineAggregator({ mode: 'none' }));
  assert.equal(ev.length, 3);
});

test('invalid config is rejected with the offending values', () => {
  assert.throws(() => new MultilineAggregator({ max_lines: 0 }), /max_lines/);
});

// Python chained exceptions, the two forms of the Python tutorial §8.5 "Exception Chaining"
// (docs.python.org/3/tutorial/errors.html) and of the `traceback` module docs: the second
// traceback follows a blank line, the chaining sentence and another blank line.
test('Python chained exceptions (implicit and explicit chaining) stay one event', () => {
  const implicit = [
    'ERROR:root:could not open the database',
    'Traceback (most recent call last):',
    '  File "<stdin>", line 2, in <module>',
    "FileNotFoundError: [Errno 2] No such file or directory: 'database.sqlite'",
    '',
    'During handling of the above exception, another exception occurred:',
    '',
    'Traceback (most recent call last):',
    '  File "<stdin>", line 4, in <module>',
    'RuntimeError: unable to handle error',
  ];
  const direct = [
    'Traceback (most recent call last):',
    '  File "<stdin>", line 2, in <module>',
    '  File "<stdin>", line 2, in func',
    'ConnectionError',
    '',
    'The above exception was the direct cause of the following exception:',
    '',
    'Traceback (most recent call last):',
    '  File "<stdin>", line 4, in <module>',
    'RuntimeError: Failed to open database',
  ];
  for (const lines of [implicit, direct]) {
    const ev = run([...lines, 'INFO:root:next event']);
    assert.equal(ev.length, 2, JSON.stringify(ev.map((e) => e.text)));
    assert.equal(ev[0]!.text, lines.join('\n'));
    assert.equal(ev[1]!.text, 'INFO:root:next event');
  }
});

test('the chaining sentence without a pending traceback does not continue an event', () => {
  const ev = run(['INFO:root:x', 'During handling of the above exception, another exception occurred:']);
  assert.equal(ev.length, 2);
});

// Go runtime panic output (runtime/panic.go printpanics + runtime/signal_unix.go sigpanic +
// runtime/traceback.go): `panic: …`, `[signal SIGSEGV: segmentation violation …]`, blank line,
// `goroutine N [running]:`, function/file frame pairs, `exit status 2` not part of it.
test('Go nil-pointer panic with its [signal …] line stays one event', () => {
  const panic = [
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47e4b6]',
    '',
    'goroutine 1 [running]:',
    'main.(*Server).handle(0x0, {0x4b2f60, 0xc000012345})',
    '\t/app/server.go:42 +0x16',
    'main.main()',
    '\t/app/main.go:12 +0x1d',
  ];
  const ev = run(['{"level":"info","msg":"starting"}', ...panic, '[2024-01-01 00:00:00,000] INFO next (x.Y)']);
  assert.deepEqual(ev.map((e) => e.text), ['{"level":"info","msg":"starting"}', panic.join('\n'), '[2024-01-01 00:00:00,000] INFO next (x.Y)']);
});

test('a [signal …] line outside a Go panic starts a new event', () => {
  const ev = run(['some line', '[signal SIGSEGV: segmentation violation]']);
  assert.equal(ev.length, 2);
});

test('Go 1.23 goroutine headers with gp/m fields and a re-panic stay in the panic', () => {
  const panic = [
    'panic: boom [recovered]',
    '\tpanic: boom',
    '',
    'goroutine 7 gp=0xc000102380 m=4 mp=0xc000100008 [running]:',
    'main.worker()',
    '\t/app/w.go:9 +0x25',
    'created by main.main in goroutine 1',
    '\t/app/main.go:5 +0x1a',
  ];
  const ev = run([...panic, 'next line']);
  assert.deepEqual(ev.map((e) => e.text), [panic.join('\n'), 'next line']);
});

test('byte cap with multi-byte text: events stay within max_bytes and are cut only when the next line does not fit', () => {
  let x = 7;
  const rnd = (n: number): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % n;
  };
  const alpha = ['a', 'é', '✓', '𝄞', ' ', 'x'];
  for (let trial = 0; trial < 100; trial++) {
    const max = 16 + rnd(300);
    const agg = new MultilineAggregator({ max_bytes: max, max_lines: 1000 });
    const events: MultilineEvent[] = [];
    const lines: string[] = [];
    for (let i = 0; i < 100; i++) {
      let line = rnd(4) === 0 ? 'start ' : '\tat ';
      const n = rnd(rnd(10) === 0 ? 300 : 30);
      for (let k = 0; k < n; k++) line += alpha[rnd(alpha.length)];
      lines.push(line);
      events.push(...agg.push(line, i));
    }
    const last = agg.flush();
    if (last) events.push(last);
    assert.equal(events.map((e) => e.text.replace(/\n/g, '')).join(''), lines.join(''), 'nothing lost');
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      assert.ok(Buffer.byteLength(e.text) <= max, `event within ${max} bytes`);
      const next = events[i + 1];
      if (e.split && next && next.offset !== e.offset) {
        // cut before the line at next.offset: it would not have fit
        assert.ok(Buffer.byteLength(e.text) + 1 + Buffer.byteLength(lines[next.offset]!) > max, `trial ${trial}: cut at line ${next.offset} although it fit`);
      }
    }
  }
});

test('detach: an event held open across reads is emitted unchanged after its text is copied', () => {
  const piece = 'java.lang.IllegalStateException: boom é\n\tat a.B.c(B.java:1)\n\tat d.E.f(E.java:2)\nnext';
  const lines = piece.split('\n');
  const run = (detach: boolean): string[] => {
    const agg = new MultilineAggregator();
    const out: string[] = [];
    let off = 0;
    for (const [i, l] of lines.entries()) {
      if (i === 3 && detach) agg.detach();
      for (const e of agg.push(l, off)) out.push(e.text);
      off += l.length + 1;
    }
    if (detach) agg.detach();
    const last = agg.flush();
    if (last) out.push(last.text);
    return out;
  };
  assert.deepEqual(run(true), run(false));
  assert.equal(run(true)[0], lines.slice(0, 3).join('\n'));
});

// Python: the interpreter's uncaught-exception report (traceback docs; sys.excepthook on stderr) after
// a logged record is its own event; a record's exc_text (logger.exception) stays in the record.
test('Traceback after a record: own event after a whole traceback, a JSON line or a runtime gap over 100 ms', () => {
  const tb = ['Traceback (most recent call last):', '  File "/app/main.py", line 9, in <module>', 'ValueError: bad input'];
  const texts = (lines: [string, number][]): string[] => {
    const agg = new MultilineAggregator();
    const out: string[] = [];
    lines.forEach(([l, t], i) => {
      for (const e of agg.push(l, i, t)) out.push(e.text);
    });
    const last = agg.flush();
    if (last) out.push(last.text);
    return out;
  };
  const rec = '2024-05-01 10:00:00,123 ERROR app.main: failed';
  // same write (µs apart): the record's traceback
  assert.deepEqual(texts([[rec, 1_000_000], ...tb.map((l): [string, number] => [l, 1_000_050])]), [[rec, ...tb].join('\n')]);
  // no runtime times (plain file): as before, attached
  assert.deepEqual(texts([[rec, NaN], ...tb.map((l): [string, number] => [l, NaN])]), [[rec, ...tb].join('\n')]);
  // 2 s later: the crash report
  assert.deepEqual(texts([[rec, 1_000_000], ...tb.map((l): [string, number] => [l, 3_000_000])]), [rec, tb.join('\n')]);
  // after a record that already has its traceback, even in the same instant
  assert.deepEqual(texts([[rec, 1], ...tb.map((l): [string, number] => [l, 1]), ...tb.map((l): [string, number] => [l, 1])]), [[rec, ...tb].join('\n'), tb.join('\n')]);
  // after a JSON line
  const json = '{"level":"error","msg":"failed"}';
  assert.deepEqual(texts([[json, 1], ...tb.map((l): [string, number] => [l, 1])]), [json, tb.join('\n')]);
  // a chained report stays one event, whatever the gaps inside it
  const chained = [...tb, '', 'During handling of the above exception, another exception occurred:', '', ...tb.slice(0, 2), 'RuntimeError: boom', '', 'The above exception was the direct cause of the following exception:', '', ...tb.slice(0, 2), 'app.errors.Fatal: giving up'];
  assert.deepEqual(texts([[rec, 0], ...chained.map((l, i): [string, number] => [l, 5_000_000 + i * 200_000])]), [rec, chained.join('\n')]);
});
