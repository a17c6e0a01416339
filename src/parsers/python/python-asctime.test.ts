// %(asctime)s with the datefmt shapes of time.strftime (Python docs: logging.Formatter.formatTime,
// default '%Y-%m-%d %H:%M:%S' + ',%03d' msecs; the logging HOWTO's datefmt '%m/%d/%Y %I:%M:%S %p').
// Values made up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asc, scanAsctime } from './python-asctime.js';

const T = (mo: number, d: number, h: number, mi: number, s: number, ms = 0, y = 2024): number => Date.UTC(y, mo - 1, d, h, mi, s, ms) * 1000;

function at(text: string, ctx = {}): [number, number] | undefined {
  return scanAsctime(text, 0, ctx) ? [asc.micros, asc.end] : undefined;
}

test('ISO-like datefmts: default, msecs with . or ,, T, %z / %Z', () => {
  assert.deepEqual(at('2024-05-01 10:00:00,123 x'), [T(5, 1, 10, 0, 0, 123), 23]);
  assert.deepEqual(at('2024-05-01 10:00:00.123456 x'), [T(5, 1, 10, 0, 0) + 123456, 26]);
  assert.deepEqual(at('2024-05-01T10:00:00+0200 x'), [T(5, 1, 8, 0, 0), 24]);
  assert.deepEqual(at('2024-05-01 10:00:00 +02:00 x'), [T(5, 1, 8, 0, 0), 26]);
  assert.deepEqual(at('2024-05-01 10:00:00 UTC x'), [T(5, 1, 10, 0, 0), 23]);
  assert.deepEqual(at('2024-05-01 10:00:00Z'), [T(5, 1, 10, 0, 0), 20]);
  assert.deepEqual(at('2024/05/01 10:00:00 x'), [T(5, 1, 10, 0, 0), 19]);
  // zone-less: the source's default offset
  assert.deepEqual(at('2024-05-01 10:00:00 INFO', { defaultTzOffsetMinutes: 60 }), [T(5, 1, 9, 0, 0), 19]);
});

test('slash dates: a day over 12 decides, else the reading nearer the runtime time, else month first', () => {
  assert.equal(at('25/12/2024 10:00:00 x')![0], T(12, 25, 10, 0, 0));
  assert.equal(at('12/25/2024 10:00:00 x')![0], T(12, 25, 10, 0, 0));
  assert.equal(at('01/05/2024 10:00:00 x')![0], T(1, 5, 10, 0, 0));
  assert.equal(at('01/05/2024 10:00:00 x', { observedMicros: T(5, 1, 10, 0, 1) })![0], T(5, 1, 10, 0, 0));
  assert.equal(at('01.05.2024 10:00:00 x', { observedMicros: T(5, 1, 10, 0, 1) })![0], T(5, 1, 10, 0, 0));
  // %I:%M:%S %p
  assert.deepEqual(at('05/01/2024 01:02:03 PM - x'), [T(5, 1, 13, 2, 3), 22]);
  assert.deepEqual(at('05/01/2024 12:02:03 AM x'), [T(5, 1, 0, 2, 3), 22]);
});

test('month names: %b %d, %d %b %Y, %d-%b-%Y, %a %b %d %H:%M:%S %Y; year from the runtime time', () => {
  const ctx = { observedMicros: T(5, 1, 10, 0, 5) };
  assert.deepEqual(at('May 01 10:00:00 app', ctx), [T(5, 1, 10, 0, 0), 15]);
  assert.deepEqual(at('May  1 10:00:00,250 app', ctx), [T(5, 1, 10, 0, 0, 250), 19]);
  assert.equal(at('Dec 31 23:59:59 app', { observedMicros: T(1, 1, 0, 0, 5, 0, 2025) })![0], T(12, 31, 23, 59, 59));
  assert.deepEqual(at('01 May 2024 10:00:00 x'), [T(5, 1, 10, 0, 0), 20]);
  assert.deepEqual(at('01-May-2024 10:00:00 x'), [T(5, 1, 10, 0, 0), 20]);
  // %d/%b/%Y %H:%M:%S (e.g. `[%(asctime)s] [%(process)d] …` with that datefmt); Apache's `%d/%b/%Y:%H:%M:%S` is not an asctime
  assert.deepEqual(at('01/May/2024 10:00:00] x'), [T(5, 1, 10, 0, 0), 20]);
  assert.equal(at('01/May/2024:10:00:00 +0000'), undefined);
  assert.deepEqual(at('Wed May  1 10:00:00 2024 x'), [T(5, 1, 10, 0, 0), 24]);
});

test('time of day alone: the runtime day nearest to it, no time without one; %(created)f', () => {
  assert.deepEqual(at('23:59:59,500 x', { observedMicros: T(5, 2, 0, 0, 1) }), [T(5, 1, 23, 59, 59, 500), 12]);
  const r = at('10:00:00 x');
  assert.ok(r && Number.isNaN(r[0]) && r[1] === 8);
  assert.deepEqual(at('1714557600.123456 x'), [1714557600_123456, 17]);
});

test('not a time: words, levels, numbers, bad fields', () => {
  for (const s of ['INFO x', 'Mayday 01 10:00:00', '2024-13-01 10:00:00', '32/01/2024 10:00:00', '12345 x', '10:61:00', 'May 01 x', '', '2024/05/01']) {
    assert.equal(at(s), undefined, s);
  }
});

test('cookbook %m-%d %H:%M: no year, no seconds; the year nearest the runtime time, across New Year', () => {
  assert.deepEqual(at('05-01 10:00 app', { observedMicros: T(5, 1, 10, 0, 5) }), [T(5, 1, 10, 0, 0), 11]);
  assert.deepEqual(at('05-01 10:00:30,250 app', { observedMicros: T(5, 1, 10, 0, 5) }), [T(5, 1, 10, 0, 30, 250), 18]);
  assert.deepEqual(at('05/01 10:00 app', { observedMicros: T(5, 1, 10, 0, 5) }), [T(5, 1, 10, 0, 0), 11]);
  // written just before midnight on Dec 31, read after it; and the other way round
  assert.equal(at('12-31 23:59 app', { observedMicros: T(1, 1, 0, 0, 10, 0, 2025) })![0], T(12, 31, 23, 59, 0));
  assert.equal(at('01-01 00:00 app', { observedMicros: T(12, 31, 23, 59, 50) })![0], T(1, 1, 0, 0, 0, 0, 2025));
  // zone-less: the source's offset, also when choosing the year
  assert.equal(at('01-01 00:30 app', { observedMicros: T(12, 31, 23, 40, 0), defaultTzOffsetMinutes: 60 })![0], T(12, 31, 23, 30, 0));
  // a first number over 12 is the day; both under 13: month first, unless the day-first reading is nearer the runtime time
  assert.equal(at('25-12 10:00 app', { observedMicros: T(12, 25, 10, 0, 5) })![0], T(12, 25, 10, 0, 0));
  assert.equal(at('01-05 10:00 app', { observedMicros: T(5, 1, 10, 0, 5) })![0], T(5, 1, 10, 0, 0));
  assert.equal(at('05-01 10:00 app', { observedMicros: T(5, 1, 10, 0, 5) })![0], T(5, 1, 10, 0, 0));
  // no runtime time: the ingest time (now) decides the year the same way
  const now = new Date();
  const md = `${String(now.getUTCMonth() + 1).padStart(2, '0')}-${String(now.getUTCDate()).padStart(2, '0')}`;
  const r = at(`${md} 12:00 app`)!;
  assert.equal(new Date(r[0] / 1000).getUTCFullYear(), now.getUTCFullYear());
  // month names without a year: the same rule
  assert.equal(at('Jan 01 00:00:05 app', { observedMicros: T(12, 31, 23, 59, 0) })![0], T(1, 1, 0, 0, 5, 0, 2025));
});

test('msecs appended after a datefmt (%(asctime)s.%(msecs)03d), %Y-%m-%d:%H:%M:%S, %Y-%m-%d %H:%M', () => {
  assert.deepEqual(at('2024-05-01 10:00:00.123 [MainThread]'), [T(5, 1, 10, 0, 0, 123), 23]);
  assert.deepEqual(at('2024-05-01T10:00:00+0200.123 x'), [T(5, 1, 8, 0, 0, 123), 28]);
  assert.deepEqual(at('2024-05-01 10:00:00 UTC,045 x'), [T(5, 1, 10, 0, 0, 45), 27]);
  assert.deepEqual(at('05/01/2024 01:02:03 PM.250 x'), [T(5, 1, 13, 2, 3, 250), 26]);
  assert.deepEqual(at('2024-05-01:10:00:00,123 DEBUG'), [T(5, 1, 10, 0, 0, 123), 23]);
  assert.deepEqual(at('2024-05-01 10:00 x'), [T(5, 1, 10, 0, 0), 16]);
  assert.deepEqual(at('05-01 10:00.250 x', { observedMicros: T(5, 1, 10, 0, 5) }), [T(5, 1, 10, 0, 0, 250), 15]);
});

test('not a yearless date: bad numbers, a time cut short or running on', () => {
  for (const s of ['13-13 10:00 x', '05-01 24:00 x', '05-01 10:60 x', '05-01 10 x', '05-01 10:00:0 x', '05-01x10:00', '00-01 10:00 x', '05-01 1000 x', '2024-05-01 10:0 x']) {
    assert.equal(at(s, { observedMicros: T(5, 1, 10, 0, 5) }), undefined, s);
  }
});
