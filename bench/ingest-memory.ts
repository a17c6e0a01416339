/**
 * Peak memory of the seed's job as the Kubernetes CronJob runs it: Fluent Bit JSON objects in S3 →
 * Iceberg table, default settings, measured with `/usr/bin/time -v` (maximum resident set size of
 * the whole CLI process, worker threads included). The S3 API is s3rver on 127.0.0.1.
 * The input is the synthetic cluster's Fluent Bit tree (`loglake generate`), copied `--copies` times
 * with each record tagged by its copy (so every copy is a distinct source). Baseline in the same run:
 * the same objects read from local disk.
 *
 * Usage: node dist/bench/ingest-memory.js [--copies 40] [--tree <generated dir>]
 * (generates a `--scale large` cluster into a temp folder when --tree is not given).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startS3Server } from '../test/helpers/s3-server.js';
import { repoRoot } from '../src/core/paths.js';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '40' }, tree: { type: 'string' } } });
const copies = Number(values.copies);
const cli = join(repoRoot(), 'bin', 'loglake.js');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * Runs the CLI under /usr/bin/time -v (asynchronously: the S3 server lives in this process) and
 * returns peak RSS (MiB), wall seconds, rows and MiB read from the JSON summary.
 */
async function measured(args: string[], env: NodeJS.ProcessEnv): Promise<{ rssMiB: number; secs: number; rows: number; mib: number }> {
  const p = spawn('/usr/bin/time', ['-v', process.execPath, cli, ...args, '--json', '--no-progress'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d: Buffer) => (stdout += d));
  p.stderr.on('data', (d: Buffer) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => p.on('exit', resolve));
  if (status !== 0) throw new Error(`ingest failed (${status}): ${stderr.slice(-2000)}`);
  const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(stderr)!;
  const summary = JSON.parse(stdout) as { totals: { rows: number; bytes: number } };
  return { rssMiB: kb / 1024, secs: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]), rows: summary.totals.rows, mib: summary.totals.bytes / 1048576 };
}

const work = mkdtempSync(join(tmpdir(), 'loglake-mem-'));
let tree = values.tree;
if (!tree) {
  tree = join(work, 'gen');
  const g = spawnSync(process.execPath, [cli, 'generate', '--out', tree, '--seed', '7', '--scale', 'large'], { stdio: 'ignore' });
  if (g.status !== 0) throw new Error('generate failed');
}
const fb = join(tree, 's3');
const local = join(work, 'local');
const server = await startS3Server({ buckets: ['logs'] });
try {
  let bytes = 0;
  for (let k = 0; k < copies; k++) {
    for (const f of files(fb)) {
      const body = readFileSync(f, 'utf8').split('\n').map((l) => (l.startsWith('{') ? `{"copy":${k},${l.slice(1)}` : l)).join('\n');
      const key = `eks/copy-${k}/${relative(fb, f)}`;
      bytes += Buffer.byteLength(body);
      mkdirSync(dirname(join(local, key)), { recursive: true });
      writeFileSync(join(local, key), body);
      await server.client.send(new PutObjectCommand({ Bucket: 'logs', Key: key, Body: body }));
    }
  }
  const env = { LOGLAKE_S3_ENDPOINT: server.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
  const rows: string[] = [];
  for (const [name, input] of [['local disk (baseline)', join(local, 'eks')], ['S3 (s3rver)', 's3://logs/eks/']] as const) {
    const wh = join(work, `wh-${rows.length}`);
    const m = await measured(['ingest', input, '--warehouse', wh, '--table-format', 'iceberg'], env);
    rows.push(`| ${name} | ${m.mib.toFixed(1)} | ${m.rows.toLocaleString('en-US')} | ${m.secs.toFixed(1)} | ${m.rssMiB.toFixed(0)} |`);
  }
  process.stdout.write(`Fluent Bit JSON → Iceberg (SQLite catalog), ${copies} copies, ${(bytes / 1048576).toFixed(1)} MiB in ${copies * files(fb).length} objects, Node ${process.version}\n\n`);
  process.stdout.write('| input | MiB read | rows | wall s | peak RSS MiB |\n|---|---|---|---|---|\n' + rows.join('\n') + '\n');
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
