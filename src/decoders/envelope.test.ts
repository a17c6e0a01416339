import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixturePath } from '../core/paths.js';
import { decodeLine, newDecodedLine, sniffFormat, decodeDockerJson, decodeDockerJsonParsed, decodeCri, decodeFluentBit, decodeFluentBitParsed } from './envelope.js';
import { parseRfc3339, parseDockerTime, microsToIso, parsedEnd, lastOutOfRange } from './rfc3339.js';

const fx = (name: string): string => readFileSync(fixturePath('container-formats', name), 'utf8');
const lines = (name: string): string[] => fx(name).split('\n').filter((l, i, a) => !(l === '' && i === a.length - 1));

test('RFC 3339: 0-9 fraction digits, Z and numeric offsets, impossible dates rejected', () => {
  assert.equal(microsToIso(parseRfc3339('2016-10-05T00:00:30.082640485Z')), '2016-10-05T00:00:30.082640Z');
  assert.equal(microsToIso(parseRfc3339('2020-09-27T11:18:01.00000000Z')), '2020-09-27T11:18:01.000000Z');
  assert.equal(microsToIso(parseRfc3339('2024-04-13T07:59:37.505201169-10:00')), '2024-04-13T17:59:37.505201Z');
  assert.equal(microsToIso(parseRfc3339('2024-04-13T07:59:37+0530')), '2024-04-13T02:29:37.000000Z');
  assert.ok(Number.isNaN(parseRfc3339('2024-13-02T00:00:00Z')), 'month 13');
  assert.ok(Number.isNaN(parseRfc3339('2023-02-29T00:00:00Z')), 'not a leap year');
  assert.ok(Number.isNaN(parseRfc3339('qwerty')));
  assert.ok(Number.isNaN(parseRfc3339('2024-04-13T07:59:37')), 'zone required by default');
  assert.equal(microsToIso(parseRfc3339('1969-12-31T23:30:00Z')), '1969-12-31T23:30:00.000000Z');
});

test("docker json-file: Vector's valid cases decode with stream, time and the 16 KiB partial rule", () => {
  const expected = lines('vector_docker_valid.expected.jsonl').map((l) => JSON.parse(l) as { message: string; timestamp: string; stream: string; partial: boolean });
  const input = lines('vector_docker_valid.log');
  assert.equal(input.length, expected.length);
  const d = newDecodedLine();
  input.forEach((line, i) => {
    decodeDockerJson(line, d);
    const e = expected[i]!;
    assert.ok(d.ok, `line ${i + 1}: ${d.reason}`);
    assert.equal(d.text, e.message, `line ${i + 1} text`);
    assert.equal(d.stream, e.stream);
    assert.equal(d.partial, e.partial, `line ${i + 1} partial`);
    assert.equal(microsToIso(d.observed), microsToIso(parseRfc3339(e.timestamp)));
  });
});

test("docker json-file: every one of Vector's invalid cases is rejected with a reason", () => {
  const d = newDecodedLine();
  const input = fx('vector_docker_invalid.log').split('\n');
  let rejected = 0;
  for (const line of input.slice(0, 11)) {
    decodeDockerJson(line, d);
    assert.equal(d.ok, false, `should reject: ${line}`);
    assert.ok(d.reason.length > 0);
    rejected++;
  }
  assert.equal(rejected, 11);
});

test("CRI: Vector's valid cases (P/F, 16 KiB partial) decode as expected", () => {
  const expected = lines('vector_cri_valid.expected.jsonl').map((l) => JSON.parse(l) as { message: string; timestamp: string; stream: string; partial: boolean });
  const raw = readFileSync(fixturePath('container-formats', 'vector_cri_valid.log'));
  const input = raw.toString('latin1').split('\n').filter((l) => l !== '');
  const d = newDecodedLine();
  let checked = 0;
  input.forEach((line, i) => {
    const e = expected[i];
    if (!e || !/^[\x00-\x7f]*$/.test(line)) return; // the non-UTF-8 case is a framing concern (quarantine), tested end to end
    decodeCri(line, d);
    assert.ok(d.ok, `line ${i + 1}: ${d.reason}`);
    assert.equal(d.text, e.message);
    assert.equal(d.stream, e.stream);
    assert.equal(d.partial, e.partial);
    checked++;
  });
  assert.ok(checked >= 4, `checked ${checked}`);
});

test('kubelet mixed file: docker and CRI lines in one stream, P:TAG tags, one unsupported line', () => {
  const input = lines('kubelet_parse_cases.log');
  const expected = lines('kubelet_parse_cases.expected.jsonl').map((l) => JSON.parse(l) as { error?: string; stream?: string; log?: string; partial?: boolean });
  const fmt = sniffFormat(input[0]!);
  assert.equal(fmt, 'docker-json');
  const d = newDecodedLine();
  input.forEach((line, i) => {
    decodeLine(fmt, line, d);
    const e = expected[i]!;
    if (e.error) {
      assert.equal(d.ok, false);
      return;
    }
    assert.ok(d.ok, `line ${i + 1}: ${d.reason}`);
    assert.equal(d.stream, e.stream);
    assert.equal(d.text, e.log!.replace(/\n$/, ''));
    assert.equal(d.partial, e.partial ?? false);
  });
});

test('OpenTelemetry container cases: CRI-O offsets and containerd Z decode to the same instant rules', () => {
  const cases = lines('otel_container_parser_cases.jsonl').map((l) => JSON.parse(l) as { case: string; input: string[]; expected: Array<{ body: string; timestamp: string }> });
  const d = newDecodedLine();
  let n = 0;
  for (const c of cases) {
    const first = c.input[0]!;
    const fmt = sniffFormat(first);
    decodeLine(fmt, first, d);
    assert.ok(d.ok, `${c.case}: ${d.reason}`);
    const exp = c.expected[0];
    if (exp?.timestamp) assert.equal(microsToIso(d.observed), microsToIso(parseRfc3339(exp.timestamp)), c.case);
    n++;
  }
  assert.ok(n >= 5);
});

test('Fluent Bit records: [epoch, record] form with kubernetes metadata', () => {
  const line = fx('fluentbit/core_base_fluent-bit.out').trim();
  assert.equal(sniffFormat(line), 'fluentbit');
  const d = decodeFluentBit(line, newDecodedLine());
  assert.ok(d.ok, d.reason);
  assert.equal(d.text, 'Fluent Bit is logging');
  assert.equal(d.k8s?.pod_name, 'base');
  assert.equal(d.k8s?.namespace_name, 'core');
  assert.equal(d.k8s?.labels?.['app.kubernetes.io/name'], 'fluent-bit');
  assert.equal(microsToIso(d.observed), '2019-04-01T17:58:33.598656Z');
});

test("Fluent Bit records of the seed's S3 layout: pre-parsed timestamp, log_level, message", () => {
  const line = JSON.stringify({ timestamp: '2025-10-22T16:48:19.123Z', log_level: 'WARN', message: 'Lost executor 2', kubernetes: { pod_name: 'taxi-trip-exec-2', labels: { 'spark-app-selector': 'spark-1b3b' } } });
  assert.equal(sniffFormat(line), 'fluentbit');
  const d = decodeFluentBit(line, newDecodedLine());
  assert.equal(d.text, 'Lost executor 2');
  assert.equal(d.presetLevel, 'WARN');
  assert.equal(microsToIso(d.presetTs), '2025-10-22T16:48:19.123000Z');
});

test('format sniffing: the date/log/stream/kubernetes layout is Fluent Bit only when the whole line is JSON', () => {
  const k8s = '{"pod_name":"p-exec-1","labels":{"spark-role":"executor"}}';
  const line = `{"date":1729615699.5,"log":"24/10/22 16:48:19 INFO Executor: ok","stream":"stderr","kubernetes":${k8s}}`;
  assert.equal(sniffFormat(line), 'fluentbit');
  const d = decodeFluentBit(line, newDecodedLine());
  assert.deepEqual(d.k8s, JSON.parse(k8s));
  // the same head, but the kubernetes value is not JSON: the line is not a record at all
  assert.equal(sniffFormat(line.replace('"labels":{', '"labels":{,')), 'plain');
  assert.equal(sniffFormat(line.replace('"labels":{', '"labels":{,'), 'c-json.log'), 'docker-json');
  // a kubernetes member that is not the last one goes by JSON.parse of the line, as before
  assert.equal(sniffFormat(`{"date":1.5,"log":"x","stream":"stdout","kubernetes":${k8s},"time":"t"}`), 'fluentbit');
});

test('format sniffing: docker logs --timestamps and plain text', () => {
  assert.equal(sniffFormat('2026-03-02T08:00:01.123456789Z INFO started'), 'docker-ts');
  assert.equal(sniffFormat('2026-03-02T08:00:01.123456789Z stdout F hello'), 'cri');
  assert.equal(sniffFormat('17/06/09 20:10:40 INFO executor.CoarseGrainedExecutorBackend: Registered'), 'plain');
  assert.equal(sniffFormat('{"level":30,"msg":"hi"}'), 'plain', 'an app JSON logger file is plain text to the envelope stage');
  const d = decodeLine('docker-ts', '2026-03-02T08:00:01.123456789Z INFO started', newDecodedLine());
  assert.equal(d.text, 'INFO started');
  assert.equal(microsToIso(d.observed), '2026-03-02T08:00:01.123456Z');
});

test('RFC 3339 bounded by `end` inside a line: same result and end as on the sliced-out timestamp', () => {
  const times = [
    '2016-10-05T00:00:30.082640485Z', '2024-04-13T07:59:37.505201169-10:00', '2024-04-13T07:59:37+0530', '2024-04-13T07:59:37Z',
    '2024-04-13T07:59:37', '2024-04-13T07:59:37.', '2024-04-13T07:59:37+05', '2024-04-13T07:59:37+05:', '2024-04-13T07:59:37+05:3',
    '2024-04-13T07:59:37+', '2024-04-13T07:59:3', '2023-02-29T00:00:00Z', '2024-02-29T00:00:00.1Z', '2024-04-13T07:59:37.5Zjunk',
  ];
  for (const t of times) {
    for (const [pre, post] of [['{"time":"', '"}'], ['', ' stdout F 12 +05:30 z'], ['x ', ' 2024']] as const) {
      const line = pre + t + post;
      const want = parseRfc3339(t);
      const wantEnd = parsedEnd;
      const got = parseRfc3339(line, pre.length, true, 0, pre.length + t.length);
      assert.ok(Object.is(got, want), `${JSON.stringify(line)}: ${got} !== ${want}`);
      if (!Number.isNaN(want)) assert.equal(parsedEnd, wantEnd + pre.length, t);
    }
  }
});

test('docker json-file: an invalid escape in the log is quarantined as invalid JSON, not thrown', () => {
  const d = newDecodedLine();
  decodeDockerJson('{"log":"a\\x\\"b\\n","stream":"stdout","time":"2026-03-02T08:00:00Z"}', d);
  assert.equal(d.ok, false);
  assert.equal(d.reason, 'invalid_json');
});

test('Fluent Bit records: the repeated kubernetes member is parsed once and decodes as JSON.parse would', () => {
  const k8s = { pod_name: 'p-1', namespace_name: 'ns', labels: { app: 'a', 'x"y': 'q,"kubernetes":{' }, host: 'h' };
  const rec = (log: string, extra = ''): string => `{"date":1772442000.5,"log":${JSON.stringify(log)},"stream":"stderr"${extra},"kubernetes":${JSON.stringify(k8s)}}`;
  const cases = [
    rec('first'), rec('second'), rec('third', ',"kubernetes":{"pod_name":"shadowed"}'), rec('fourth'),
    '{,"kubernetes":{"pod_name":"p"}}', // no member before it: invalid JSON
    '{"log":"x","stream":"stdout","labels":{"a":"b","kubernetes":{"pod_name":"nested"}}}', // nested member
    '{"log":"y","kubernetes":{"pod_name":"p-2"} }', '{"log":"z","kubernetes":{"pod_name":"p-2"}}', '{"log":"w","kubernetes":{"pod_name":"p-2"}}',
    '{"log":"bad","kubernetes":{"pod_name":"p-2",}}', // invalid member
    '{"log":"bad\\x","kubernetes":{"pod_name":"p-2"}}', // invalid head
  ];
  const d = newDecodedLine();
  const seen: unknown[] = [];
  for (const line of cases) {
    decodeFluentBit(line, d);
    let want: Record<string, unknown> | undefined;
    try {
      want = JSON.parse(line) as Record<string, unknown>;
    } catch {
      want = undefined;
    }
    if (!want) {
      assert.equal(d.ok, false, line);
      assert.equal(d.reason, 'invalid_json', line);
      continue;
    }
    assert.ok(d.ok, line);
    assert.equal(d.text, want.log, line);
    assert.deepEqual(d.k8s, want.kubernetes, line);
    seen.push(d.k8s);
  }
  // the records of one pod share one metadata object
  assert.equal(seen[0], seen[1]);
  assert.equal(seen[1], seen[3]);
  assert.equal(seen[6], seen[7]); // "z" and "w"
});

/**
 * `count` lines, each one of `bases` (in turn) with one or two random edits (a character of
 * `alphabet` inserted or substituted, or a character deleted); deterministic for a `seed`.
 */
function randomlyEdited(bases: string[], alphabet: string, count: number, seed: number): string[] {
  // (the high bits: the low bits of this generator repeat with short periods)
  const rnd = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return Math.floor((seed / 4294967296) * n); };
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = bases[i % bases.length]!;
    for (let e = 1 + rnd(2); e > 0; e--) {
      const at = rnd(line.length + 1);
      const op = rnd(3);
      const ch = alphabet[rnd(alphabet.length)]!;
      line = op === 0 ? line.slice(0, at) + ch + line.slice(at) : op === 1 ? line.slice(0, at) + line.slice(at + 1) : line.slice(0, at) + ch + line.slice(at + 1);
    }
    out.push(line);
  }
  return out;
}

/** What a decoded docker line carries, for comparing two decodes. */
function dockerView(line: string, parsed: boolean): unknown {
  const d = parsed ? decodeDockerJsonParsed(line, newDecodedLine()) : decodeDockerJson(line, newDecodedLine());
  return { ok: d.ok, reason: d.reason, text: d.text, stream: d.stream, observed: d.observed, partial: d.partial, attrs: d.attrs };
}

const T = '2026-03-02T08:00:00.023734856Z';

test('docker json-file: the fast path decodes tricky lines exactly as JSON.parse of the whole line', () => {
  const rec = (log: string, stream = 'stdout', time = T): string => `{"log":${JSON.stringify(log)},"stream":"${stream}","time":"${time}"}`;
  const lines = [
    rec('plain\n'), rec('plain'), rec(''), rec('\n'), rec('crlf\r\n'), rec('a "quoted" \\ word\n', 'stderr'),
    rec('ends with backslash \\'), rec('ends with backslash newline \\\n'), rec('\\n literally'), rec('tab\there\n'),
    rec('ünïcödé 日本\n'), rec('x'.repeat(16 * 1024)), rec('é'.repeat(8 * 1024)), rec('x'.repeat(16 * 1024) + '\n'),
    rec('x', 'tty'), rec('x', ''), rec('x', 'stdout', '2026-03-02T08:00:00Z'), rec('x', 'stdout', '2026-03-02T08:00:00.1Z'),
    rec('x', 'stdout', '2026-03-02T08:00:00.023734856+02:00'), rec('x', 'stdout', '2026-03-02T08:00:00.023734856z'),
    rec('x', 'stdout', '2026-03-02t08:00:00.023734856Z'), rec('x', 'stdout', '2026-03-02 08:00:00.023734856Z'),
    rec('x', 'stdout', '2026-03-02T08:00:60.023734856Z'), rec('x', 'stdout', '2026-03-02T08:60:00.023734856Z'),
    rec('x', 'stdout', '2026-03-02T24:00:00.023734856Z'), rec('x', 'stdout', '2026-02-29T08:00:00.023734856Z'),
    rec('x', 'stdout', '9999-03-02T08:00:00.023734856Z'), rec('x', 'stdout', '2026-03-02T08:00:00.0237+05:30Z'),
    rec('x', 'stdout', '2026-03-02T08:00:00.02373485xZ'), rec('x', 'stdout', ''),
    // an unescaped quote in the log value that makes it look like the usual tail (valid JSON: duplicate keys)
    `{"log":"x","stream":"stderr","time":"${T}","stream":"stdout","time":"${T}"}`,
    `{"log":"x\\n","stream":"stderr","time":"${T}","stream":"stdout","time":"${T}"}`,
    `{"log":"x\\q\\n","stream":"stdout","time":"${T}"}`, `{"log":"x\\u00e9\\n","stream":"stdout","time":"${T}"}`,
    `{"log":"x\\"","stream":"stdout","time":"${T}"}`, `{"log":"x\\\\"","stream":"stdout","time":"${T}"}`,
    `{"log":"x\\n","stream":"std\\u006fut","time":"${T}"}`, `{"log":"x\\n","stream":"std\\out","time":"${T}"}`,
    `{"log":"x\\n","stream":"stdout","time":"${T}\\"}`, `{"log":"x\\n","stream":"stdout","time":"2026-03-02T08:00:00Z\\"}`,
    `{"log":"x\\n","stream":"stdout","attrs":{"tag":"a"},"time":"${T}"}`, `{"log":"x\\n","stream":"stdout","time":"${T}"} `,
    `{"log": "x\\n","stream":"stdout","time":"${T}"}`, `{"log":"x\\n","stream":"stdout","time":"${T}"`, `{"log":"x\\n"}`,
    `{"log":"x\\n","time":"${T}"}`, `{"log":"","stream":"","time":""}`, `{"log":"x\\n","stream":"stdout","time":"${T}"}}`,
  ];
  for (const line of lines) assert.deepEqual(dockerView(line, false), dockerView(line, true), line.slice(0, 200));
  // random edits of usual lines: each is decoded as the full path decodes it
  const bases = [rec('a "b" c\n', 'stderr'), rec('plain\n'), rec('x', 'stdout', '2026-03-02T08:00:00.1Z')];
  for (const line of randomlyEdited(bases, '"\\n}{:,.0159Z+-T tu', 30_000, 7)) assert.deepEqual(dockerView(line, false), dockerView(line, true), line);
});

/** What a decoded Fluent Bit line carries, for comparing two decodes. */
function fluentBitView(line: string, parsed: boolean): unknown {
  const d = parsed ? decodeFluentBitParsed(line, newDecodedLine()) : decodeFluentBit(line, newDecodedLine());
  return {
    ok: d.ok, reason: d.reason, format: d.format, text: d.text, stream: d.stream, observed: d.observed, partial: d.partial,
    presetTs: d.presetTs, presetLevel: d.presetLevel, k8s: d.k8s, attrs: d.attrs,
  };
}

test('Fluent Bit records: the fast path decodes tricky and randomly edited records exactly as JSON.parse of the whole line', () => {
  const k8s = '{"pod_name":"taxi-trip-1-driver","namespace_name":"spark-team-a","labels":{"spark-role":"driver","app":"taxi"},"host":"ip-10-1-0-0"}';
  const rec = (log: string, stream = 'stderr', date = '1772442000.000000', k = k8s): string => `{"date":${date},"log":${JSON.stringify(log)},"stream":"${stream}","kubernetes":${k}}`;
  const lines = [
    rec('plain'), rec(''), rec('with newline\n'), rec('crlf\r\n'), rec('a "quoted" \\ word'), rec('ends with backslash \\'),
    rec('tab\there'), rec('ünïcödé 日本'), rec('\u0001 control'), rec('x', 'stdout'), rec('x', 'tty'), rec('x', ''),
    rec('x', 'stderr', '0'), rec('x', 'stderr', '-1.5e3'), rec('x', 'stderr', '1E+400'), rec('x', 'stderr', '01'), rec('x', 'stderr', '1.'),
    rec('x', 'stderr', '.5'), rec('x', 'stderr', '-'), rec('x', 'stderr', 'true'), rec('x', 'stderr', 'false'), rec('x', 'stderr', 'null'),
    rec('x', 'stderr', 'nul'), rec('x', 'stderr', '"s"'), rec('x', 'stderr', '"s\\"q"'), rec('x', 'stderr', '{}'), rec('x', 'stderr', '[1]'),
    rec('x', 'stderr', '1', '{}'), rec('x', 'stderr', '1', '{"pod_name":"other"}'), rec('x', 'stderr', '1', '{"a":1} '), rec('x', 'stderr', '1', '{"a":1}}'),
    rec('x', 'stderr', '1', '{"a":1},"kubernetes":{"b":2}'), rec('x', 'stderr', '1', 'null'), rec('x', 'stderr', '1', '[]'), rec('x', 'stderr', '1', '"k"'),
    rec('x', 'stderr', '1', '{"a":1,}'),
    '{"log":"x"}', '{"log":"x\\n","stream":"stdout"}', '{}', '{"log":1}', '{"log":null,"message":"m"}', '{"message":"m","stream":"stdout"}',
    '{"log":"a","log":"b"}', '{"stream":"a","stream":"b","log":"c"}', '{"log":"a","stream":1}', '{"lo\\u0067":"a","log":"b"}',
    '{"log":"a","time":"2026-03-02T08:00:00Z"}', '{"log":"a","time":"garbage"}', '{"log":"a","timestamp":1772442000}', '{"log":"a","@timestamp":1}',
    '{"log":"a","level":"warn"}', '{"log":"a","log_level":"ERROR"}', '{"log":"a","severity":3}', '{"msg":"m"}', '{"log":"a","msg":"m"}',
    '{"log":"a","other":{"x":1}}', '{"log":"a","other":[1]}', '{"log":"a","other":"\\u00e9"}', '{"log":"a","other":"\\x"}', '{"log":"a","other":"\t"}',
    '{"log":"a", "stream":"stdout"}', ' {"log":"a"}', '{"log":"a"} ', '{"log":"a",}', '{"log":"a"}}', '{"log":"a"', '{"log":"a\t"}', '{"log":"a\\"}',
    '{"log":"a","kubernetes":{"pod_name":"p"},"stream":"stdout"}', '{"log":"a","kubernetes":{"pod_name":"p"}}',
    '{"log":"a","__proto__":{"x":1}}', '{"log":"a","__proto__":1}', '[1772442000.5,{"log":"a","kubernetes":{"pod_name":"p"}}]', '[]', '"s"', 'null', '{',
    '{"":"","log":""}', '{"log":"\\ud800"}', '{"log":"\\"","stream":"stdout"}', '{"log":"a\\\\","stream":"stdout"}',
    // members the decoder reads besides log / stream, as Fluent Bit writes them with Time_Key or a parser
    `{"date":1.5,"time":"2026-03-02T08:00:00.123456789Z","stream":"stdout","_p":"F","log":"x \\"y\\"","kubernetes":${k8s}}`,
    '{"time":null,"timestamp":"2026-03-02T08:00:00Z","log":"a"}', '{"time":"2026-03-02T08:00:00+02:00","@timestamp":false,"log":"a"}',
    '{"timestamp":1772442000123,"log":"a"}', '{"timestamp":1772442000123456,"log":"a"}', '{"time":1e20,"log":"a"}', '{"time":-0,"log":"a"}',
    '{"time":"2026-02-30T08:00:00Z","log":"a"}', '{"time":"","log":"a"}', '{"time":"2026-03-02T08:00:00Z","time":"x","log":"a"}',
    '{"log":"a","level":false,"severity":"x"}', '{"log":"a","log_level":"INFO","level":"warn"}', '{"log_level":"ERROR","message":"m\\n"}',
    '{"msg":1,"message":null,"log":null}', '{"msg":"m","message":"\\u00e9"}', '{"stream":"std\\u006fut","log":"a"}', '{"stream":"stdx","log":"a"}',
    '{"log":"a","kubernetes":{}}', '{"log":"a","kubernetes":{"labels":null}}', '{"log":"a","kubernetes":{"pod_name":"p"}',
  ];
  for (const line of lines) assert.deepEqual(fluentBitView(line, false), fluentBitView(line, true), line.slice(0, 200));
  // random edits of usual records: each is decoded as the full path decodes it
  const bases = [rec('26/03/02 09:00:00 INFO TaskSetManager: "x" done'), rec('plain', 'stdout', '1772442000.5'), '{"log":"a","stream":"stdout","n":null,"b":true}',
    `{"date":1.5,"time":"2026-03-02T08:00:00.123456789Z","stream":"stdout","_p":"F","log":"x","log_level":"warn","kubernetes":${k8s}}`,
    '{"timestamp":1772442000123,"message":"m","level":"info"}'];
  for (const line of randomlyEdited(bases, '"\\n}{[]:,.0159eE+-t u\t', 30_000, 11)) assert.deepEqual(fluentBitView(line, false), fluentBitView(line, true), line);
});

test('RFC 3339: the fixed-width docker time parse with a remembered hour equals the full parse', () => {
  const times = [
    T, '2026-03-02T08:00:00.023734857Z', '2026-03-02T08:59:60.999999999Z', '2026-03-02T08:60:00.000000000Z',
    '2026-03-02T09:00:00.000000001Z', '2026-03-02T08:00:01.5Z', '2026-03-02T08:00:01.500000000+01:00',
    '2026-03-02T08:00:01.5000+01:00Z', '2026-03-02T08:00:01.50000000xZ', '2026-03-02T08:0x:01.500000000Z',
    '2026-03-02t08:00:01.500000000Z', '2026-03-02 08:00:01.500000000Z', '2026-03-02T08:00:01.500000000z',
    '2026-03-03T08:00:01.500000000Z', '2024-02-29T23:59:59.999999999Z', '2025-02-29T23:59:59.999999999Z',
    '9999-12-31T23:59:59.999999999Z', '9999-12-31T23:59:58.999999999Z', '1969-12-31T23:59:59.999999999Z',
    '1969-12-31T23:00:00.000000000Z', '2026-03-02T08:5:01.500000000Z', T, '2026-03-02T08:00:01.Z',
    '2026-03-02T08:00:01.1234567Z', '2026-03-02T08:00:01.12345678Z', '2026-03-02T08:00:01.12x4Z', '2026-03-02T08:00:01.12Z',
    '2026-03-02T08:00:01.1234567890Z', '2026-03-02T08:00:01.123+01Z', '2026-03-02T08:00:01.5z', '2026-03-02T08:59:60.5Z',
    '2026-03-02T09:00:00.25Z', '2026-03-02T09:00:00.125Z', '2026-03-02T09:00:00.1-0100Z',
  ];
  for (const shape of [false, true]) {
    for (const time of times) {
      const line = `"time":"${time}"}`;
      const start = 8;
      const end = line.length - 2;
      // the caller's shape check: what the sticky regex of the docker fast path accepts
      const checked = shape && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/.test(time);
      const got = parseDockerTime(line, start, end, checked);
      const gotEnd = parsedEnd, gotOut = lastOutOfRange;
      const want = parseRfc3339(line, start, true, 0, end);
      assert.equal(got, want, time);
      assert.equal(gotOut, lastOutOfRange, time);
      if (!Number.isNaN(want)) assert.equal(gotEnd, parsedEnd, time);
    }
  }
});

// Fluent Bit's out_s3 / out_file write the record's time under `json_date_key` (default `date`), as
// `json_date_format` double (default) / epoch seconds or iso8601: the collector's time → observed_ts.
test('Fluent Bit records: the date member is observed_ts, by both decode paths', () => {
  const k8s = '{"pod_name":"p","namespace_name":"ns"}';
  const at = Date.UTC(2026, 2, 2, 8, 0, 0) * 1000;
  const cases: [string, number][] = [
    [`{"date":1772438400.25,"log":"a","stream":"stdout","kubernetes":${k8s}}`, at + 250_000], // the seed's layout
    [`{"date":1772438400,"time":"2026-03-02T08:00:00.123456789Z","stream":"stdout","_p":"F","log":"b","kubernetes":${k8s}}`, at],
    [`{"date":"2026-03-02T08:00:00.5Z","log":"c","stream":"stdout"}`, at + 500_000], // iso8601
    [`{"date":1772438400125,"log":"d"}`, at + 125_000], // milliseconds by magnitude
    [`{"log":"e","date":"yesterday"}`, NaN], // not a time: not used, the record kept
    [`{"log":"f","date":1e300}`, NaN], // out of range: not used
    [`[1772438400.5,{"date":1,"log":"g"}]`, at + 500_000], // the forward form's epoch wins
  ];
  for (const [line, want] of cases) {
    const fast = decodeFluentBit(line, newDecodedLine());
    assert.equal(fast.ok, true, line);
    assert.deepEqual([fast.observed], [want], line);
    const slow = decodeFluentBitParsed(line, newDecodedLine());
    assert.deepEqual([slow.observed], [want], line);
  }
});
