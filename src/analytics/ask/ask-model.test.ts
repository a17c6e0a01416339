/** The model path against a fake OpenAI-compatible server on 127.0.0.1 returning scripted replies. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { runIngest } from '../../pipeline/ingest.js';
import { ask, type AskOptions } from './ask.js';

const KEY = 'sk-test-SECRET-123';
let server: Server;
let url = '';
let replies: string[] = [];
const requests: Array<{ auth?: string; body: { model: string; messages: Array<{ role: string; content: string }> } }> = [];
let dir = '';
let wh = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loglake-ask-model-'));
  const inDir = join(dir, 'in');
  mkdirSync(inDir);
  let text = '';
  for (let i = 0; i < 60; i++) {
    text += JSON.stringify({ level: i % 10 === 0 ? 'error' : 'info', time: new Date(Date.UTC(2026, 2, 2, 10, i)).toISOString(), msg: `request ${i % 3} done` }) + '\n';
  }
  writeFileSync(join(inDir, 'app.log'), text);
  wh = join(dir, 'wh');
  await runIngest({ inputs: [inDir], warehouse: wh, service: 'payments', workers: 0 });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d));
    req.on('end', () => {
      requests.push({ auth: req.headers.authorization, body: JSON.parse(body) as (typeof requests)[number]['body'] });
      if (req.url !== '/v1/chat/completions') { res.writeHead(404).end(); return; }
      const content = replies.shift() ?? 'REFUSE: no scripted reply';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

async function run(question: string, scripted: string[], withModel = true) {
  replies = [...scripted];
  requests.length = 0;
  const notes: string[] = [];
  const o: AskOptions = {
    warehouse: wh, question, now: new Date('2026-03-02T12:00:00Z'), dryRun: false, limits: { maxRows: 100, timeoutMs: 10_000 },
    llm: withModel ? { url, model: 'fake-model', apiKey: KEY, timeoutMs: 10_000 } : undefined, note: (l) => notes.push(l),
  };
  const r = await ask(o);
  return { r, notes, requests: [...requests] };
}

test('model SQL is checked, run read-only, and the prompt carries schema, values and the built-in attempt', async () => {
  const { r, notes, requests: reqs } = await run('how many errors per service?', ["```sql\nSELECT service, count(*) AS n FROM logs WHERE severity IN ('ERROR','FATAL') GROUP BY 1;\n```"]);
  assert.equal(r.kind, 'answer');
  assert.ok(r.kind === 'answer' && r.engine === 'model');
  assert.deepEqual(r.kind === 'answer' ? r.result?.rows : [], [['payments', 6]]);
  assert.equal(reqs.length, 1);
  assert.equal(reqs[0]!.auth, `Bearer ${KEY}`);
  assert.equal(reqs[0]!.body.model, 'fake-model');
  const prompt = reqs[0]!.body.messages.map((m) => m.content).join('\n');
  assert.match(prompt, /pg_duration_ms/);
  assert.match(prompt, /"payments"/);
  assert.match(prompt, /built-in translator understood it as/);
  assert.equal(notes.filter((n) => n.startsWith('model endpoint:')).length, 1, 'endpoint printed once');
  assert.ok(!notes.join('\n').includes(KEY), 'the API key is never printed');
});

test('one repair round when DuckDB rejects the SQL', async () => {
  const { r, requests: reqs } = await run('how many log lines?', ['SELECT nosuch_column FROM logs', 'SELECT count(*) AS n FROM logs']);
  assert.ok(r.kind === 'answer' && r.engine === 'model');
  assert.deepEqual(r.kind === 'answer' ? r.result?.rows : [], [[60]]);
  assert.equal(reqs.length, 2);
  assert.match(reqs[1]!.body.messages.at(-1)!.content, /nosuch_column/);
  const twice = await run('tell me everything', ['SELECT nosuch FROM logs', 'SELECT still_nosuch FROM logs']);
  assert.equal(twice.r.kind, 'refused');
  assert.equal(twice.requests.length, 2, 'only one repair round');
});

test('malicious model SQL is refused and never runs', async () => {
  const out = join(dir, 'exfil.csv');
  const malicious: Array<[string, RegExp]> = [
    [`COPY (SELECT * FROM logs) TO '${out}'`, /single read-only SELECT/],
    [`ATTACH '${join(dir, 'evil.db')}' AS evil`, /single read-only SELECT/],
    ["SELECT * FROM read_text('/etc/passwd')", /read_text/],
    ['INSTALL httpfs', /single read-only SELECT/],
    ['SELECT * FROM logs a, logs b, spark_logs c, quarantine d', /cross join/],
    ["SELECT 1 FROM logs; COPY logs TO '/tmp/x.csv'", /only a single|exactly one/],
    ['SELECT count(*) FROM logs; SELECT 2', /exactly one statement/],
    ["SELECT * FROM logs) AS x; COPY logs TO '/tmp/y.csv'; SELECT * FROM (SELECT 1", /single read-only SELECT|exactly one|parse/],
    ["SELECT getenv('LOGLAKE_LLM_API_KEY')", /getenv/],
  ];
  for (const [sql, why] of malicious) {
    const { r, notes } = await run('tell me everything', [sql, sql]);
    assert.equal(r.kind, 'refused', `ran: ${sql}`);
    if (r.kind === 'refused') assert.match(r.reason, why, sql);
    assert.ok(!notes.some((n) => n === 'SQL (model):'), sql);
  }
  assert.equal(existsSync(out), false);
  assert.equal(existsSync(join(dir, 'evil.db')), false);
  // with a built-in answer available, a refused model answer falls back to it, and says so
  const fb = await run('errors per service', ["SELECT * FROM read_text('/etc/passwd')"]);
  assert.ok(fb.r.kind === 'answer' && fb.r.engine === 'builtin');
  assert.ok(fb.notes.some((n) => /model answer refused .*read_text/.test(n)));
});

test('a REFUSE reply is a refusal; without LOGLAKE_LLM_URL nothing is sent', async () => {
  const { r } = await run('tell me everything', ['REFUSE: not about logs']);
  assert.ok(r.kind === 'refused' && /not about logs/.test(r.reason));
  const offline = await run('errors per service', ['SELECT 1'], false);
  assert.ok(offline.r.kind === 'answer' && offline.r.engine === 'builtin');
  assert.equal(offline.requests.length, 0);
});
