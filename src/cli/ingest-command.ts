/**
 * `loglake ingest`: a batch run over the inputs, or (`--follow`) an agent that tails them until
 * SIGTERM/SIGINT, with Prometheus metrics and health endpoints (`--metrics-addr`) and a
 * node-exporter textfile (`--metrics-file`).
 */
import { existsSync } from 'node:fs';
import { isS3Uri } from '../core/s3/uri.js';
import { warehouseArg } from './warehouse-arg.js';
import { ensureWritableDir } from '../core/fs-errors.js';
import { restCatalogFlags } from '../table/catalog-connect.js';
import { resolveShard } from './shard-option.js';
import { LoglakeError, UsageError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic-file.js';
import { redactSecrets } from '../core/redact.js';
import { parseCommandLine, INGEST } from '../config/index.js';
import { runIngest, type IngestOptions, type RunSummary, type Progress } from '../pipeline/ingest.js';
// the one parser module the flags need (not the parsers' barrel: the row worker parses, not this thread)
import { compileLogLinePrefix, LogLinePrefixError } from '../parsers/postgres/log-line-prefix.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import type { MetricsServer } from '../metrics/metrics-server.js';
import { renderSummary } from './render-summary.js';
import { formatCount as n } from '../core/format-count.js';

function tzFlag(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(String(v));
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59) throw new UsageError(`--tz-offset must look like +02:00 or -0530, got "${String(v)}"`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function pgPrefixFlag(v: unknown): string | undefined {
  if (v === undefined || v === '') return undefined;
  try {
    compileLogLinePrefix(String(v));
  } catch (e) {
    if (e instanceof LogLinePrefixError) throw new UsageError(`--pg-log-line-prefix: ${e.message}`);
    throw e;
  }
  return String(v);
}

/** Ingest options plus what the command itself does with them. */
export interface IngestCommandOptions extends IngestOptions {
  json: boolean;
  progress: boolean;
  follow: boolean;
  commitIntervalMs: number;
  shutdownGraceMs: number;
  pollMs: number;
  s3PollMs: number;
  metricsAddr: string | undefined;
  metricsFile: string | undefined;
}

/** Builds ingest options from flags (+ config file); validates everything before any work. */
export function ingestOptionsFromArgs(argv: string[]): IngestCommandOptions {
  const { values: v, positionals } = parseCommandLine(INGEST, argv);
  const tableFormat = (v['table-format'] as 'parquet' | 'iceberg' | undefined) ?? 'parquet';
  const catalog = v.catalog as string | undefined;
  if (catalog !== undefined && tableFormat !== 'iceberg') throw new UsageError('--catalog only applies with --table-format iceberg');
  const shard = resolveShard(v.shard as string | undefined, process.env);
  if (shard && tableFormat !== 'iceberg') throw new UsageError('--shard needs --table-format iceberg (the Parquet dataset has a single writer)');
  const warehouse = warehouseArg(String(v.warehouse));
  if (isS3Uri(warehouse)) {
    if (tableFormat !== 'iceberg') throw new UsageError('an S3 warehouse needs --table-format iceberg (and an external catalog: --catalog postgresql://… or http(s)://…)');
    if (!catalog || /^sqlite:/.test(catalog)) throw new UsageError('an S3 warehouse needs an external catalog shared by every writer: --catalog postgresql://… or http(s)://… (a SQLite catalog is a local file)');
  } else {
    ensureWritableDir(warehouse, 'warehouse');
  }
  for (const p of positionals) {
    if (p !== '-' && !/^s3[an]?:\/\//.test(p) && !/[*?[]/.test(p) && !existsSync(p)) throw new LoglakeError('INPUT_NOT_FOUND', `input not found: ${p}`);
  }
  return {
    inputs: positionals,
    warehouse,
    service: v.service as string | undefined,
    cluster: v.cluster as string | undefined,
    environment: v.environment as string | undefined,
    format: (v.format as IngestOptions['format']) ?? 'auto',
    multiline: (v.multiline as 'auto' | 'none' | undefined) ?? 'auto',
    maxLineBytes: v['max-line-bytes'] as number | undefined,
    idleSecs: v['idle-secs'] as number | undefined,
    tzOffsetMinutes: tzFlag(v['tz-offset']),
    pgLogLinePrefix: pgPrefixFlag(v['pg-log-line-prefix']),
    workers: v.workers as number | undefined,
    commitBytes: v['commit-bytes'] as number | undefined,
    tableFormat,
    templates: v['no-templates'] !== true,
    catalog,
    namespace: v.namespace as string | undefined,
    shard,
    catalogRest: restCatalogFlags(v),
    followAnySymlink: v['follow-any-symlink'] === true,
    json: v.json === true,
    progress: v['no-progress'] !== true,
    follow: v.follow === true,
    commitIntervalMs: (v['commit-interval'] as number | undefined) ?? 10_000,
    shutdownGraceMs: (v['shutdown-grace'] as number | undefined) ?? 20_000,
    pollMs: (v['poll-interval'] as number | undefined) ?? 1000,
    s3PollMs: (v['s3-poll-interval'] as number | undefined) ?? 30_000,
    metricsAddr: v['metrics-addr'] as string | undefined,
    metricsFile: v['metrics-file'] as string | undefined,
  };
}

/** One progress line (without the terminal's carriage return): files done / total when there are several. */
export function progressLine(p: Progress, seconds: number): string {
  const s = Math.max(0.001, seconds);
  const mib = p.bytes / 1048576;
  const files = p.filesTotal > 1 ? `${n(p.filesDone)}/${n(p.filesTotal)} files  ` : '';
  return `  ${files}${mib.toFixed(1)} MiB  ${(mib / s).toFixed(1)} MiB/s  ${n(p.lines)} lines  ${n(Math.round(p.lines / s))} lines/s  ${n(p.rows)} rows`;
}

function progressPrinter(): (p: Progress) => void {
  const t0 = Date.now();
  return (p) => process.stderr.write(`\r\x1b[K${progressLine(p, (Date.now() - t0) / 1000)}`);
}

/** Runs the ingest command; returns its summary (the exit code follows from it). */
export async function cmdIngest(argv: string[]): Promise<RunSummary> {
  const o = ingestOptionsFromArgs(argv);
  // prom-client is loaded only when metrics are asked for (start-up time)
  const metrics = o.metricsAddr || o.metricsFile ? new (await import('../metrics/ingest-metrics.js')).IngestMetrics() : undefined;
  let lastCommitAt = Date.now();
  const ready = (): boolean => !o.follow || Date.now() - lastCommitAt <= 3 * o.commitIntervalMs + 5000;
  let server: MetricsServer | undefined;
  const stop = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stop.signal.aborted) return;
    process.stderr.write(`loglake: ${sig}: stopping; committing what was read\n`);
    stop.abort();
    setTimeout(() => {
      process.stderr.write(`loglake: shutdown grace (${o.shutdownGraceMs} ms) exceeded; exiting without the final commit (the next run resumes from the last one)\n`);
      process.exit(1);
    }, o.shutdownGraceMs).unref();
  };
  try {
    if (metrics && o.metricsAddr) {
      const { startMetricsServer } = await import('../metrics/metrics-server.js');
      server = await startMetricsServer(o.metricsAddr, metrics, ready);
      process.stderr.write(`loglake: metrics on http://${server.address}/metrics\n`);
    }
    const tty = process.stderr.isTTY && o.progress && !o.json && !o.follow;
    let summary: RunSummary;
    if (o.follow) {
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      process.stderr.write(`loglake: following ${o.inputs.join(', ')} (commit every ${o.commitIntervalMs} ms)\n`);
      const { runFollow } = await import('../pipeline/follow.js');
      summary = await runFollow({
        ...o, metrics, signal: stop.signal, commitIntervalMs: o.commitIntervalMs, pollMs: o.pollMs, s3PollMs: o.s3PollMs,
        onWarning: (message) => process.stderr.write(`loglake: ${redactSecrets(message.split("\n")[0]!)}\n`),
        onCommitted: (at) => {
          lastCommitAt = at;
          if (o.metricsFile) writeMetricsFile(o.metricsFile, metrics!).catch(() => undefined); // best effort between commits
        },
      });
    } else {
      summary = await runIngest({ ...o, metrics, onProgress: tty ? progressPrinter() : undefined });
    }
    if (tty) process.stderr.write('\r\x1b[K');
    if (o.metricsFile) await writeMetricsFile(o.metricsFile, metrics!);
    process.stdout.write(o.json ? JSON.stringify(summary, null, 2) + '\n' : renderSummary(summary) + '\n');
    return summary;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await server?.close();
  }
}

/** Writes the metrics as a node-exporter textfile (atomically: the collector never sees half a file). */
async function writeMetricsFile(path: string, metrics: IngestMetrics): Promise<void> {
  writeFileAtomic(path, await metrics.text());
}
