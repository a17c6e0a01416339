/**
 * The enrich stage: every field of a row that does not come from parsing the event text — its
 * times (defaults for `ts`, `observed_ts`, `ingest_ts`), origin (service, cluster, Kubernetes and
 * Docker metadata, labels, Spark role / executor / app ids from labels and pod names, broker id
 * from container / pod names), provenance (`source_*`, schema version), the
 * template id (queued to the miner) and the event type.
 *
 * Pure given its inputs; writes through a FieldWriter-like batch.
 */
import type { FieldWriter, MapColumn, TimestampColumn } from '../core/fields.js';
import type { SourceMeta } from '../sources/path-metadata.js';
import type { RecordK8s } from '../decoders/envelope.js';
import { COL, SCHEMA_VERSION } from '../schema/canonical.js';
import { sanitizePartitionValue } from '../schema/partition-value.js';
import { classifyEventType } from './event-type.js';
import { serviceOf, parserHint, brokerIdFromName } from './origin.js';
import { SparkIdentityCache, writeSparkIdentity, type SparkIdentity } from './spark-identity.js';

/** Spark identity per pod (labels, pod / container / kubelet Docker names; spark-identity.ts). */
const sparkIds = new SparkIdentityCache();

/** `source_format` values by envelope format, then family: one string per pair, not one per row. */
const sourceFormats = new Map<string, Map<string, string>>();

function formatsOf(format: string): Map<string, string> {
  let byFamily = sourceFormats.get(format);
  if (!byFamily) sourceFormats.set(format, (byFamily = new Map()));
  return byFamily;
}

/** The columnar batch as enrichment sees it. */
export interface EventFieldWriter extends FieldWriter {
  /** Rows before the current one (its row index). */
  readonly length: number;
  /** `str` by column index (COL). */
  strAt(col: number, value: string): void;
  setMap(col: MapColumn, m: Record<string, string>): void;
  getNum(col: TimestampColumn): number;
}

/** Receives each row's first message line for template mining (see templates/template-assigner.ts). */
export interface TemplateSink {
  add(row: number, firstLine: string, seenAtMs: number): void;
}

/** Run-wide enrichment settings. */
export interface EnrichContext {
  /**
   * Ingest time (µs) of the rows being written: `ingest_ts`, and `ts` of rows with no time at all.
   * The row stage sets it when events are handed to it (per batch), so a long-running follower's
   * rows carry when they were read, not when the follower started.
   */
  ingestMicros: number;
  cluster?: string;
  environment?: string;
  templates?: TemplateSink;
}

/** What a source says about the rows read from it. */
export interface SourceOrigin {
  path: string;
  meta: SourceMeta;
  /** The source's labels, shared by its rows (copy before a per-row change). */
  labels: Record<string, string> | undefined;
  /** Partition-safe service. */
  service: string;
  /** Parser family the origin suggests. */
  hint: string | undefined;
  brokerId: number | undefined;
  /** Envelope format (first half of `source_format`). */
  format: string;
}

/**
 * The origin of a source: service from labels / container / pod, else `defaultService`, else
 * (local files) the file's stem; the parser hint and Kafka broker id its names suggest.
 */
export function sourceOrigin(
  path: string, meta: SourceMeta, labels: Record<string, string> | undefined, format: string, defaultService: string | undefined, stem: string | undefined,
): SourceOrigin {
  // a Docker container without its config.v2.json is known by its short id, as `docker ps` shows it
  const raw = serviceOf(labels, meta.container ?? meta.dockerName, meta.pod) ?? defaultService ?? (meta.containerId ? meta.containerId.slice(0, 12) : stem);
  const service = sanitizePartitionValue(raw ?? defaultService);
  return { path, meta, labels, service, hint: parserHint(meta, undefined, service), brokerId: brokerIdFromName(meta.pod) ?? brokerIdFromName(meta.dockerName ?? meta.container), format };
}

/**
 * What a row's origin says, from its source and (Fluent Bit records) the event's own Kubernetes
 * metadata. Rows of one source, or of one pod, repeat it: see {@link rowOrigin}.
 */
export interface RowOrigin {
  /** Partition-safe service. */
  service: string;
  /** Parser family the origin suggests. */
  hint: string | undefined;
  brokerId: number | undefined;
  spark: SparkIdentity | undefined;
  /**
   * The event metadata these facts were computed from (the first record of the run; its strings
   * and labels are written for every row of the run, which says the same), undefined for sources.
   */
  k8s: RecordK8s | undefined;
  /** `source_format` by parser family, for this origin's envelope format. */
  fmts: Map<string, string>;
  /** The strings written to every row of this origin, made by the first row (see originStrings). */
  strs?: OriginStrings;
}

/** Strings an origin writes to each of its rows under one EnrichContext: column indexes and values. */
interface OriginStrings {
  ctx: EnrichContext;
  cols: number[];
  vals: string[];
}

/** The origin's strings of every row (service, cluster, Kubernetes / Docker names, source path, schema version). */
function originStrings(ctx: EnrichContext, src: SourceOrigin, origin: RowOrigin): OriginStrings {
  const cols: number[] = [];
  const vals: string[] = [];
  const add = (col: number, v: string | undefined): void => {
    if (!v) return;
    cols.push(col);
    vals.push(v);
  };
  const m = src.meta;
  const k8s = origin.k8s;
  cols.push(COL.service);
  vals.push(origin.service);
  add(COL.cluster_id, ctx.cluster);
  add(COL.environment, ctx.environment);
  add(COL.namespace, k8s?.namespace_name ?? m.namespace);
  add(COL.pod, k8s?.pod_name ?? m.pod);
  add(COL.container, k8s?.container_name ?? m.container);
  add(COL.container_id, k8s?.docker_id ?? m.containerId);
  add(COL.image, k8s?.container_image ?? m.image);
  cols.push(COL.source_path, COL.schema_version);
  vals.push(src.path, SCHEMA_VERSION);
  return { ctx, cols, vals };
}

/** The service a record's Kubernetes metadata names (labels, container, pod), else the source's. */
function k8sService(src: SourceOrigin, k8s: RecordK8s): string {
  const s = serviceOf(k8s.labels, k8s.container_name, k8s.pod_name);
  return s ? sanitizePartitionValue(s) : src.service;
}

function computeRowOrigin(src: SourceOrigin, k8s: RecordK8s | undefined): RowOrigin {
  const m = src.meta;
  if (!k8s) return { service: src.service, hint: src.hint, brokerId: src.brokerId, spark: sparkIds.get(src.labels, m.pod, m.container, m.dockerName), k8s: undefined, fmts: formatsOf(src.format) };
  const service = k8sService(src, k8s);
  return {
    service,
    hint: parserHint(m, k8s, service) ?? src.hint,
    brokerId: brokerIdFromName(k8s.pod_name) ?? brokerIdFromName(k8s.container_name) ?? src.brokerId,
    spark: sparkIds.get(k8s.labels ?? src.labels, k8s.pod_name ?? m.pod, k8s.container_name ?? m.container, undefined),
    k8s,
    fmts: formatsOf(src.format),
  };
}

/** Whether two flat string maps hold the same entries (either may be undefined). */
function sameEntries(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  for (const k in a) if (a[k] !== b[k]) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}

/** Origins per source without record metadata (a source's origin does not change). */
const plainOrigins = new WeakMap<SourceOrigin, RowOrigin>();
/** The last source without record metadata and its origin (rows of one source follow each other). */
let lastPlainSrc: SourceOrigin | undefined;
let lastPlainOrigin: RowOrigin | undefined;
/** The last origin computed for record metadata, and its source. */
let lastSrc: SourceOrigin | undefined;
let lastOrigin: RowOrigin | undefined;

/**
 * The origin facts of a row (service, parser hint, broker id, Spark identity): once per source,
 * and for events with their own Kubernetes metadata once per run of events whose metadata says
 * the same (every field rows are written from, compared by value: each record carries its own copy).
 */
export function rowOrigin(src: SourceOrigin, k8s: RecordK8s | undefined): RowOrigin {
  if (!k8s) {
    if (src === lastPlainSrc) return lastPlainOrigin!;
    let o = plainOrigins.get(src);
    if (o === undefined) plainOrigins.set(src, (o = computeRowOrigin(src, undefined)));
    lastPlainSrc = src;
    lastPlainOrigin = o;
    return o;
  }
  const l = lastOrigin?.k8s;
  if (
    l !== undefined && lastSrc === src && l.pod_name === k8s.pod_name && l.namespace_name === k8s.namespace_name && l.container_name === k8s.container_name &&
    l.docker_id === k8s.docker_id && l.container_image === k8s.container_image && l.host === k8s.host && sameEntries(l.labels, k8s.labels)
  ) return lastOrigin!;
  lastOrigin = computeRowOrigin(src, k8s);
  lastSrc = src;
  return lastOrigin;
}

/** The last record metadata {@link recordService} was asked about, the source's service then, and its answer. */
let svcK8s: RecordK8s | undefined;
let svcDefault = '';
let svcLast = '';

/**
 * Service of an event that carries its own Kubernetes metadata (Fluent Bit records): `rowOrigin`'s,
 * which depends only on the pod, container and labels the metadata names and on the source's own
 * service; kept while those stay the same (the files of one pod follow each other), so not
 * computed again per source.
 */
export function recordService(src: SourceOrigin, k8s: RecordK8s): string {
  const l = svcK8s;
  if (l !== undefined && svcDefault === src.service && l.pod_name === k8s.pod_name && l.container_name === k8s.container_name && sameEntries(l.labels, k8s.labels)) {
    return svcLast;
  }
  svcLast = k8sService(src, k8s);
  svcK8s = k8s;
  svcDefault = src.service;
  return svcLast;
}

/** Event facts beside the parsed text: where it starts and whether the size caps split it. */
export interface EventPlace {
  offset: number;
  split?: boolean;
  continued?: boolean;
}

/**
 * Writes the enrichment fields of the current row, after the parser wrote its own (fields the
 * parser set, such as `ts`, are kept; `host` is the origin's when it names one, else the line's
 * syslog HOSTNAME). `observed` and `presetTs` are µs or NaN.
 */
export function writeEventFields(
  out: EventFieldWriter, ctx: EnrichContext, src: SourceOrigin, stream: string | undefined, ev: EventPlace,
  observed: number, presetTs: number, family: string, origin: RowOrigin,
): void {
  if (!out.has('ts')) out.ts('ts', !Number.isNaN(presetTs) ? presetTs : !Number.isNaN(observed) ? observed : ctx.ingestMicros);
  if (!Number.isNaN(observed)) out.ts('observed_ts', observed);
  if (ctx.templates) {
    const msg = out.getStr('message') ?? '';
    const nl = msg.indexOf('\n');
    ctx.templates.add(out.length, nl >= 0 ? msg.slice(0, nl) : msg, out.getNum('ts') / 1000);
  }
  out.ts('ingest_ts', ctx.ingestMicros);
  let os = origin.strs;
  if (os === undefined || os.ctx !== ctx) os = origin.strs = originStrings(ctx, src, origin);
  const cols = os.cols;
  const vals = os.vals;
  for (let i = 0; i < cols.length; i++) out.strAt(cols[i]!, vals[i]!);
  if (stream) out.str('stream', stream);
  const m = src.meta;
  const k8s = origin.k8s;
  const host = k8s?.host ?? m.host;
  // the origin's host (node / runtime) wins over one named in the line (syslog HOSTNAME)
  if (host) out.str('host', host);
  const labels = k8s?.labels ?? src.labels;
  if (labels) out.setMap('labels', labels);
  const brokerId = origin.brokerId;
  if (brokerId !== undefined && !out.has('broker_id')) out.int('broker_id', brokerId);
  if (origin.spark) writeSparkIdentity(origin.spark, out);
  if (ev.split || ev.continued) out.map('attributes', 'loglake.split', ev.split ? 'head' : 'continued');
  let fmt = origin.fmts.get(family);
  if (fmt === undefined) origin.fmts.set(family, (fmt = `${src.format}/${family}`));
  out.str('source_format', fmt);
  out.long('source_offset', ev.offset);
  classifyEventType(out);
}
