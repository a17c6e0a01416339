/**
 * A configured `log_line_prefix` (PostgreSQL docs, runtime-config-logging: the escapes, `%q`,
 * padding) on the Datadog integration's sample lines (test/fixtures/parsers/postgres/datadog/,
 * whose expected values were written for those prefixes) and on lines built from the docs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordFieldWriter } from '../../core/fields.js';
import { repoRoot } from '../../core/paths.js';
import { parseEvent } from '../index.js';
import { compileLogLinePrefix, LogLinePrefixError } from './log-line-prefix.js';
import { postgresParser } from './postgres-parser.js';

const DATADOG = join(repoRoot(), 'test/fixtures/parsers/postgres/datadog/datadog_postgresql_prefix_samples');
const samples = readFileSync(`${DATADOG}.log`, 'utf8').split('\n');
const expected = new Map(readFileSync(`${DATADOG}.expected.jsonl`, 'utf8').split('\n').filter(Boolean)
  .map((l) => JSON.parse(l) as { sample: string; expected_subset: Record<string, unknown> }).map((e) => [e.sample, e.expected_subset]));

function parsed(spec: string, line: string): Record<string, unknown> {
  const w = new RecordFieldWriter();
  assert.equal(postgresParser.parse(line, w, { pgPrefix: compileLogLinePrefix(spec) }), true, line);
  return w.values;
}
const attrs = (v: Record<string, unknown>): Record<string, string> => (v.attributes ?? {}) as Record<string, string>;
const iso = (v: unknown): string => new Date(Number(v) / 1000).toISOString();

test('positional prefixes are named exactly with the setting (Datadog\'s recommended %m [%p] %d %a %u %h %c)', () => {
  const spec = '%m [%p] %d %a %u %h %c ';
  const lines = samples.filter((l) => / \d+[a-f0-9]*\.[0-9a-f]+ LOG:/.test(l) && /^\d{4}-\d\d-\d\d [\d:.]+ UTC \[\d+\] \S+ \S+ \S+ \S+ /.test(l));
  assert.equal(lines.length, 2);
  for (const line of lines) {
    const want = expected.get(line)!;
    assert.ok(want, line);
    const v = parsed(spec, line);
    assert.equal(v.pg_pid, want.pid);
    assert.equal(v.pg_user, want.user);
    assert.equal(v.pg_database, want.dbname);
    assert.equal(attrs(v).application_name, want.application_name);
    assert.equal(attrs(v).client, want.remote_host);
    assert.equal(attrs(v).session_id, want.session_id);
    assert.equal(v.severity, 'INFO');
  }
  // without the setting the positional words cannot be named
  const w = new RecordFieldWriter();
  postgresParser.parse(samples[2]!, w, {});
  assert.equal(w.values.pg_user, undefined);
});

test('the extended RDS-style prefix with %q: sessions print the application, background processes stop at %q', () => {
  const spec = '%m:%r:%u@%d:[%p]:%l:%e:%s:%v:%x:%c:%q%a:';
  const session = samples.find((l) => l.includes(':pgbench:LOG:'))!;
  const v = parsed(spec, session);
  assert.equal(iso(v.ts), '2025-09-16T18:26:45.429Z');
  assert.equal(v.pg_pid, 87);
  assert.equal(v.pg_user, 'postgres');
  assert.equal(v.pg_database, 'postgres');
  assert.equal(v.pg_sqlstate, '00000');
  assert.deepEqual(
    { client: attrs(v).client, port: attrs(v).client_port, line: attrs(v).session_line, start: attrs(v).session_start, vxid: attrs(v).vxid, xid: attrs(v).xid, sid: attrs(v).session_id, app: attrs(v).application_name },
    { client: '192.168.65.1', port: '31674', line: '34853', start: '2025-09-16 18:25:58 UTC', vxid: '5/2050', xid: '2823', sid: '68c9abb6.57', app: 'pgbench' },
  );
  const jdbc = parsed(spec, samples.find((l) => l.includes('PostgreSQL JDBC Driver:LOG:'))!);
  assert.equal(attrs(jdbc).application_name, 'PostgreSQL JDBC Driver');
  // autovacuum: no client, user or database, and nothing after %q
  const bg = parsed(spec, samples.find((l) => l.includes('automatic vacuum'))!);
  assert.equal(bg.pg_pid, 1670514);
  assert.equal(bg.pg_user, undefined);
  assert.equal(bg.pg_database, undefined);
  assert.equal(attrs(bg).application_name, undefined);
  assert.equal(attrs(bg).session_id, '6930969e.197d72');
});

test('padding, %n epoch, %%, %i, %e, %Q and zones as %Z prints them', () => {
  const a = parsed('%-10u|%6p|%% %i %e ', 'bob       |   123|% idle in transaction 40P01 ERROR:  deadlock detected');
  assert.equal(a.pg_user, 'bob');
  assert.equal(a.pg_pid, 123);
  assert.equal(attrs(a).command_tag, 'idle in transaction');
  assert.equal(a.pg_sqlstate, '40P01');
  assert.equal(a.severity, 'ERROR');
  const b = parsed('%n [%p] %Q ', '1700000000.123 [42] -6183457921381830000 LOG:  duration: 1.5 ms');
  assert.equal(iso(b.ts), '2023-11-14T22:13:20.123Z');
  assert.equal(attrs(b).query_id, '-6183457921381830000');
  assert.equal(b.pg_duration_ms, 1.5);
  const c = parsed('%t [%p] ', '2026-01-15 12:00:00 +03 [9] LOG:  x');
  assert.equal(iso(c.ts), '2026-01-15T09:00:00.000Z');
  const d = parsed('%m [%p] ', '2026-01-15 12:00:00.250 CET [9] LOG:  x');
  assert.equal(iso(d.ts), '2026-01-15T11:00:00.250Z');
});

test('names up to PostgreSQL\'s 63 characters, spaces only where the value may hold them', () => {
  const app = 'Long application name with spaces '.padEnd(63, 'x');
  const v = parsed('%m [%p] %u@%d %a: ', `2026-01-15 12:00:00.250 UTC [9] ${'u'.repeat(63)}@shop ${app}: LOG:  x`);
  assert.equal(v.pg_user, 'u'.repeat(63));
  assert.equal(attrs(v).application_name, app);
  // a hostile prefix full of spaces does not fit and goes to the generic reader (which finds the pid)
  const h = parsed('%u %d %a %h ', `${'x '.repeat(200)}[77] LOG:  y`);
  assert.equal(h.pg_user, undefined);
  assert.equal(h.pg_pid, 77);
});

test('a line the setting does not fit is read by the generic reader; unknown escapes are refused', () => {
  const v = parsed('%p %u %d ', '2026-08-17 20:46:39.837 UTC [63] LOG:  checkpoint starting: shutdown immediate');
  assert.equal(v.pg_pid, 63);
  assert.equal(iso(v.ts), '2026-08-17T20:46:39.837Z');
  assert.throws(() => compileLogLinePrefix('%m %Z '), (e: unknown) => e instanceof LogLinePrefixError && /unknown escape %Z/.test((e as Error).message));
  assert.doesNotThrow(() => compileLogLinePrefix('%m [%p] %q%u@%d %'));
});

test('with the setting, lines of an unhinted source are recognised as PostgreSQL (positional prefix, no marker)', () => {
  const line = '4242 alice shop LOG:  statement: SELECT 1';
  const w = new RecordFieldWriter();
  assert.equal(parseEvent(line, w, { pgPrefix: compileLogLinePrefix('%p %u %d ') }), 'postgres');
  assert.equal(w.values.pg_user, 'alice');
  assert.equal(w.values.pg_database, 'shop');
  assert.equal(w.values.pg_pid, 4242);
  assert.equal(w.values.pg_statement_kind, 'SELECT');
  const plain = new RecordFieldWriter();
  assert.notEqual(parseEvent(line, plain, {}), 'postgres');
  // a JSON line or another format is untouched by the setting
  const j = new RecordFieldWriter();
  assert.equal(parseEvent('{"level":"info","msg":"ok"}', j, { pgPrefix: compileLogLinePrefix('%p %u %d ') }), 'json');
});

test('configured %e anywhere: written only when Appendix A defines the code', () => {
  const spec = '%m [%p] %u@%d %e ';
  let v = parsed(spec, '2024-05-01 10:00:00.123 UTC [4711] app@shop 53300 FATAL:  sorry, too many clients already');
  assert.deepEqual([v.pg_sqlstate, v.error_class], ['53300', 'too_many_connections']);
  v = parsed('%e %m [%p] ', '42P01 2024-05-01 10:00:00.123 UTC [4711] ERROR:  relation "x" does not exist');
  assert.equal(v.pg_sqlstate, '42P01');
  // a 5-character token that is no SQLSTATE is not one (the message's own code is used instead)
  v = parsed(spec, '2024-05-01 10:00:00.123 UTC [4711] app@shop ZZZZZ ERROR:  deadlock detected');
  assert.equal(v.pg_sqlstate, '40P01');
  v = parsed(spec, '2024-05-01 10:00:00.123 UTC [4711] app@shop ZZZZZ ERROR:  something odd');
  assert.equal(v.pg_sqlstate, undefined);
});

test('configured %u@%d/%a after %e; [unknown] (elog.c, no value yet) and empty values give null', () => {
  const spec = '%m [%p] %e %u@%d/%a ';
  let v = parsed(spec, '2024-05-01 10:00:00.123 UTC [4711] 23505 app@shop/billing api ERROR:  duplicate key value violates unique constraint "k"');
  assert.deepEqual([v.pg_user, v.pg_database, attrs(v).application_name, v.pg_sqlstate], ['app', 'shop', 'billing api', '23505']);
  v = parsed(spec, '2024-05-01 10:00:00.123 UTC [4712] 00000 [unknown]@[unknown]/[unknown] LOG:  connection received: host=10.0.0.5 port=5432');
  assert.deepEqual([v.pg_user, v.pg_database, attrs(v).application_name, v.pg_pid], [undefined, undefined, undefined, 4712]);
  v = parsed(spec, '2024-05-01 10:00:00.123 UTC [1] 00000 @/ LOG:  checkpoint starting: time');
  assert.deepEqual([v.pg_user, v.pg_database, attrs(v).application_name], [undefined, undefined, undefined]);
});
