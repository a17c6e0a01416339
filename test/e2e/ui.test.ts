/**
 * `loglake report` and `loglake serve` in a real browser (Debian Chromium via puppeteer-core):
 * every view loads with no console errors and no request outside the page, chart data equals SQL
 * counts, drill-down returns the right rows, XSS payloads planted in the logs stay inert, and the
 * SQL console refuses writes, file reads and long queries, and plain-language questions show their
 * SQL and answer like hand-written SQL. Screenshots go to test-artifacts/ui/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { get } from 'node:http';
import type { Page } from 'puppeteer-core';
import { runCli, runCliAsync, startCli, sql } from '../helpers/cli.js';
import { launchBrowser, recordedPage, screenshotSections, type PageLog, type TestBrowser } from '../helpers/chromium.js';
import { repoRoot } from '../../src/core/paths.js';

const VIEWS = ['overview', 'templates', 'anomalies', 'kafka', 'postgres', 'spark', 'processing'];
const ARTIFACTS = join(repoRoot(), 'test-artifacts', 'ui');

/** Hostile log lines: script tags, handlers, javascript: URLs, template injection, remote loads. */
const PAYLOADS = [
  '<script>window.__xss=1;alert(1)</script> user <*>',
  '<img src=x onerror="window.__xss=2;alert(2)"> profile',
  'open <a href="javascript:alert(3)">javascript:alert(3)</a> now',
  '{{constructor.constructor(\'window.__xss=4;alert(4)\')()}} ${alert(5)} #{7*7}',
  '<svg onload="window.__xss=6;alert(6)"></svg><iframe src="http://127.0.0.1:9/x"></iframe>',
  '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"><style>body{background:url(http://127.0.0.1:9/y)}</style>',
];

let root: string;
let warehouse: string;
let reportPath: string;
let browser: TestBrowser;
let serve: ChildProcess | null = null;
let base = '';

function evilLog(): string {
  const out: string[] = [];
  const t0 = Date.parse('2026-03-02T10:30:00Z');
  for (let i = 0; i < 3000; i++) {
    const ts = new Date(t0 + i * 200).toISOString().replace('Z', '000000Z');
    out.push(`${ts} ERROR ${PAYLOADS[i % PAYLOADS.length]} ${i}`);
  }
  return out.join('\n') + '\n';
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'loglake-ui-'));
  warehouse = join(root, 'warehouse');
  mkdirSync(ARTIFACTS, { recursive: true });
  const g = runCli(['generate', '--out', join(root, 'cluster'), '--seed', '42']);
  assert.equal(g.status, 0, g.stderr);
  const inputs = ['docker', 'k8s', 's3'].map((d) => join(root, 'cluster', d)).filter((p) => existsSync(p));
  const i1 = runCli(['ingest', ...inputs, '--warehouse', warehouse, '--no-progress']);
  assert.equal(i1.status, 0, i1.stderr);
  writeFileSync(join(root, 'evil.log'), evilLog());
  const i2 = runCli(['ingest', join(root, 'evil.log'), '--format', 'docker-ts', '--service', 'evil', '--warehouse', warehouse, '--no-progress']);
  assert.equal(i2.status, 0, i2.stderr);
  reportPath = join(root, 'report.html');
  const r = runCli(['report', '--warehouse', warehouse, '--out', reportPath]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /wrote .*report\.html/);
  browser = await launchBrowser();
});

after(async () => {
  serve?.kill('SIGTERM');
  await browser?.close();
});

async function ready(page: Page): Promise<void> {
  await page.waitForFunction('document.body.dataset.ready === "1"', { timeout: 60_000 });
}

/** Series of an ECharts chart as [name, [[x, y]...]] pairs. */
async function chartSeries(page: Page, id: string): Promise<Array<{ name: string; data: Array<[number, number]> }>> {
  return JSON.parse(await page.evaluate(`JSON.stringify(window.loglakeCharts()[${JSON.stringify(id)}].getOption().series.map(s => ({ name: s.name, data: s.data })))`) as string) as Array<{ name: string; data: Array<[number, number]> }>;
}

async function assertInert(page: Page, log: PageLog, scripts: number): Promise<void> {
  assert.deepEqual(log.dialogs, [], 'no alert/confirm/prompt');
  assert.equal(await page.evaluate('typeof window.__xss'), 'undefined', 'no payload ran');
  const injected = await page.evaluate(`document.querySelectorAll('img, iframe, svg, object, embed, link, style:not(head style), a[href^="javascript:"], [onerror], [onload]').length`);
  assert.equal(injected, 0, 'no injected elements');
  assert.equal(await page.evaluate('document.scripts.length'), scripts, 'no injected scripts');
}

test('report: every view loads offline with no console error, no request, and inert XSS payloads', async () => {
  const html = readFileSync(reportPath, 'utf8');
  assert.ok(html.length < 5 * 1024 * 1024, `report is ${html.length} bytes`);
  assert.doesNotMatch(html, /<script[^>]+src=/i, 'no external scripts');
  assert.doesNotMatch(html, /<script>window\.__xss/, 'payload not raw in the HTML');
  const url = pathToFileURL(reportPath).href;
  const { page, log } = await recordedPage(browser.browser);
  await page.goto(url, { waitUntil: 'load' });
  await ready(page);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.requests.filter((r) => r !== url && !r.startsWith('data:')), [], 'no request outside the page');
  for (const v of VIEWS) assert.ok(await page.$(`#${v} h2`), `view ${v} rendered`);
  // The payloads are shown, as text.
  const text = await page.evaluate('document.body.innerText') as string;
  assert.ok(text.includes('<script>window.__xss='), 'script payload visible as text');
  assert.ok(text.includes('<img'), 'img payload visible as text');
  // Click every template row of the evil service and every incident row: sample lines render as text.
  const rows = await page.$$('tr[data-template]');
  assert.ok(rows.length > 10);
  const click = async (r: (typeof rows)[number]): Promise<void> => {
    await r.evaluate((e) => (e as unknown as { click(): void }).click());
    assert.ok(await page.evaluate('document.querySelectorAll("#drill tr").length') as number > 0, 'rows shown');
    await assertInert(page, log, 3);
  };
  let evilRows = 0;
  for (const r of rows) {
    if (!(await r.evaluate((e) => e.textContent ?? '')).includes('__xss')) continue;
    evilRows++;
    await click(r);
    assert.ok((await page.evaluate('document.getElementById("drill").textContent') as string).includes('window.__xss='), 'payload shown as text');
  }
  assert.ok(evilRows >= 6, `${evilRows} payload templates listed`);
  await page.$$eval('details.incident', (ds) => ds.forEach((d) => ((d as unknown as { open: boolean }).open = true)));
  for (const r of await page.$$('details.incident tr.clickable')) await click(r);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.requests.filter((r) => r !== url && !r.startsWith('data:')), []);
  await screenshotSections(page, ['drill'], ARTIFACTS, 'report');
  await page.evaluate(`document.getElementById('drill').hidden = true`);
  await screenshotSections(page, VIEWS, ARTIFACTS, 'report');
  await page.close();
});

test('report: chart data points equal SQL counts', async () => {
  const { page } = await recordedPage(browser.browser);
  await page.goto(pathToFileURL(reportPath).href, { waitUntil: 'load' });
  await ready(page);
  const bucketMs = (await page.evaluate(`JSON.parse(document.getElementById('loglake-data').textContent).scope.bucket_secs`) as number) * 1000;
  const perBucket = (rows: Array<Record<string, unknown>>, key: string): Map<string, number> =>
    new Map(rows.map((r) => [`${String(r[key])}@${Number(r.b)}`, Number(r.n)]));
  const fromChart = (series: Array<{ name: string; data: Array<[number, number]> }>, rename = (s: string): string => s): Map<string, number> => {
    const m = new Map<string, number>();
    for (const s of series) for (const [t, v] of s.data) if (v) m.set(`${rename(s.name)}@${t}`, v);
    return m;
  };
  const volume = sql(warehouse, `SELECT service, (epoch_ms(ts) // ${bucketMs}) * ${bucketMs} AS b, count(*) AS n FROM logs GROUP BY ALL`);
  assert.deepEqual(fromChart(await chartSeries(page, 'volume')), perBucket(volume, 'service'));
  const errors = sql(warehouse, `SELECT service, (epoch_ms(ts) // ${bucketMs}) * ${bucketMs} AS b, count(*) AS n FROM logs WHERE severity IN ('ERROR','FATAL') GROUP BY ALL`);
  assert.deepEqual(fromChart(await chartSeries(page, 'errors')), perBucket(errors, 'service'));
  const kafka = sql(warehouse, `SELECT broker_id, (epoch_ms(ts) // ${bucketMs}) * ${bucketMs} AS b, count(*) AS n FROM logs
    WHERE broker_id IS NOT NULL AND severity IN ('WARN','ERROR','FATAL') GROUP BY ALL`);
  assert.ok(kafka.length > 0);
  assert.deepEqual(fromChart(await chartSeries(page, 'kafka-brokers'), (s) => s.replace('broker ', '')), perBucket(kafka, 'broker_id'));
  const kev = sql(warehouse, `SELECT event_type, (epoch_ms(ts) // ${bucketMs}) * ${bucketMs} AS b, count(*) AS n FROM logs
    WHERE event_type IN ('rebalance','isr_change','leader_election','broker_start','broker_shutdown') GROUP BY ALL`);
  assert.deepEqual(fromChart(await chartSeries(page, 'kafka-events')), perBucket(kev, 'event_type'));
  const locks = sql(warehouse, `SELECT event_type, (epoch_ms(ts) // ${bucketMs}) * ${bucketMs} AS b, count(*) AS n FROM logs WHERE event_type IN ('lock_wait','deadlock') GROUP BY ALL`);
  const pg = fromChart(await chartSeries(page, 'pg-events'));
  for (const [k, v] of perBucket(locks, 'event_type')) assert.equal(pg.get(k), v, k);
  // Bar charts: error rates and parse rates per item.
  const rates = JSON.parse(await page.evaluate(`JSON.stringify(window.loglakeCharts().rates.getOption())`) as string) as { yAxis: Array<{ data: string[] }>; series: Array<{ data: number[] }> };
  const sev = sql(warehouse, `SELECT service, count(*) FILTER (WHERE severity IN ('ERROR','FATAL')) / count(*) AS r FROM logs GROUP BY ALL`);
  rates.yAxis[0]!.data.forEach((svc, i) => {
    const want = Number(sev.find((r) => r.service === svc)!.r);
    assert.ok(Math.abs(rates.series[0]!.data[i]! - want) < 1e-9, svc);
  });
  // Anomaly timeline: one point per anomaly in the data.
  const points = (await chartSeries(page, 'anomalies')).reduce((a, s) => a + s.data.length, 0);
  assert.equal(points, await page.evaluate(`JSON.parse(document.getElementById('loglake-data').textContent).anomalies.anomalies.length`));
  await page.close();
});


async function startServe(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = startCli(['serve', '--warehouse', warehouse, '--port', '0', ...args]);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, url };
}

test('serve: live views, service filter, drill-down from a chart point, inert payloads', async () => {
  const s = await startServe(['--sql-timeout-secs', '2']);
  serve = s.child;
  base = s.url;
  try {
    const { page, log } = await recordedPage(browser.browser);
    await page.goto(base, { waitUntil: 'load' });
    await ready(page);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.requests.filter((r) => !r.startsWith(base) && !r.startsWith('data:')), [], 'same origin only');
    for (const v of [...VIEWS, 'sql']) assert.ok(await page.$(`#${v} h2`), `view ${v} rendered`);
    await screenshotSections(page, [...VIEWS, 'sql'], ARTIFACTS, 'live');

    // Drill-down: click the bottom (first) series' biggest bar in the volume chart.
    const series = await chartSeries(page, 'volume');
    const first = series[0]!;
    const [t, v] = first.data.reduce((a, b) => (b[1] > a[1] ? b : a));
    await page.evaluate(`document.getElementById('chart-volume').scrollIntoView({ block: 'center' })`);
    const xy = JSON.parse(await page.evaluate(`(() => { const c = window.loglakeCharts().volume; const p = c.convertToPixel({ seriesIndex: 0 }, [${t}, ${v / 2}]);
      const r = document.getElementById('chart-volume').getBoundingClientRect(); return JSON.stringify([r.left + p[0], r.top + p[1]]); })()`) as string) as [number, number];
    await page.mouse.click(xy[0], xy[1]);
    await page.waitForFunction('document.getElementById("drill").dataset.total !== undefined', { timeout: 30_000 });
    const bucketMs = (series[0]!.data[1]![0] - series[0]!.data[0]![0]);
    const want = sql(warehouse, `SELECT count(*) AS n FROM logs WHERE service = '${first.name.replace(/'/g, "''")}' AND epoch_ms(ts) >= ${t} AND epoch_ms(ts) < ${t + bucketMs}`)[0]!.n;
    assert.equal(Number(await page.evaluate('document.getElementById("drill").dataset.total')), Number(want));
    assert.equal(Number(want), v);
    const shownRows = await page.evaluate('document.querySelectorAll("#drill tbody tr").length') as number;
    assert.equal(shownRows, Math.min(200, v));
    await screenshotSections(page, ['drill'], ARTIFACTS, 'live');
    await assertInert(page, log, 2);

    // Filter by service: only that service's rows, matching SQL.
    await page.select('#f-service', 'postgres');
    await page.click('#f-apply');
    await ready(page);
    const pgSeries = (await chartSeries(page, 'volume')).filter((x) => x.data.some((d) => d[1] > 0));
    assert.deepEqual(pgSeries.map((x) => x.name), ['postgres']);
    const total = pgSeries[0]!.data.reduce((a, d) => a + d[1], 0);
    assert.equal(total, Number(sql(warehouse, `SELECT count(*) AS n FROM logs WHERE service = 'postgres'`)[0]!.n));
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.dialogs, []);
    await page.close();
  } finally {
    // the server keeps running for the next test
  }
});

interface AskBody { kind?: string; sql?: string; columns?: string[]; rows?: unknown[][]; notes?: string[]; reason?: string; suggestion?: string; error?: string }
async function postAsk(body: unknown): Promise<{ status: number; body: AskBody }> {
  const r = await fetch(base + 'api/ask', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() as AskBody };
}
const sortedRows = (rows: unknown[][]): string[] => rows.map((r) => JSON.stringify(r.map((v) => (typeof v === 'bigint' ? Number(v) : v)))).sort();

test('serve: questions in plain language — the checked SQL, then answers equal to hand-written SQL; refusals with a suggestion; inert', async () => {
  assert.ok(base, 'server from the previous test');
  // expected answers first: the CLI takes seconds, and an idle keep-alive connection may close meanwhile
  const want = sql(warehouse, "SELECT service, count(*) AS n FROM logs WHERE severity IN ('ERROR','FATAL') GROUP BY 1");
  const max = sql(warehouse, 'SELECT max(ts) AS m FROM logs')[0]!.m as string;
  const since = new Date(Date.parse(max) - 3_600_000).toISOString();
  const wantHour = sql(warehouse, `SELECT service, count(*) AS n FROM logs WHERE severity IN ('ERROR','FATAL') AND ts >= TIMESTAMPTZ '${since}' AND ts < TIMESTAMPTZ '${max}' GROUP BY 1`);
  const rowsBefore = Number(sql(warehouse, 'SELECT count(*) AS n FROM logs')[0]!.n);
  const perService = await postAsk({ question: 'number of errors per service' });
  assert.equal(perService.status, 200, perService.body.error);
  assert.equal(perService.body.kind, 'answer');
  assert.match(perService.body.sql!, /^\s*SELECT/i);
  assert.deepEqual(sortedRows(perService.body.rows!), sortedRows(want.map((r) => [r.service, Number(r.n)])));
  // relative ranges end at the given `now` (the page sends the end of the range it shows)
  const lastHour = await postAsk({ question: 'errors per service in the last hour', now: max });
  assert.equal(lastHour.status, 200, lastHour.body.error);
  assert.deepEqual(sortedRows(lastHour.body.rows!), sortedRows(wantHour.map((r) => [r.service, Number(r.n)])));
  assert.ok(lastHour.body.notes!.some((n) => n.includes(new Date(max).toISOString())), 'the time range is explained');
  // refusals: no SQL ran, a reason and the closest answerable question
  const inj = await postAsk({ question: "'; DROP TABLE logs; --" });
  assert.equal(inj.status, 200);
  assert.equal(inj.body.kind, 'refused');
  assert.ok(inj.body.reason && inj.body.suggestion);
  assert.equal(inj.body.sql, undefined);
  // bad requests: one clear error each
  for (const b of [{}, { question: '' }, { question: 42 }, { question: 'x'.repeat(501) }, { question: 'errors', now: 'yesterday-ish' }]) {
    const r = await postAsk(b);
    assert.equal(r.status, 400, JSON.stringify(b));
    assert.match(r.body.error!, /question|now/);
  }

  // In the page: ask, see the SQL before the result, copy it into the console, run it there.
  const { page, log } = await recordedPage(browser.browser);
  await page.goto(base, { waitUntil: 'load' });
  await ready(page);
  await page.type('#ask-input', 'number of errors per service');
  await page.click('#ask-run');
  await page.waitForSelector('#ask-status');
  const shownSql = await page.$eval('#ask-sql', (e) => e.textContent ?? '');
  assert.equal(shownSql, perService.body.sql);
  assert.equal(await page.evaluate('document.querySelectorAll("#ask-output tbody tr").length'), want.length);
  await page.click('#ask-edit');
  assert.equal(await page.$eval('#sql-input', (e) => (e as unknown as { value: string }).value), shownSql);
  await page.click('#sql-run');
  await page.waitForSelector('#sql-status');
  assert.equal(await page.evaluate('document.querySelectorAll("#sql-output tbody tr").length'), want.length);
  await screenshotSections(page, ['sql'], ARTIFACTS, 'live-ask');
  // a hostile question is refused as text; its suggestion can be asked with one click
  await page.$eval('#ask-input', (e) => ((e as unknown as { value: string }).value = ''));
  await page.type('#ask-input', '<img src=x onerror="window.__xss=9;alert(9)"> errors <script>alert(10)</script>');
  await page.click('#ask-run');
  await page.waitForSelector('#ask-refused, #ask-status');
  if (await page.$('#ask-suggestion')) {
    await page.click('#ask-suggestion');
    await page.waitForSelector('#ask-status');
  }
  await assertInert(page, log, 2);
  assert.deepEqual(log.errors, []);
  await page.close();
  assert.equal(Number(sql(warehouse, 'SELECT count(*) AS n FROM logs')[0]!.n), rowsBefore, 'nothing changed the lake');
});

async function postSql(q: string): Promise<{ status: number; body: { error?: string; rows?: unknown[][]; columns?: string[] } }> {
  const r = await fetch(base + 'api/sql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sql: q }) });
  return { status: r.status, body: await r.json() as { error?: string; rows?: unknown[][] } };
}

test('serve: SQL console answers SELECTs and refuses writes, ATTACH, COPY, extensions, file reads; long queries stop', async () => {
  assert.ok(base, 'server from the previous test');
  const ok = await postSql('SELECT count(*) AS n FROM logs');
  assert.equal(ok.status, 200);
  assert.equal(Number(ok.body.rows![0]![0]), Number(sql(warehouse, 'SELECT count(*) AS n FROM logs')[0]!.n));
  const refused = [
    'CREATE TABLE x AS SELECT 1', 'INSERT INTO logs SELECT * FROM logs', 'DROP VIEW logs', "ATTACH '/tmp/x.duckdb' AS x",
    "COPY (SELECT * FROM logs) TO '/tmp/loglake-leak.csv'", 'INSTALL httpfs', 'LOAD httpfs', "SELECT * FROM read_text('/etc/passwd')",
    "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM read_csv_auto('/etc/hostname')", "SELECT * FROM glob('/*')",
    "SELECT content FROM read_blob('/etc/passwd')", 'SET enable_external_access = true', "SELECT 1; SELECT 2",
    "SELECT * FROM 'file:///etc/passwd'", "SELECT * FROM '/etc/passwd'", 'PRAGMA database_list', 'EXPORT DATABASE \'/tmp/x\'',
  ];
  for (const q of refused) {
    const r = await postSql(q);
    assert.notEqual(r.status, 200, `${q} must be refused`);
    assert.ok(r.body.error, q);
    assert.doesNotMatch(JSON.stringify(r.body), /root:x:0:0/, q);
  }
  assert.equal(existsSync('/tmp/loglake-leak.csv'), false);
  const slow = await postSql('SELECT count(*) FROM range(100000000000) a');
  assert.notEqual(slow.status, 200);
  assert.match(slow.body.error!, /cancelled/);
  const after = await postSql('SELECT 42 AS x');
  assert.equal(after.status, 200, 'console still works after a cancelled query');

  // Drill-down API: parameters are values, never SQL.
  const inj = await (await fetch(base + 'api/rows?' + new URLSearchParams({ service: "postgres' OR '1'='1" }).toString())).json() as { total: number };
  assert.equal(inj.total, 0);
  const bad = await fetch(base + 'api/rows?' + new URLSearchParams({ 'service = service; --': 'x' }).toString());
  assert.equal(bad.status, 400);

  // The console in the page: a result table + quick chart, and a visible refusal.
  const { page, log } = await recordedPage(browser.browser);
  await page.goto(base, { waitUntil: 'load' });
  await ready(page);
  await page.$eval('#sql-input', (e) => ((e as unknown as { value: string }).value = ''));
  await page.type('#sql-input', "SELECT service, count(*) AS n FROM logs WHERE message LIKE '%<script>%' OR service = 'kafka' GROUP BY ALL ORDER BY n DESC");
  await page.click('#sql-run');
  await page.waitForSelector('#sql-status');
  assert.ok(await page.$('#chart-sql'), 'quick chart drawn');
  await screenshotSections(page, ['sql'], ARTIFACTS, 'live-console');
  await page.$eval('#sql-input', (e) => ((e as unknown as { value: string }).value = "COPY logs TO '/tmp/x.csv'"));
  await page.click('#sql-run');
  await page.waitForSelector('#sql-error');
  assert.match(await page.$eval('#sql-error', (e) => e.textContent ?? ''), /refused|read-only/);
  await page.$eval('#sql-input', (e) => ((e as unknown as { value: string }).value = "SELECT message FROM logs WHERE service = 'evil' LIMIT 20"));
  await page.click('#sql-run');
  await page.waitForSelector('#sql-status');
  await assertInert(page, log, 2);
  assert.deepEqual(log.errors.filter((e) => !/status of 400/.test(e)), []);
  await page.close();
  serve?.kill('SIGTERM');
});

test('serve: token required off loopback and checked when set', async () => {
  const r = await runCliAsync(['serve', '--warehouse', warehouse, '--host', '192.0.2.1', '--port', '0']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--token is required/);
  const s = await startServe(['--token', 's3cret-token']);
  try {
    assert.equal((await fetch(s.url + 'api/report')).status, 401);
    assert.equal((await fetch(s.url)).status, 401);
    assert.equal((await fetch(s.url + 'api/sql', { method: 'POST', headers: { Authorization: 'Bearer wrong' }, body: '{"sql":"SELECT 1"}' })).status, 401);
    assert.equal((await fetch(s.url + 'api/sql', { method: 'POST', headers: { Authorization: 'Bearer s3cret-token' }, body: '{"sql":"SELECT 1"}' })).status, 200);
    assert.equal((await fetch(s.url + '?token=s3cret-token')).status, 200);
    // DNS rebinding: a foreign Host header is refused on loopback.
    const port = Number(new URL(s.url).port);
    const status = await new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/api/report', headers: { Host: 'evil.example', Authorization: 'Bearer s3cret-token' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject);
    });
    assert.equal(status, 421);
  } finally {
    s.child.kill('SIGTERM');
  }
});
