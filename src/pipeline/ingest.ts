/**
 * The ingest pipeline — the only place where stages are wired together:
 *
 *   sources (bytes + identity, src/sources) → envelope decoders (+ runtime partial-line merge, per
 *   stream) → multi-line aggregation (per stream) → application parsers → enrichment → columnar
 *   batch → per-partition segments → Parquet files (worker threads) → atomic commit with source
 *   offsets (src/table).
 *
 * This module opens the parts and runs the one per-source loop (`read-source.ts`) over every
 * source; events are assembled in `source-events.ts`, commits scheduled in `commit-schedule.ts`.
 * Every physical line is accounted for: lines_read = rows + lines_merged + lines_quarantined + blank lines (events of whitespace only).
 */
import { randomBytes } from 'node:crypto';
import { nowIso } from '../core/now-iso.js';
import type { Readable } from 'node:stream';
import { openSources } from '../sources/open-sources.js';
import { newDecodedLine, type EnvelopeFormat } from '../decoders/envelope.js';
import { TemplateAssigner } from '../enrich/templates/template-assigner.js';
import { DatasetWriter } from '../sinks/parquet/dataset-writer.js';
import { EncoderPool } from '../sinks/parquet/encoder-pool.js';
import { QuarantineWriter } from '../sinks/quarantine/quarantine-writer.js';
import { ParquetTarget, type CommitTarget } from '../table/parquet-target.js';
import type { IcebergTarget } from '../table/commit-target.js';
import { writeProcessingForParquet, SparkAppTracker, type SparkAppStatus } from '../table/processing-metadata.js';
import { CommitSchedule } from './commit-schedule.js';
import { ingestSource, reportProgress, unchangedSince, type SourceRunParts } from './read-source.js';
import type { RowSink } from './row-sink.js';
import { WorkerRowSink } from './row-worker-sink.js';
import { Prefetcher } from '../sources/prefetch.js';
import { HEAD_BYTES, type Source } from '../sources/source.js';
import { newSummary, sumTotals, type Progress, type RunSummary } from './run-summary.js';
import type { IngestMetrics } from '../metrics/ingest-metrics.js';
import { TemplateStateStore } from '../enrich/templates/state-store.js';
import { expectTransfers } from '../core/jit-tuning.js';
import type { RestCatalogFlags } from '../table/catalog-connect.js';
import type { RefusedLink } from '../sources/discover.js';

export type { SparkAppStatus };
export type { Progress, Counts, RunSummary } from './run-summary.js';
export { shardOf } from '../state/source-position.js';

export interface IngestOptions {
  inputs: string[];
  warehouse: string;
  /** Defaults for rows whose origin does not say. */
  service?: string;
  cluster?: string;
  environment?: string;
  /** Force an envelope format instead of sniffing each file. */
  format?: EnvelopeFormat | 'auto';
  /** Physical lines longer than this are quarantined (default 1 MiB). */
  maxLineBytes?: number;
  /** A file modified less than this many seconds ago may still be written: its unterminated last line waits. */
  idleSecs?: number;
  /** Zone offset (minutes) for zone-less timestamps in lines (default 0 = UTC). */
  tzOffsetMinutes?: number;
  /** The PostgreSQL servers' `log_line_prefix` (see parsers/postgres/log-line-prefix.ts). */
  pgLogLinePrefix?: string;
  /** Parquet encoder worker threads (default 1, which keeps up with parsing; 0 = encode on the main thread). */
  workers?: number;
  /**
   * Parse and enrich events on a worker thread while the main thread reads, decodes envelopes and
   * assembles multi-line events (default true when `workers` > 0; same rows either way).
   */
  rowWorker?: boolean;
  /** Approximate buffered bytes that trigger an intermediate commit (default 24 MiB). */
  commitBytes?: number;
  /** Multi-line mode (default auto). */
  multiline?: 'auto' | 'none';
  /** Table format of the warehouse: the hive Parquet dataset (default) or an Iceberg table. */
  tableFormat?: 'parquet' | 'iceberg';
  /** Iceberg catalog: `postgresql://…`, or `sqlite:<path>`; default SQLite `<warehouse>/catalog.db`. */
  catalog?: string;
  /** REST catalog settings (`--catalog-*`) when `catalog` is `http(s)://…`. */
  catalogRest?: RestCatalogFlags;
  /** Iceberg namespace (default `loglake`). */
  namespace?: string;
  /** Process only the sources whose identity hashes to shard `index` of `count` (parallel writers). */
  shard?: { index: number; count: number };
  /** Assign `template_id` to every row with the warehouse's template miner (default true). */
  templates?: boolean;
  /** Follow symlinks to any target, system paths included (default: only into input roots and runtime log roots). */
  followAnySymlink?: boolean;
  /** Read standard input for "-". */
  stdin?: Readable;
  /** Prometheus metrics to keep up to date (counters advance with each commit). */
  metrics?: IngestMetrics;
  /** Aborting stops reading at the next chunk; what was read is committed. */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** Runs one ingest over `opts.inputs` into the warehouse; see module comment. */
export async function runIngest(opts: IngestOptions): Promise<RunSummary> {
  return withRun(opts, async (run) => {
    const input = await openSources(opts.inputs, { idleMs: (opts.idleSecs ?? 2) * 1000, stdin: opts.stdin, followAnySymlink: opts.followAnySymlink });
    run.closeSources = input.close;
    run.summary.files_seen = input.sources.length;
    recordRefusedLinks(run, input.refused);
    await readSources(run, opts, input.sources);
  });
}

/**
 * Reads `sources` to their ends, one after another (what is committed to its end is skipped), and
 * commits whenever a commit is due. Stops early when the run is aborted.
 */
export async function readSources(run: RunParts, opts: IngestOptions, sources: readonly Source[]): Promise<void> {
  // small objects are fetched ahead, concurrently; they are still read one after another, in
  // order. With --shard every writer reads every source's head to learn its shard: only objects
  // no larger than a head are fetched whole then (the same bytes the head would have cost)
  const ahead = new Prefetcher(sources, (s) => !unchangedSince(s, run.schedule) && (!opts.shard || (s.size ?? 0) <= HEAD_BYTES));
  let minerStarted = false;
  for (const [i, source] of sources.entries()) {
    if (opts.signal?.aborted) break;
    ahead.advance(i);
    if (!minerStarted && !unchangedSince(source, run.schedule)) {
      minerStarted = true;
      run.startMiner();
    }
    const startedAt = nowIso();
    const r = await ingestSource(source, run.parts);
    reportProgress(run.parts, source.path);
    if (!r.read) continue;
    if (r.error) opts.metrics?.readError();
    run.apps.track(source.meta.sparkAppSelector, source.path, startedAt, r);
    // sources still open (a follower's live files) record their commit points first
    if (run.schedule.due && run.schedule.recordOpenPositions(run.schedule.overdue)) await run.schedule.commit(false);
  }
}

/**
 * Refused symlinks: quarantined once per (link, target) — where the link is and where it points,
 * never the content — and listed in the run's summary (once per link).
 */
export function recordRefusedLinks(run: RunParts, refused: readonly RefusedLink[]): void {
  const { schedule, summary } = run;
  for (const r of refused) {
    if (!summary.refused_links.some((l) => l.path === r.path && l.target === r.target)) summary.refused_links.push(r);
    const key = `link:${r.path}`;
    const target = r.target.replace(/^\/proc\/\d+\//, '/proc/self/'); // /proc/self resolves to this run's pid
    if (schedule.position(key)?.path === target) continue;
    run.parts.sinks.quarantine.add({ sourcePath: r.path, offset: 0, reason: r.reason, stage: 'read', raw: Buffer.from(`symlink to ${target}`) });
    schedule.record(key, { offset: 0, path: target, lines: 0, updated_at: new Date().toISOString() });
  }
}

/** The parts of one run, open between `withRun`'s set-up and its final commit. */
export interface RunParts {
  parts: SourceRunParts;
  schedule: CommitSchedule;
  summary: RunSummary;
  apps: SparkAppTracker;
  /** Set by the body when it opened sources that need closing. */
  closeSources?: () => void;
  /**
   * Starts the template miner's worker ahead of the first lines (its start then overlaps reading);
   * a run with nothing new never calls it, and never starts the miner.
   */
  startMiner: () => void;
}

/**
 * Opens the table, workers, writers and miner of a run, lets `body` read sources into them, then
 * totals the summary, commits for the last time (with the run record and processing metadata)
 * and closes everything — also when `body` throws.
 */
export async function withRun(opts: IngestOptions, body: (run: RunParts) => Promise<void>): Promise<RunSummary> {
  const t0 = Date.now();
  // segments go to the encoder workers transferred: the first transfer happens now, before the
  // reading loop is optimized (see expectTransfers)
  expectTransfers();
  const runId = new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14) + '-' + randomBytes(3).toString('hex');
  // the Iceberg modules (catalogs, Avro, AWS SDK) are loaded only for an Iceberg table: start-up time
  const target: CommitTarget = opts.tableFormat === 'iceberg'
    ? await (await import('../table/commit-target.js')).IcebergTarget.open({ warehouse: opts.warehouse, catalogUri: opts.catalog, rest: opts.catalogRest, namespace: opts.namespace })
    : ParquetTarget.open(opts.warehouse);
  const pool = (opts.workers ?? 1) > 0 ? new EncoderPool(opts.workers ?? 1) : undefined;
  let run: RunParts | undefined;
  let miner: TemplateAssigner | undefined;
  let rows: RowSink | undefined;
  try {
    const recovered = target instanceof ParquetTarget ? target.recovered : 0;
    const ingestMicros = Date.now() * 1000;
    const writer = new DatasetWriter({ runId, pool, dirFor: (s, h) => target.dataDir(s, h), relative: (p) => target.relative(p) });
    const quarantine = new QuarantineWriter(target.localRoot, runId);
    // template mining: the same miner state (and so the same ids) as `loglake patterns`
    miner = opts.templates === false ? undefined : await TemplateAssigner.open(TemplateStateStore.open(opts.warehouse));
    const commitBytes = opts.commitBytes ?? 24 * 1024 * 1024;
    const stage = { enrich: { ingestMicros, cluster: opts.cluster, environment: opts.environment }, tzOffsetMinutes: opts.tzOffsetMinutes, commitBytes, pgLogLinePrefix: opts.pgLogLinePrefix };
    // the parsers are loaded on this thread only when it parses (start-up time: the row worker loads its own)
    rows = pool && opts.rowWorker !== false ? new WorkerRowSink(stage, miner && (() => miner!.port())) : new (await import('./row-sink.js')).LocalRowSink(stage, miner);
    const summary = newSummary(runId, opts.warehouse, target.kind, 0, recovered);
    const schedule = new CommitSchedule({
      target, rows, writer, quarantine, miner, summary, runId, startedAt: t0, commitBytes, metrics: opts.metrics,
    });
    run = {
      schedule, summary, startMiner: () => miner?.start(),
      // the seed's unit of work: one spark-app-selector folder (Fluent Bit S3 layout)
      apps: new SparkAppTracker(runId),
      parts: {
        sinks: { rows, quarantine, summary, decoded: newDecodedLine(), maxLineBytes: opts.maxLineBytes ?? 1 << 20, multiline: opts.multiline ?? 'auto' },
        schedule, pool, format: opts.format && opts.format !== 'auto' ? opts.format : undefined, service: opts.service, shard: opts.shard,
        onProgress: opts.onProgress, progressAt: 0, signal: opts.signal,
      },
    };
    await body(run);

    sumTotals(summary);
    summary.quarantine_reasons = Object.fromEntries(quarantine.byReason);
    summary.spark_apps = run.apps.rows();
    if (target.kind === 'parquet') schedule.finalFiles.push(...(await writeProcessingForParquet(summary.spark_apps, opts.warehouse, runId)));
    await schedule.commit(true);
    if (target.kind === 'iceberg') {
      const { appendProcessingForIceberg } = await import('../table/processing-iceberg.js');
      await (target as IcebergTarget).withCatalog((c) => appendProcessingForIceberg(summary.spark_apps, c, opts.namespace ?? 'loglake', opts.warehouse, runId));
    }
    summary.files_written = schedule.committedFiles.length;
    summary.bytes_written = schedule.committedFiles.reduce((n, f) => n + f.bytes, 0);
    summary.duration_ms = Date.now() - t0;
    return summary;
  } finally {
    await rows?.close();
    await pool?.close();
    await target.close();
    run?.closeSources?.();
    await miner?.close();
  }
}
