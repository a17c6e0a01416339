/**
 * Many-small-files benchmark (issue 9): the seed's real case, Fluent Bit uploading one small
 * object per pod every minute or so. Input: `--files` files of `--lines-per-file` Fluent Bit JSON
 * records in the layout `spark-team-a/spark-<id>/<pod>/NNNN.json` (bench/small-files-data.ts).
 * Shapes, each with its baseline measured in the same invocation, alternating A B A B, each run in
 * its own child process (peak RSS is the child's):
 *
 * - `local`: loglake ingest of the directory; baseline DuckDB `read_json` over the same glob →
 *   `COPY … parquet (zstd)`. Also loglake on the same lines as ONE file: the small-files rate
 *   over that rate is the per-file overhead (`vsOneFile`).
 * - `s3`: the same objects on the loopback S3 server (test/helpers/s3-server.ts, s3rver in a child
 *   process, faults off), ingested from `s3://`; baseline: loglake on the same files on local
 *   disk, alternating with the S3 runs (DuckDB's httpfs extension is downloaded on first use,
 *   which this offline machine cannot do; it is tried and reported when unavailable).
 * - `noop`: a second run over the committed files (nothing new): seconds; `--noop-files 100000`
 *   measures a larger tree too (slow: it ingests that tree first).
 *
 *   node dist/bench/small-files-bench.js [--shape local|s3|noop|all] [--files N] [--runs R] [--json]
 *
 * `--baseline-dist <dist>` (shape `s3`): the baseline is another build's loglake over the same
 * server (`<dist>` is its `dist` folder, e.g. a worktree of main), alternating with ours, the
 * server's CPU measured for both: how a change to the S3 path is measured.
 *
 * With `--json` each shape prints one JSON line:
 * `{"shape","files","lines","bytes","loglake":{seconds,linesPerSec,mibPerSec,peakRssMiB},"baseline":{name,…},"ratio"}`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { repoRoot } from '../src/core/paths.js';
import { ensureSmallFiles, type SmallFilesInfo } from './small-files-data.js';

const self = fileURLToPath(import.meta.url);
const { values } = parseArgs({
  options: {
    shape: { type: 'string' }, files: { type: 'string' }, 'lines-per-file': { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' },
    'noop-files': { type: 'string' }, 'baseline-dist': { type: 'string' }, mode: { type: 'string' }, input: { type: 'string' }, out: { type: 'string' }, endpoint: { type: 'string' },
  },
});

/** What one child run reports. */
interface Measure {
  ms: number; maxRssMiB: number; rows?: number; lines?: number; read?: number; error?: string; runMs?: number; wallMs?: number;
  /** CPU of the child process, every thread (user + system), ms. */
  cpuMs?: number;
  /** CPU the S3 server child spent during the run (Linux /proc), ms. */
  serverCpuMs?: number;
}

/** One measured program in a shape's JSON line (`cpuSeconds`: median CPU of the process, all threads). */
export interface Rate { name?: string; seconds: number; linesPerSec: number; mibPerSec: number; peakRssMiB: number; cpuSeconds?: number }

/** A shape's JSON line. */
export interface ShapeResult {
  shape: string;
  files?: number;
  lines: number;
  bytes: number;
  loglake: Rate;
  baseline?: Rate & { name: string };
  ratio?: number;
  [extra: string]: unknown;
}

const BUCKET = 'bench';

async function child(mode: string, input: string, out: string): Promise<void> {
  if (out && mode !== 'noop-again') {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
  }
  const t0 = performance.now();
  const m: Partial<Measure> = {};
  if (mode === 'duckdb' || mode === 'duckdb-s3') {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    try {
      if (mode === 'duckdb-s3') {
        const ep = new URL(values.endpoint!);
        await con.run('LOAD httpfs');
        await con.run(`SET s3_endpoint='${ep.host}'; SET s3_use_ssl=false; SET s3_url_style='path'; SET s3_access_key_id='S3RVER'; SET s3_secret_access_key='S3RVER'; SET s3_region='us-east-1'`);
      }
      await con.run(`COPY (SELECT * FROM read_json('${input}', format = 'newline_delimited')) TO '${join(out, 'out.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
    } catch (e) {
      m.error = (e as Error).message.split('\n')[0];
    } finally {
      con.closeSync();
      db.closeSync();
    }
  } else {
    const { runIngest } = await import('../src/pipeline/ingest.js');
    const warehouse = mode.startsWith('noop') ? out : join(out, 'wh');
    const s = await runIngest({ inputs: [input], warehouse, idleSecs: 0 });
    m.rows = s.totals.rows;
    m.lines = s.totals.lines;
    m.read = s.files_read;
    m.runMs = s.duration_ms;
  }
  const cpu = process.cpuUsage();
  const res: Measure = { ...m, ms: performance.now() - t0, maxRssMiB: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 };
  process.stdout.write(JSON.stringify(res) + '\n');
}

function run(mode: string, input: string, out: string, env: NodeJS.ProcessEnv = {}, script = self): Measure {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [script, '--mode', mode, '--input', input, '--out', out, ...(values.endpoint ? ['--endpoint', values.endpoint] : [])], {
    encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure), wallMs: performance.now() - t0 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function rate(ms: Measure[], lines: number, bytes: number): Rate;
function rate(ms: Measure[], lines: number, bytes: number, name: string): Rate & { name: string };
function rate(ms: Measure[], lines: number, bytes: number, name?: string): Rate {
  const s = median(ms.map((m) => m.ms)) / 1000;
  const r: Rate = { seconds: round(s, 3), linesPerSec: Math.round(lines / s), mibPerSec: round(bytes / 1048576 / s, 1), peakRssMiB: Math.round(Math.max(...ms.map((m) => m.maxRssMiB))) };
  if (ms.every((m) => m.cpuMs !== undefined)) r.cpuSeconds = round(median(ms.map((m) => m.cpuMs!)) / 1000, 2);
  return name ? { name, ...r } : r;
}

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

function say(text: string): void {
  // with --json, stdout carries only the JSON lines
  (values.json ? process.stderr : process.stdout).write(text + '\n');
}

/** Same lines as one file (the per-file overhead's yardstick). */
function concatenated(info: SmallFilesInfo): string {
  const file = `${info.dir}.concat.json`;
  if (!existsSync(file)) {
    writeFileSync(file, Buffer.concat(info.rel.map((r) => readFileSync(join(info.dir, r)))));
  }
  return file;
}

async function shapeLocal(info: SmallFilesInfo, runs: number, dir: string): Promise<ShapeResult> {
  const one = concatenated(info);
  const input = join(info.dir, 'spark-team-a');
  const duck: Measure[] = [], ours: Measure[] = [], single: Measure[] = [];
  for (let i = 0; i < runs; i++) {
    duck.push(run('duckdb', `${input}/**/*.json`, join(dir, 'out-duckdb')));
    ours.push(run('loglake', input, join(dir, 'out-loglake')));
    single.push(run('loglake', one, join(dir, 'out-loglake-one')));
    say(`  local run ${i + 1}: duckdb ${(duck[i]!.ms / 1000).toFixed(2)} s, loglake ${(ours[i]!.ms / 1000).toFixed(2)} s (CPU ${(ours[i]!.cpuMs! / 1000).toFixed(2)} s), ` +
      `loglake one file ${(single[i]!.ms / 1000).toFixed(2)} s (CPU ${(single[i]!.cpuMs! / 1000).toFixed(2)} s)`);
    if (ours[i]!.rows !== info.lines) throw new Error(`loglake wrote ${ours[i]!.rows} rows, expected ${info.lines}`);
  }
  const loglake = rate(ours, info.lines, info.bytes);
  const baseline = rate(duck, info.lines, info.bytes, 'DuckDB read_json(glob) → COPY parquet');
  const oneFile = rate(single, info.lines, info.bytes, 'loglake, the same lines as one file');
  return {
    shape: 'small-files-local', files: info.files, lines: info.lines, bytes: info.bytes, loglake, baseline,
    ratio: round(loglake.linesPerSec / baseline.linesPerSec, 2), oneFile, vsOneFile: round(loglake.linesPerSec / oneFile.linesPerSec, 2),
  };
}

/** Starts the loopback S3 server in a child process with the tree uploaded; resolves its endpoint. */
async function startServer(info: SmallFilesInfo): Promise<{ endpoint: string; proc: ChildProcess }> {
  const proc = spawn(process.execPath, [self, '--mode', 's3-server', '--input', info.dir, '--out', ''], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = '';
  proc.stdout!.setEncoding('utf8');
  for await (const c of proc.stdout!) {
    buf += c as string;
    const m = /^endpoint (\S+)$/m.exec(buf);
    if (m) return { endpoint: m[1]!, proc };
  }
  throw new Error('the S3 server child ended before it was ready');
}

/** Child: runs s3rver on 127.0.0.1, uploads the tree (16 at a time), prints the endpoint, lives until stdin closes. */
async function serve(dirOfTree: string): Promise<void> {
  const { startS3Server } = await import('../test/helpers/s3-server.js');
  const { PutObjectCommand } = await import('@aws-sdk/client-s3');
  const { readdirSync, statSync } = await import('node:fs');
  const server = await startS3Server({ buckets: [BUCKET] });
  const files: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const n of readdirSync(d).sort()) {
      if (n.startsWith('.')) continue;
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, rel ? `${rel}/${n}` : n);
      else files.push(rel ? `${rel}/${n}` : n);
    }
  };
  walk(join(dirOfTree, 'spark-team-a'), 'spark-team-a');
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let i = next++; i < files.length; i = next++) {
      await server.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: files[i]!, Body: readFileSync(join(dirOfTree, files[i]!)) }));
    }
  }));
  process.stdout.write(`endpoint ${server.endpoint}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  await server.stop();
}

/** CPU (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
function procCpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

async function shapeS3(info: SmallFilesInfo, runs: number, dir: string): Promise<ShapeResult> {
  say('  starting the loopback S3 server and uploading the objects …');
  const t0 = Date.now();
  const { endpoint, proc } = await startServer(info);
  say(`  ${info.files.toLocaleString('en-US')} objects uploaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  try {
    const env = { LOGLAKE_S3_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
    const input = join(info.dir, 'spark-team-a');
    const ours: Measure[] = [], loc: Measure[] = [];
    values.endpoint = endpoint;
    const duck = run('duckdb-s3', `s3://${BUCKET}/spark-team-a/**/*.json`, join(dir, 'out-duckdb-s3'));
    const duckNote = duck.error ? `DuckDB over S3 not measured: ${duck.error}` : undefined;
    if (duckNote) say(`  ${duckNote}`);
    // the local baseline is measured again here, alternating with the S3 runs: this machine's load
    // changes from minute to minute, so only runs side by side compare
    const other = values['baseline-dist'] ? join(values['baseline-dist'], 'bench', 'small-files-bench.js') : undefined;
    // runs one loglake over S3, with the server's CPU during it
    const overS3 = (script: string, out: string): Measure => {
      const s0 = procCpuMs(proc.pid);
      const m = run('loglake', `s3://${BUCKET}/spark-team-a`, join(dir, out), env, script);
      const s1 = procCpuMs(proc.pid);
      if (s0 !== undefined && s1 !== undefined) m.serverCpuMs = s1 - s0;
      return m;
    };
    const cpu = (x: Measure | undefined): string => (x?.cpuMs === undefined ? '' : `, CPU ${(x.cpuMs / 1000).toFixed(2)} s`);
    const server = (x: Measure): string => (x.serverCpuMs === undefined ? '' : ` (S3 server CPU ${(x.serverCpuMs / 1000).toFixed(2)} s)`);
    for (let i = 0; i < runs; i++) {
      // the server shares the machine's cores: its CPU during our run is measured apart (in
      // production it is remote and costs the ingest nothing)
      const m = overS3(self, 'out-loglake-s3');
      ours.push(m);
      loc.push(other ? overS3(other, 'out-baseline-s3') : run('loglake', input, join(dir, 'out-loglake')));
      say(`  s3 run ${i + 1}: loglake ${(ours[i]!.ms / 1000).toFixed(2)} s${cpu(ours[i])}${server(m)}, ` +
        `${other ? 'baseline over S3' : 'loglake local'} ${(loc[i]!.ms / 1000).toFixed(2)} s${cpu(loc[i])}${other ? server(loc[i]!) : ''}`);
      if (ours[i]!.rows !== info.lines) throw new Error(`loglake over S3 wrote ${ours[i]!.rows} rows, expected ${info.lines}`);
      if (other && loc[i]!.rows !== info.lines) throw new Error(`the baseline over S3 wrote ${loc[i]!.rows} rows, expected ${info.lines}`);
    }
    const loglake = rate(ours, info.lines, info.bytes);
    const baseline = rate(loc, info.lines, info.bytes, other ? `loglake of ${values['baseline-dist']!} over the same S3 server` : 'loglake, the same files on local disk');
    const res: ShapeResult = {
      shape: 'small-objects-s3', files: info.files, lines: info.lines, bytes: info.bytes, loglake, baseline, ratio: round(loglake.linesPerSec / baseline.linesPerSec, 2),
    };
    if (ours.every((m) => m.serverCpuMs !== undefined)) res.serverCpuSeconds = round(median(ours.map((m) => m.serverCpuMs!)) / 1000, 2);
    if (other && loc.every((m) => m.serverCpuMs !== undefined)) res.baselineServerCpuSeconds = round(median(loc.map((m) => m.serverCpuMs!)) / 1000, 2);
    if (duckNote) res.duckdb = duckNote;
    else res.duckdb = rate([duck], info.lines, info.bytes, 'DuckDB httpfs read_json(s3 glob) → COPY parquet');
    return res;
  } finally {
    proc.stdin!.end();
    await once(proc, 'exit');
  }
}

async function shapeNoop(files: number, lpf: number, dir: string): Promise<ShapeResult> {
  const info = ensureSmallFiles(join(dir, `small-${files}`), { files, linesPerFile: lpf });
  const input = join(info.dir, 'spark-team-a');
  const wh = join(dir, `noop-wh-${files}`);
  rmSync(wh, { recursive: true, force: true });
  say(`  ingesting ${files.toLocaleString('en-US')} files once before the no-op runs …`);
  const first = run('noop', input, wh);
  if (first.rows !== info.lines) throw new Error(`first run wrote ${first.rows} rows, expected ${info.lines}`);
  const again: Measure[] = [];
  for (let i = 0; i < 3; i++) {
    const m = run('noop-again', input, wh);
    if (m.read !== 0) throw new Error(`the no-op run read ${m.read} files`);
    again.push(m);
  }
  // the whole process (node start, module loading, state, listing, final commit) and the run itself
  const s = median(again.map((m) => m.wallMs!)) / 1000;
  const runS = median(again.map((m) => m.runMs!)) / 1000;
  const cpuS = median(again.map((m) => m.cpuMs!)) / 1000;
  say(`  no-op re-run over ${files.toLocaleString('en-US')} committed files: ${s.toFixed(2)} s process, ${runS.toFixed(2)} s run, ${cpuS.toFixed(2)} s CPU (process: ${again.map((m) => (m.wallMs! / 1000).toFixed(2)).join(', ')})`);
  return {
    shape: `noop-rerun-${files}`, files, lines: 0, bytes: 0,
    loglake: { seconds: round(s, 3), linesPerSec: 0, mibPerSec: 0, peakRssMiB: Math.round(Math.max(...again.map((m) => m.maxRssMiB))), cpuSeconds: round(cpuS, 2) },
    runSeconds: round(runS, 3), firstRun: rate([first], info.lines, info.bytes),
  };
}

async function main(): Promise<void> {
  if (values.mode === 's3-server') return serve(values.input!);
  if (values.mode) return child(values.mode, values.input!, values.out ?? '');
  const shape = values.shape ?? 'all';
  const files = Number(values.files ?? 10_000);
  const lpf = Number(values['lines-per-file'] ?? 20);
  const runs = Number(values.runs ?? 3);
  const dir = join(repoRoot(), '.bench');
  mkdirSync(dir, { recursive: true });
  const info = ensureSmallFiles(join(dir, `small-${files}`), { files, linesPerFile: lpf });
  say(`input: ${info.dir} — ${files.toLocaleString('en-US')} files, ${info.lines.toLocaleString('en-US')} lines, ${(info.bytes / 1048576).toFixed(1)} MiB`);
  const results: ShapeResult[] = [];
  if (shape === 'local' || shape === 'all') results.push(await shapeLocal(info, runs, dir));
  if (shape === 's3' || shape === 'all') results.push(await shapeS3(info, runs, dir));
  if (shape === 'noop' || shape === 'all') results.push(await shapeNoop(files, lpf, dir));
  if (values['noop-files']) results.push(await shapeNoop(Number(values['noop-files']), lpf, dir));
  for (const r of results) {
    if (values.json) process.stdout.write(JSON.stringify(r) + '\n');
    else say(describe(r));
  }
}

function describe(r: ShapeResult): string {
  const l = r.loglake;
  if (r.shape.startsWith('noop')) return `${r.shape}: ${l.seconds.toFixed(2)} s` + (l.cpuSeconds === undefined ? '' : ` (CPU ${l.cpuSeconds} s)`);
  const b = r.baseline;
  return `${r.shape}: loglake ${l.linesPerSec.toLocaleString('en-US')} lines/s ${l.mibPerSec} MiB/s` +
    (b ? `; ${b.name} ${b.linesPerSec.toLocaleString('en-US')} lines/s; ratio ${r.ratio}` : '') +
    (r.vsOneFile !== undefined ? `; vs the same lines as one file ${String(r.vsOneFile)}` : '') +
    (l.cpuSeconds !== undefined ? `; loglake CPU ${l.cpuSeconds} s` + (b?.cpuSeconds !== undefined ? ` (baseline ${b.cpuSeconds} s)` : '') : '') +
    (r.serverCpuSeconds !== undefined ? `; S3 server CPU ${String(r.serverCpuSeconds)} s` : '') +
    (r.baselineServerCpuSeconds !== undefined ? ` (during the baseline ${String(r.baselineServerCpuSeconds)} s)` : '');
}

await main();
