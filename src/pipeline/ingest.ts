/**
 * The ingest pipeline — the only place where stages are wired together:
 *
 *   sources (bytes + identity) → envelope decoders (+ runtime partial-line merge, per stream)
 *   → multi-line aggregation (per stream) → application parsers → enrichment → columnar batch
 *   → per-partition segments → Parquet files (worker threads) → atomic commit with source offsets.
 *
 * Every physical line is accounted for: lines_read = rows + lines_merged + lines_quarantined.
 */
import { isUtf8 } from 'node:buffer';
import { statSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { discoverSources, type DiscoveredFile, type RefusedLink } from '../sources/discover.js';
import { isS3Uri, s3ClientFromEnv, discoverS3, readS3Head, readS3Object } from '../sources/s3/index.js';
import { pathMetadata, fileStem, type SourceMeta } from '../sources/path-metadata.js';
import { readPlainFile, readStream, gunzipStream, readHead, fingerprint, type LineSink } from '../sources/line-reader.js';
import { decodeLine, newDecodedLine, sniffFormat, type EnvelopeFormat, type RecordK8s } from '../decoders/envelope.js';
import { MultilineAggregator, type MultilineEvent } from '../parsers/multiline/multiline-aggregator.js';
import { parseEvent } from '../parsers/index.js';
import { writeSeverity } from '../parsers/severity.js';
import { writeSparkFields } from '../parsers/spark/spark-fields.js';

/** `Logger: text` / `org.apache.spark.Class: text` at the start of a pre-parsed message. */
const LOGGER_PREFIX = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*): /;
import { classifyEventType } from '../enrich/event-type.js';
import { serviceOf, parserHint, brokerIdFromName } from '../enrich/origin.js';
import { RowBatch, shareMap } from '../sinks/parquet/row-batch.js';
import { cutSegments } from '../sinks/parquet/segment.js';
import { DatasetWriter, sanitizePartitionValue } from '../sinks/parquet/dataset-writer.js';
import { EncoderPool } from '../sinks/parquet/encoder-pool.js';
import { QuarantineWriter } from '../sinks/quarantine/quarantine-writer.js';
import type { SourceCheckpoint, CommittedFile } from '../state/warehouse-state.js';
import { ParquetTarget, IcebergTarget, type CommitTarget } from './commit-target.js';
import { TemplateAssigner } from './template-assigner.js';
import { join } from 'node:path';
import { writeProcessingForParquet, appendProcessingForIceberg, type SparkAppStatus } from './processing-metadata.js';

export type { SparkAppStatus };
import { SCHEMA_VERSION } from '../schema/canonical.js';
import { LoglakeError } from '../core/errors.js';

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
  /** Parquet encoder worker threads (default 1, which keeps up with parsing; 0 = encode on the main thread). */
  workers?: number;
  /** Approximate buffered bytes that trigger an intermediate commit (default 24 MiB). */
  commitBytes?: number;
  /** Multi-line mode (default auto). */
  multiline?: 'auto' | 'none';
  /** Table format of the warehouse: the hive Parquet dataset (default) or an Iceberg table. */
  tableFormat?: 'parquet' | 'iceberg';
  /** Iceberg catalog: `postgresql://…`, or `sqlite:<path>`; default SQLite `<warehouse>/catalog.db`. */
  catalog?: string;
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
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  bytes: number;
  lines: number;
  rows: number;
  file: string;
}

export interface Counts {
  lines: number;
  rows: number;
  merged: number;
  quarantined: number;
  bytes: number;
}

export interface RunSummary {
  run_id: string;
  warehouse: string;
  files_seen: number;
  files_read: number;
  files_skipped_unchanged: number;
  recovered_orphans: number;
  totals: Counts;
  by_format: Record<string, Counts>;
  by_service: Record<string, { rows: number }>;
  quarantine_reasons: Record<string, number>;
  files_written: number;
  bytes_written: number;
  commits: number;
  commit_retries: number;
  table_format: 'parquet' | 'iceberg';
  files_skipped_other_shards: number;
  /** Symlinks not followed (target outside the input roots and runtime log roots, or a system path); quarantined too. */
  refused_links: RefusedLink[];
  /** Sources that could not be read to their end (what was read is committed; the next run retries). */
  source_errors: Array<{ path: string; error: string }>;
  /** The seed's per-application folders (Fluent Bit S3 layout), when the inputs had any. */
  spark_apps: SparkAppStatus[];
  held_back_bytes: number;
  oversize_splits: number;
  duration_ms: number;
  balanced: boolean;
}

const zero = (): Counts => ({ lines: 0, rows: 0, merged: 0, quarantined: 0, bytes: 0 });

/** Per (source, stream) state: runtime partial-line merge + multi-line aggregation. */
class StreamState {
  readonly agg: MultilineAggregator;
  // runtime partial line being merged (docker 16 KiB records, CRI P lines)
  partText: string | null = null;
  partStart = 0;
  partObserved = NaN;
  partLines = 0;
  // pending multi-line event (the aggregator holds its text)
  pendStart = Infinity;
  pendLines = 0;
  pendObserved = NaN;
  pendPresetTs = NaN;
  pendPresetLevel: string | undefined;
  pendK8s: RecordK8s | undefined;
  constructor(readonly name: string | undefined, maxBytes: number, mode: 'auto' | 'none') {
    this.agg = new MultilineAggregator({ mode, max_bytes: maxBytes, max_lines: 2000 });
  }
}

interface SourceCtx {
  path: string;
  meta: SourceMeta;
  labels: Record<string, string> | undefined;
  service: string;
  hint: string | undefined;
  brokerId: number | undefined;
  format: EnvelopeFormat;
  counts: Counts;
  streams: Map<string, StreamState>;
  /** Highest start offset of anything emitted (row or quarantine) so far. */
  maxEmitted: number;
}

/** Runs one ingest over `opts.inputs` into the warehouse; see module comment. */
export async function runIngest(opts: IngestOptions): Promise<RunSummary> {
  const t0 = Date.now();
  const runId = new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14) + '-' + randomBytes(3).toString('hex');
  const maxLineBytes = opts.maxLineBytes ?? 1 << 20;
  const idleMs = (opts.idleSecs ?? 2) * 1000;
  const commitBytes = opts.commitBytes ?? 24 * 1024 * 1024;
  const target: CommitTarget = opts.tableFormat === 'iceberg'
    ? await IcebergTarget.open({ warehouse: opts.warehouse, catalogUri: opts.catalog, namespace: opts.namespace })
    : ParquetTarget.open(opts.warehouse);
  const pool = (opts.workers ?? 1) > 0 ? new EncoderPool(opts.workers ?? 1) : undefined;
  let s3Client: ReturnType<typeof s3ClientFromEnv> | undefined;
  let miner: TemplateAssigner | undefined;
  try {
    const recovered = target instanceof ParquetTarget ? target.recovered : 0;
    const wantStdin = opts.inputs.includes('-');
    const s3Inputs = opts.inputs.filter((i) => isS3Uri(i));
    const { files, refused } = discoverSources(opts.inputs.filter((i) => i !== '-' && !isS3Uri(i)), { followAnySymlink: opts.followAnySymlink });
    const s3 = (s3Client = s3Inputs.length > 0 ? s3ClientFromEnv() : undefined);
    const s3Objects = s3 ? await discoverS3(s3, s3Inputs) : [];
    const ingestMicros = Date.now() * 1000;
    const writer = new DatasetWriter({ runId, pool, dirFor: (s, h) => target.dataDir(s, h), relative: (p) => target.relative(p) });
    const quarantine = new QuarantineWriter(opts.warehouse, runId);
    const batch = new RowBatch();
    // template mining: the same miner state (and so the same ids) as `loglake patterns`
    const minerPath = join(opts.warehouse, '_loglake', 'templates.json');
    miner = opts.templates === false ? undefined : await TemplateAssigner.open(minerPath);
    const summary: RunSummary = {
      run_id: runId, warehouse: opts.warehouse, files_seen: files.length + s3Objects.length + (wantStdin ? 1 : 0), files_read: 0,
      files_skipped_unchanged: 0, recovered_orphans: recovered, totals: zero(), by_format: {}, by_service: {},
      quarantine_reasons: {}, files_written: 0, bytes_written: 0, commits: 0, commit_retries: 0, table_format: target.kind,
      files_skipped_other_shards: 0, refused_links: refused, source_errors: [], spark_apps: [], held_back_bytes: 0, oversize_splits: 0,
      duration_ms: 0, balanced: true,
    };
    // refused symlinks: recorded (where the link is, where it points), their content never read
    for (const r of refused) quarantine.add({ sourcePath: r.path, offset: 0, reason: r.reason, stage: 'read', raw: Buffer.from(`symlink to ${r.target}`) });
    const pendingCheckpoints: Record<string, SourceCheckpoint> = {};
    /** Latest position of every source this run has read (committed or not yet). */
    const known: Record<string, SourceCheckpoint> = {};
    const setCheckpoint = (key: string, cp: SourceCheckpoint): void => {
      pendingCheckpoints[key] = known[key] = cp;
    };
    const committedFiles: CommittedFile[] = [];
    const decoded = newDecodedLine();
    let progressAt = 0;

    const fmtCounts = (k: string): Counts => (summary.by_format[k] ??= zero());
    const addService = (s: string): void => {
      (summary.by_service[s] ??= { rows: 0 }).rows++;
    };

    const flushBatch = async (): Promise<void> => {
      if (batch.length === 0) return;
      if (miner) await miner.fill(batch);
      writer.add(cutSegments(batch));
      batch.reset();
    };

    /** Writes all buffered rows, then commits files + checkpoints atomically. */
    const processingFiles: CommittedFile[] = [];
    /**
     * Hands everything buffered so far to a commit: the batch is cut into files (encoded on the
     * worker pool) and, once they are durable, the files and the positions they cover are
     * committed atomically. Commits run in order in the background while parsing goes on; at most
     * one waits behind the running one, and the final commit waits for all.
     */
    let chain: Promise<void> = Promise.resolve();
    let queued = 0;
    let commitError: unknown;
    const commit = async (final: boolean): Promise<void> => {
      await flushBatch();
      const filesP = writer.flush();
      const qfiles = quarantine.flush(ingestMicros);
      const extra = final ? processingFiles.splice(0) : [];
      const cps = { ...pendingCheckpoints };
      for (const k of Object.keys(cps)) delete pendingCheckpoints[k];
      queued++;
      const job = chain.then(async () => {
        if (commitError) throw commitError;
        const files = [...(await filesP), ...qfiles, ...extra];
        committedFiles.push(...files);
        if (files.length === 0 && Object.keys(cps).length === 0 && !final) return;
        // test failpoint: die between "files in place" and "commit", the window exactly-once must survive
        if (process.env.LOGLAKE_FAILPOINT === `before-commit-${summary.commits}`) process.kill(process.pid, 'SIGKILL');
        summary.duration_ms = Date.now() - t0;
        if (final && miner) await miner.save();
        const run = final ? { run_id: runId, started_at: new Date(t0).toISOString(), finished_at: new Date().toISOString(), summary } : undefined;
        const info = await target.commit(files, cps, run);
        summary.commits++;
        summary.commit_retries += info.retries;
      }).finally(() => {
        queued--;
      });
      chain = job.catch((e: unknown) => {
        commitError ??= e;
      });
      if (final || queued > 1) await job;
    };

    const emitQuarantine = (src: SourceCtx, raw: Uint8Array, offset: number, reason: string, stage: 'read' | 'frame' | 'decode'): void => {
      quarantine.add({ sourcePath: src.path, offset, reason, stage, raw });
      src.counts.quarantined++;
      if (offset > src.maxEmitted) src.maxEmitted = offset;
    };

    const emitEvent = (src: SourceCtx, st: StreamState, ev: MultilineEvent, observed: number, presetTs: number, presetLevel: string | undefined, k8s: RecordK8s | undefined): void => {
      if (ev.offset > src.maxEmitted) src.maxEmitted = ev.offset;
      src.counts.merged += ev.lines - 1;
      let service = src.service;
      let hint = src.hint;
      if (k8s) {
        const s = serviceOf(k8s.labels, k8s.container_name, k8s.pod_name);
        if (s) service = sanitizePartitionValue(s);
        hint = parserHint(src.meta, k8s, service) ?? hint;
      }
      let family: string = parseEvent(ev.text, batch, { hint, observedMicros: Number.isNaN(observed) ? undefined : observed, defaultTzOffsetMinutes: opts.tzOffsetMinutes });
      if (presetLevel !== undefined) {
        writeSeverity(batch, presetLevel);
        // a record already parsed upstream (Fluent Bit's log4j parser): the message is `Logger: text`
        if (family === 'fallback') {
          const m = LOGGER_PREFIX.exec(ev.text);
          if (m) {
            batch.str('component', m[1]!);
            const rest = ev.text.slice(m[0].length);
            batch.str('message', rest);
            if (hint === 'spark') {
              writeSparkFields(rest, batch);
              family = 'spark';
            }
          }
        }
      }
      if (!batch.has('ts')) {
        const t = !Number.isNaN(presetTs) ? presetTs : !Number.isNaN(observed) ? observed : ingestMicros;
        batch.ts('ts', t);
      }
      if (!Number.isNaN(observed)) batch.ts('observed_ts', observed);
      if (miner) {
        const msg = batch.getStr('message') ?? '';
        const nl = msg.indexOf('\n');
        miner.add(batch.length, nl >= 0 ? msg.slice(0, nl) : msg, batch.getNum('ts') / 1000);
      }
      batch.ts('ingest_ts', ingestMicros);
      batch.str('service', service);
      if (opts.cluster) batch.str('cluster_id', opts.cluster);
      if (opts.environment) batch.str('environment', opts.environment);
      if (st.name) batch.str('stream', st.name);
      const m = src.meta;
      const ns = k8s?.namespace_name ?? m.namespace;
      if (ns) batch.str('namespace', ns);
      const pod = k8s?.pod_name ?? m.pod;
      if (pod) batch.str('pod', pod);
      const container = k8s?.container_name ?? m.container;
      if (container) batch.str('container', container);
      const cid = k8s?.docker_id ?? m.containerId;
      if (cid) batch.str('container_id', cid);
      const image = k8s?.container_image ?? m.image;
      if (image) batch.str('image', image);
      const host = k8s?.host ?? m.host;
      if (host && !batch.has('host')) batch.str('host', host);
      const labels = k8s?.labels ?? src.labels;
      if (labels) batch.setMap('labels', labels);
      if (src.brokerId !== undefined && !batch.has('broker_id')) batch.int('broker_id', src.brokerId);
      if (labels && !batch.has('spark_app_id') && labels['spark-app-selector']) batch.str('spark_app_id', labels['spark-app-selector']);
      if (labels && !batch.has('spark_role') && labels['spark-role']) batch.str('spark_role', labels['spark-role']);
      if (labels && !batch.has('spark_app_name') && labels['spark-app-name']) batch.str('spark_app_name', labels['spark-app-name']);
      if (ev.split || ev.continued) batch.map('attributes', 'loglake.split', ev.split ? 'head' : 'continued');
      batch.str('source_format', `${src.format}/${family}`);
      batch.str('source_path', src.path);
      batch.long('source_offset', ev.offset);
      batch.str('schema_version', SCHEMA_VERSION);
      classifyEventType(batch);
      batch.endRow(ev.text.length);
      src.counts.rows++;
      addService(service);
    };

    const pushLogical = (src: SourceCtx, st: StreamState, text: string, offset: number, lines: number, observed: number): void => {
      const wasPending = st.agg.pending;
      const events = st.agg.push(text, offset);
      const prevObserved = st.pendObserved, prevTs = st.pendPresetTs, prevLevel = st.pendPresetLevel, prevK8s = st.pendK8s;
      const startedNew = events.length > 0 || !wasPending;
      if (startedNew) {
        st.pendStart = offset;
        st.pendLines = lines;
        st.pendObserved = observed;
        st.pendPresetTs = decoded.presetTs;
        st.pendPresetLevel = decoded.presetLevel;
        st.pendK8s = decoded.k8s;
      } else {
        st.pendLines += lines;
      }
      // lines merged by the runtime partial merge beyond the first count as merged
      src.counts.merged += lines - 1;
      for (const ev of events) emitEvent(src, st, ev, prevObserved, prevTs, prevLevel, prevK8s);
    };

    const flushStream = (src: SourceCtx, st: StreamState): void => {
      if (st.partText !== null) {
        const t = st.partText;
        st.partText = null;
        pushLogical(src, st, t, st.partStart, st.partLines, st.partObserved);
      }
      const ev = st.agg.flush();
      if (ev) emitEvent(src, st, ev, st.pendObserved, st.pendPresetTs, st.pendPresetLevel, st.pendK8s);
      st.pendStart = Infinity;
      st.pendLines = 0;
    };

    /** Offset before which everything has been emitted, or -1 when emitted rows lie beyond pending ones. */
    const barrierOffset = (src: SourceCtx, readOffset: number): number => {
      let min = readOffset;
      for (const st of src.streams.values()) {
        if (st.partText !== null && st.partStart < min) min = st.partStart;
        if (st.agg.pending && st.pendStart < min) min = st.pendStart;
      }
      return src.maxEmitted < min ? min : -1;
    };
    const pendingLineCount = (src: SourceCtx): number => {
      let n = 0;
      for (const st of src.streams.values()) {
        if (st.partText !== null) n += st.partLines;
        if (st.agg.pending) n += st.pendLines;
      }
      return n;
    };

    const processSource = async (
      df: DiscoveredFile | undefined, path: string, key: string, start: number, startLines: number,
      open: (sink: LineSink) => Promise<{ endOffset: number; lines: number; heldBack: number }>, format: EnvelopeFormat, meta: SourceMeta,
      complete: boolean, head: Buffer,
    ): Promise<{ rows: number; error?: string }> => {
      const labels = meta.labels ? shareMap({ ...meta.labels }) : undefined;
      const rawService = serviceOf(labels, meta.container ?? meta.dockerName, meta.pod) ?? opts.service ?? (df ? fileStem(path) : undefined);
      const service = sanitizePartitionValue(rawService ?? opts.service);
      const src: SourceCtx = {
        path, meta, labels, service, hint: parserHint(meta, undefined, service),
        brokerId: brokerIdFromName(meta.dockerName ?? meta.container ?? meta.pod),
        format, counts: fmtCounts(format), streams: new Map(), maxEmitted: -1,
      };
      // counts for this source alone, folded into the format counts as we go
      const before = { ...src.counts };
      let lineNo = 0;
      let bytes = 0;
      let lastOffsetSeen = start;
      let lastNext = start;
      const rowsBefore = src.counts.rows;
      const streamOf = (name: string | undefined): StreamState => {
        const k = name ?? '';
        let st = src.streams.get(k);
        if (!st) src.streams.set(k, (st = new StreamState(name, maxLineBytes + 64, opts.multiline ?? 'auto')));
        return st;
      };
      const sink: LineSink = {
        onLine(buf, s, e, offset, next) {
          lineNo++;
          bytes += e - s + 1;
          lastOffsetSeen = offset;
          lastNext = next;
          const slice = buf.subarray(s, e);
          // framing checks: binary content and invalid UTF-8 are quarantined with their bytes
          if (slice.indexOf(0) >= 0) return emitQuarantine(src, Buffer.from(slice), offset, 'binary_content', 'frame');
          if (!isUtf8(slice)) return emitQuarantine(src, Buffer.from(slice), offset, 'invalid_utf8', 'frame');
          const line = buf.toString('utf8', s, e);
          const d = decodeLine(format, line, decoded);
          if (!d.ok) return emitQuarantine(src, Buffer.from(slice), offset, d.reason, 'decode');
          const st = streamOf(d.stream);
          if (d.partial) {
            if (st.partText === null) {
              st.partText = d.text;
              st.partStart = offset;
              st.partObserved = d.observed;
              st.partLines = 1;
            } else {
              st.partText += d.text;
              st.partLines++;
            }
            if (st.partText.length > maxLineBytes) {
              // overflow action: emit what we have as one event; the rest continues as the next one
              summary.oversize_splits++;
              const t = st.partText;
              st.partText = null;
              pushLogical(src, st, t, st.partStart, st.partLines, st.partObserved);
            }
            return;
          }
          if (st.partText !== null) {
            const t = st.partText + d.text;
            const lines = st.partLines + 1;
            const so = st.partStart, ob = st.partObserved;
            st.partText = null;
            pushLogical(src, st, t, so, lines, ob);
          } else {
            pushLogical(src, st, d.text, offset, 1, d.observed);
          }
        },
        onOverlong(head, offset, length) {
          lineNo++;
          lastNext = offset + length;
          bytes += length;
          // `head` may be a view into the reader's reused buffer: keep a copy
          emitQuarantine(src, Buffer.from(head), offset, `line_too_long (${length} bytes > ${maxLineBytes})`, 'read');
        },
        async onChunk() {
          if (batch.length > 0 && batch.approxBytes > commitBytes) {
            const b = barrierOffset(src, lastOffsetSeen);
            if (b >= 0) {
              const headLen = Math.min(head.length, b);
              setCheckpoint(key, {
                offset: b, path, lines: startLines + lineNo - pendingLineCount(src), updated_at: new Date().toISOString(),
                head_len: headLen, head_hash: hashBytes(head.subarray(0, headLen)),
              });
              await commit(false);
            }
          }
          if (opts.onProgress && Date.now() - progressAt > 200) {
            progressAt = Date.now();
            opts.onProgress({ bytes: summary.totals.bytes + bytes, lines: summary.totals.lines + lineNo, rows: summary.totals.rows + src.counts.rows - before.rows, file: path });
          }
          // backpressure: do not run ahead of the encoder workers
          while (pool && pool.inFlight > 4) await new Promise((r) => setTimeout(r, 5));
        },
      };
      let res: { endOffset: number; lines: number; heldBack: number };
      let error: string | undefined;
      try {
        res = await open(sink);
      } catch (e) {
        if (e instanceof LoglakeError) throw e; // commit / warehouse errors stop the run
        // a source that cannot be read to its end (corrupt gzip, I/O error): keep what was read,
        // record the failure as a quarantined "line" at the failing offset, and move on; the next
        // run retries from there
        error = `${(e as NodeJS.ErrnoException).code ?? 'read_error'}: ${(e as Error).message}`;
        lineNo++;
        emitQuarantine(src, new Uint8Array(0), lastNext, `read_error (${error})`, 'read');
        res = { endOffset: lastNext, lines: lineNo, heldBack: 0 };
        complete = false;
        summary.source_errors.push({ path, error });
      }
      for (const st of src.streams.values()) flushStream(src, st);
      summary.held_back_bytes += res.heldBack;
      src.counts.lines += lineNo;
      src.counts.bytes += bytes;
      summary.files_read++;
      const headLen = Math.min(head.length, res.endOffset);
      setCheckpoint(key, {
        offset: res.endOffset, path, lines: startLines + lineNo, complete, updated_at: new Date().toISOString(),
        head_len: headLen, head_hash: hashBytes(head.subarray(0, headLen)),
      });
      return { rows: src.counts.rows - rowsBefore, error };
    };

    // the seed's unit of work: one spark-app-selector folder (Fluent Bit S3 layout)
    const apps = new Map<string, SparkAppStatus>();
    const track = (meta: SourceMeta, path: string, startedAt: string, r: { rows: number; error?: string }): void => {
      const sel = meta.sparkAppSelector;
      if (!sel) return;
      let a = apps.get(sel);
      if (!a) {
        a = {
          spark_app_selector: sel, s3_path: path.slice(0, path.indexOf(sel) + sel.length), status: 'SUCCESS', records_processed: 0,
          processing_start_time: startedAt, processing_end_time: startedAt, error_message: null, job_id: runId, updated_at: startedAt,
        };
        apps.set(sel, a);
      }
      a.records_processed += r.rows;
      a.processing_end_time = a.updated_at = new Date().toISOString();
      if (r.error) {
        a.status = 'FAILED';
        a.error_message = (a.error_message ? a.error_message + '; ' : '') + `${path}: ${r.error}`;
      }
    };

    // ---- files
    for (const df of files) {
      const path = df.paths[0]!;
      const head = await readHead(df.realPath, df.gzip, 65536);
      if (head.length === 0) continue;
      const key = sourceKey(head, path, (k) => known[k] ?? target.sources[k]);
      if (opts.shard && shardOf(key, opts.shard.count) !== opts.shard.index) {
        summary.files_skipped_other_shards++;
        continue;
      }
      const cp = known[key] ?? target.sources[key];
      const format = opts.format && opts.format !== 'auto' ? opts.format : sniffFormat(firstLine(head), path);
      const meta = pathMetadata(df.paths);
      const pos = startPosition(cp, df.gzip, df.size);
      if (pos === undefined) {
        summary.files_skipped_unchanged++;
        continue;
      }
      const { start, startLines } = pos;
      const idle = df.gzip || Date.now() - statSync(df.realPath).mtimeMs > idleMs;
      const startedAt = new Date().toISOString();
      const r = await processSource(df, path, key, start, startLines, (sink) =>
        df.gzip ? readStream(gunzipStream(df.realPath), start, sink, maxLineBytes) : readPlainFile(df.realPath, start, sink, maxLineBytes, idle),
        format, meta, df.gzip, head);
      track(meta, path, startedAt, r);
      if (batch.approxBytes > commitBytes) await commit(false);
    }

    // ---- S3 objects (offsets in decompressed bytes, identity by content as for files)
    for (const obj of s3Objects) {
      const head = await readS3Head(s3!, obj, 65536);
      if (head.length === 0) continue;
      const key = sourceKey(head, obj.uri, (k) => known[k] ?? target.sources[k]);
      if (opts.shard && shardOf(key, opts.shard.count) !== opts.shard.index) {
        summary.files_skipped_other_shards++;
        continue;
      }
      const cp = known[key] ?? target.sources[key];
      const pos = startPosition(cp, obj.gzip, obj.size);
      if (pos === undefined) {
        summary.files_skipped_unchanged++;
        continue;
      }
      const { start, startLines } = pos;
      const format = opts.format && opts.format !== 'auto' ? opts.format : sniffFormat(firstLine(head), obj.key);
      const meta = pathMetadata([obj.uri]);
      const startedAt = new Date().toISOString();
      // an S3 object is complete as listed: its last line is final (objects are written whole)
      const r = await processSource(undefined, obj.uri, key, start, startLines, (sink) => readS3Object(s3!, obj, start, sink, maxLineBytes), format, meta, obj.gzip, head);
      track(meta, obj.uri, startedAt, r);
      if (batch.approxBytes > commitBytes) await commit(false);
    }

    // ---- stdin
    if (wantStdin) {
      const input = opts.stdin ?? process.stdin;
      const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
      const headParts: Buffer[] = [];
      let headLen = 0;
      let done = false;
      while (headLen < 65536) {
        const r = await it.next();
        if (r.done) {
          done = true;
          break;
        }
        const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as unknown as string);
        headParts.push(b);
        headLen += b.length;
        if (b.indexOf(10) >= 0) break;
      }
      const head = Buffer.concat(headParts);
      if (head.length > 0) {
        const key = sourceKey(head, '-', (k) => known[k] ?? target.sources[k]);
        const cp = known[key] ?? target.sources[key];
        const format = opts.format && opts.format !== 'auto' ? opts.format : sniffFormat(firstLine(head), '-');
        async function* rest(): AsyncGenerator<Buffer> {
          yield head;
          if (done) return;
          for (;;) {
            const r = await it.next();
            if (r.done) return;
            yield Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value as unknown as string);
          }
        }
        const start = cp?.offset ?? 0;
        const { Readable } = await import('node:stream');
        await processSource(undefined, '-', key, start, cp?.lines ?? 0, (sink) => readStream(Readable.from(rest()), start, sink, maxLineBytes), format, {}, false, head);
      }
    }

    for (const c of Object.values(summary.by_format)) {
      summary.totals.lines += c.lines;
      summary.totals.rows += c.rows;
      summary.totals.merged += c.merged;
      summary.totals.quarantined += c.quarantined;
      summary.totals.bytes += c.bytes;
    }
    summary.quarantine_reasons = Object.fromEntries(quarantine.byReason);
    summary.balanced = summary.totals.lines === summary.totals.rows + summary.totals.merged + summary.totals.quarantined;
    summary.spark_apps = [...apps.values()];
    if (target.kind === 'parquet') processingFiles.push(...(await writeProcessingForParquet(summary.spark_apps, opts.warehouse, runId)));
    await commit(true);
    if (target instanceof IcebergTarget) await target.withCatalog((c) => appendProcessingForIceberg(summary.spark_apps, c, opts.namespace ?? 'loglake', opts.warehouse, runId));
    summary.files_written = committedFiles.length;
    summary.bytes_written = committedFiles.reduce((n, f) => n + f.bytes, 0);
    summary.duration_ms = Date.now() - t0;
    return summary;
  } finally {
    await pool?.close();
    await target.close();
    s3Client?.destroy();
    await miner?.close();
  }
}

/**
 * Where to resume a source: its committed offset, or 0 when a plain source is now shorter than
 * that (truncated and rewritten). Undefined when there is nothing new: a gzip source read to its
 * end, or a plain source whose size equals the committed offset.
 */
function startPosition(cp: SourceCheckpoint | undefined, gzip: boolean, size: number): { start: number; startLines: number } | undefined {
  if (!cp) return { start: 0, startLines: 0 };
  if (gzip && cp.complete) return undefined;
  const resume = gzip || cp.offset <= size;
  const start = resume ? cp.offset : 0;
  if (!gzip && start === size) return undefined;
  return { start, startLines: resume ? cp.lines : 0 };
}

/** Stable shard of a source identity (FNV-1a of its key). */
export function shardOf(key: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % count;
}

function hashBytes(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex').slice(0, 32);
}

/**
 * The checkpoint key of a source: its first-line fingerprint, unless a checkpoint with that
 * fingerprint belongs to different content (its recorded head bytes differ), in which case the
 * path is added so that the two never share a read position.
 */
function sourceKey(head: Buffer, path: string, lookup: (k: string) => SourceCheckpoint | undefined): string {
  const base = 'fp:' + fingerprint(head).id;
  for (const key of [base, base + ':' + path]) {
    const cp = lookup(key);
    if (!cp) return key;
    if (cp.head_len === undefined || cp.head_hash === undefined) return key;
    if (head.length >= cp.head_len && hashBytes(head.subarray(0, cp.head_len)) === cp.head_hash) return key;
  }
  return base + ':' + path;
}

function firstLine(head: Buffer): string {
  let s = 0;
  // skip blank lines
  while (s < head.length && (head[s] === 10 || head[s] === 13)) s++;
  let e = head.indexOf(10, s);
  if (e < 0) e = head.length;
  if (e > s && head[e - 1] === 13) e--;
  return head.toString('utf8', s, e);
}

