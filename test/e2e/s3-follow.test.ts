/**
 * Follow mode over s3:// prefixes (loopback S3-API server, s3rver): objects uploaded while the
 * follower runs become rows at the next listing, a prefix with nothing in it yet is waited for,
 * SIGTERM commits and exits 0, and a restarted follower reads nothing twice.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ChildProcess } from 'node:child_process';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3Server, startFaultProxy, type S3TestServer } from '../helpers/s3-server.js';
import { startCli, sql } from '../helpers/cli.js';
import type { RunSummary } from '../../src/pipeline/ingest.js';

let server: S3TestServer | undefined;
after(async () => server?.stop());

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
let seq = 0;

/** `n` Fluent Bit records with unique messages; returns the body and the messages. */
function records(pod: string, n: number): { body: string; msgs: string[] } {
  const msgs: string[] = [];
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const m = `${pod} event ${seq++}`;
    msgs.push(m);
    lines.push(JSON.stringify({ timestamp: new Date(Date.UTC(2026, 10, 30, 8) + seq * 1000).toISOString(), log_level: 'INFO', message: m, kubernetes: { pod_name: pod, namespace_name: 'spark-team-a', labels: { app: 'taxi' } } }));
  }
  return { body: lines.join('\n') + '\n', msgs };
}

const rowCount = (wh: string): number => {
  try {
    return Number(sql(wh, 'SELECT count(*) AS n FROM logs')[0]!.n);
  } catch {
    return -1; // nothing committed yet
  }
};

/** Polls until `check` holds; fails after `limitMs` (a hang guard, not a speed check). */
async function eventually(what: string, check: () => boolean, limitMs = 90_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`not reached: ${what}`);
    await sleep(300);
  }
}

function follower(inputs: string[], wh: string, env: NodeJS.ProcessEnv, extra: string[] = []): { child: ChildProcess; out: () => string; err: () => string; exit: Promise<number | null> } {
  const child = startCli(['ingest', ...inputs, '--warehouse', wh, '--follow', '--s3-poll-interval', '300ms', '--commit-interval', '500ms', '--no-templates', '--json', ...extra], env);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (err += d));
  return { child, out: () => out, err: () => err, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

test('follow s3://: new objects become rows while it runs; an empty prefix is waited for; SIGTERM exits 0; a restart reads nothing twice', async () => {
  server = await startS3Server({ buckets: ['logs'] });
  const put = (key: string, body: string | Buffer): Promise<unknown> => server!.client.send(new PutObjectCommand({ Bucket: 'logs', Key: key, Body: body }));
  const env = { LOGLAKE_S3_ENDPOINT: server.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  const wh = mkdtempSync(join(tmpdir(), 'loglake-s3follow-'));
  const expected: string[] = [];
  const upload = async (key: string, pod: string, n: number, gzip = false): Promise<void> => {
    const r = records(pod, n);
    expected.push(...r.msgs);
    await put(key, gzip ? gzipSync(r.body) : r.body);
  };
  await upload('fb/team-a/driver/0001.json', 'driver', 30);
  const inputs = ['s3://logs/fb/team-a', 's3://logs/fb/team-b'];
  const f = follower(inputs, wh, env);
  try {
    await eventually('first object', () => rowCount(wh) === 30);
    await upload('fb/team-a/exec-1/0001.json.gz', 'exec-1', 20, true);
    await upload('fb/team-a/driver/0002.json', 'driver', 10);
    await upload('fb/team-b/driver/0001.json', 'driver-b', 5); // the prefix that was empty at start
    await eventually('objects uploaded while running', () => rowCount(wh) === 65);
  } finally {
    f.child.kill('SIGTERM');
  }
  assert.equal(await f.exit, 0, f.err());
  const summary = JSON.parse(f.out()) as RunSummary;
  assert.equal(summary.totals.rows, 65);
  assert.equal(summary.files_seen, 4);
  const assertOnce = (context: string): void => {
    const rows = sql(wh, 'SELECT message, count(*) AS n FROM logs GROUP BY message');
    assert.equal(rows.length, expected.length, context);
    assert.deepEqual(rows.filter((r) => Number(r.n) !== 1), [], `nothing twice ${context}`);
    const got = new Set(rows.map((r) => String(r.message)));
    assert.deepEqual(expected.filter((m) => !got.has(m)), [], `nothing lost ${context}`);
  };
  assertOnce('after the first follower');

  // restart: the committed objects are skipped; one uploaded while it was down is read
  await upload('fb/team-b/driver/0002.json', 'driver-b', 7);
  const g = follower(inputs, wh, env);
  try {
    await eventually('object uploaded while stopped', () => rowCount(wh) === 72);
    await sleep(1000); // a few more listings of the same objects
  } finally {
    g.child.kill('SIGTERM');
  }
  assert.equal(await g.exit, 0, g.err());
  assert.equal((JSON.parse(g.out()) as RunSummary).totals.rows, 7);
  assertOnce('after the restart');
});

test('follow s3://: a listing that fails after the client\'s retries is reported and tried again at the next poll; a wrong bucket or key at start ends the run with one line', async () => {
  server ??= await startS3Server({ buckets: ['logs'] });
  const proxy = await startFaultProxy(server.endpoint);
  after(async () => proxy.stop());
  const put = (key: string, body: string): Promise<unknown> => server!.client.send(new PutObjectCommand({ Bucket: 'logs', Key: key, Body: body }));
  const env = { LOGLAKE_S3_ENDPOINT: proxy.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  const wh = mkdtempSync(join(tmpdir(), 'loglake-s3follow-fail-'));
  const metricsFile = join(wh, 'metrics.prom');
  const first = records('flaky-1', 12);
  await put('flaky/app/pod-1/0001.json', first.body);
  const f = follower(['s3://logs/flaky/app'], wh, env, ['--metrics-file', metricsFile]);
  let second: { body: string; msgs: string[] };
  try {
    await eventually('first object', () => rowCount(wh) === 12);
    // every listing request fails for a while: more than one poll's worth of the client's attempts
    proxy.inject({ kind: 'status', status: 500, code: 'InternalError', method: 'GET', url: /list-type=2/, times: 16 });
    await eventually('a failed listing reported', () => /listing again in/.test(f.err()));
    second = records('flaky-2', 9);
    await put('flaky/app/pod-2/0001.json', second.body);
    await eventually('the object uploaded while listings failed', () => rowCount(wh) === 21);
    assert.equal(proxy.pending(), 0, 'the injected failures were all met');
  } finally {
    f.child.kill('SIGTERM');
  }
  assert.equal(await f.exit, 0, f.err());
  const summary = JSON.parse(f.out()) as RunSummary;
  assert.equal(summary.totals.rows, 21);
  assert.equal(summary.files_seen, 2, 'an object is not counted again after a failed listing');
  const got = sql(wh, 'SELECT message FROM logs ORDER BY message').map((r) => String(r.message));
  assert.deepEqual(got, [...first.msgs, ...second!.msgs].sort());
  const failures = /^loglake_list_errors_total (\d+)/m.exec(readFileSync(metricsFile, 'utf8'));
  assert.ok(failures && Number(failures[1]) >= 1, 'the failed listings are counted');

  // the first listing fails in a way retrying cannot fix: one clear line, exit 1
  for (const [inputs, badEnv, message] of [
    [['s3://no-such-bucket/x'], env, /bucket does not exist/],
    [['s3://logs/flaky/app'], { ...env, AWS_ACCESS_KEY_ID: 'NOT-A-KEY' }, /access denied/],
  ] as const) {
    const g = follower([...inputs], mkdtempSync(join(tmpdir(), 'loglake-s3follow-bad-')), badEnv);
    const code = await Promise.race([g.exit, sleep(60_000).then(() => 'still running')]);
    g.child.kill('SIGKILL');
    assert.equal(code, 1, g.err());
    const lines = g.err().trim().split('\n').filter((l) => !l.startsWith('loglake: following'));
    assert.equal(lines.length, 1, g.err());
    assert.match(lines[0]!, message);
    assert.doesNotMatch(g.err(), /\bat .+:\d+:\d+/, 'no stack trace');
  }
});
