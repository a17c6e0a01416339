/**
 * The `loglake` command line: argument parsing, commands, exit codes, one-line human errors.
 * Exit codes: 0 ok, 1 runtime error, 2 usage error. Stacks only with --debug.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync, readFileSync, createReadStream } from 'node:fs';
import { resolve, join } from 'node:path';
import { LoglakeError, UsageError } from '../core/errors.js';
import { IcebergError } from '../sinks/iceberg/spec/iceberg-error.js';
import { isS3Uri } from '../core/s3/uri.js';
import { runIngest, type IngestOptions, type RunSummary, type Progress } from '../pipeline/ingest.js';
import { openLake, openWarehouse, query, formatResult } from '../analytics/sql/lake.js';
import { renderSummary } from './render-summary.js';
import { resolveShard } from './shard-option.js';
import { repoRoot } from '../core/paths.js';
import { REST_CATALOG_FLAG_OPTIONS, REST_CATALOG_FLAGS_HELP, restCatalogFlags } from '../table/catalog-connect.js';
import { redactSecrets } from '../core/redact.js';
import { ensureWritableDir, describeErrno, isErrnoError } from '../core/fs-errors.js';

const HELP = `loglake — container and Spark runtime logs into queryable lakehouse tables

Usage:
  loglake ingest <path|glob|s3://bucket/prefix|->... --warehouse <dir> [options]
  loglake query --warehouse <dir> [--format table|csv|json] "<SQL>"
  loglake ask --warehouse <dir> "<question>" [--format table|csv|json] [--dry-run]   plain language → checked SQL
  loglake generate --out <dir> [--seed N] [--scale small|large]
  loglake templates <file>           mine templates of a one-message-per-line file → CSV LineId,EventTemplate
  loglake patterns --warehouse <dir> [--service s] [--since t] [--window 1h]   top templates, trends, new ones
  loglake anomalies --warehouse <dir> [--window 5m] [--service s]              unsupervised anomalies + correlation
  loglake features --warehouse <dir> [--window 5m] [--rolling 1h]              ML feature table per service/window
  loglake profile --warehouse <dir>                                            parse rates, null rates, quarantine, skew
  loglake report --warehouse <dir> [--since 24h] [--service s] [--out report.html]   one self-contained HTML report
  loglake serve --warehouse <dir> [--port 8080] [--host 127.0.0.1] [--token T]       live UI: filters, drill-down, SQL console
                 (--since: ISO time or a duration back from the latest row; any --host but loopback needs --token;
                 --sql-timeout-secs 10 cancels long console queries)
  loglake maintain --warehouse <dir> compact small files, expire old snapshots, remove orphan files (Iceberg)
  loglake demo [--dir <dir>]         generate a synthetic cluster, ingest it, show the summary and queries
  loglake help | --help | --version

ingest options:
  --warehouse <dir|s3://…> warehouse directory (created when missing), or s3://bucket/prefix  [required]
  --config <file>          JSON config file (keys: service, cluster, environment, format, multiline,
                           max_line_bytes, idle_secs, tz_offset, workers); flags override it
  --service <name>         service for rows whose origin does not name one
  --cluster <id>           cluster_id written on every row
  --environment <env>      environment written on every row
  --format <f>             envelope: auto (default, sniffed per file), docker-json, cri, fluentbit,
                           docker-ts (docker logs --timestamps), plain
  --multiline <mode>       auto (default: join stack traces, PG DETAIL/STATEMENT lines…) or none
  --max-line-bytes <n>     physical lines longer than this are quarantined (default 1048576)
  --idle-secs <n>          a file changed less than n seconds ago keeps its unterminated last line
                           for the next run (default 2)
  --tz-offset <±HH:MM>     zone of timestamps in lines that carry none (default +00:00)
  --workers <n>            Parquet encoder threads (default 1; 0 = main thread)
  --commit-bytes <n>       commit (data files + offsets) whenever this many bytes are buffered
                           (default 25165824); smaller = more, smaller files, less memory
  --table-format <f>       parquet (default): hive dataset <warehouse>/logs/service=/date=/hour=;
                           iceberg: Iceberg v2 table <namespace>.logs committed through a catalog
  --catalog <uri>          Iceberg catalog: http(s)://host/path (REST: Glue, S3 Tables, Polaris, Nessie,
                           Lakekeeper, Unity…), postgresql://user:pass@host/db, or sqlite:<path>
                           (default: SQLite <warehouse>/catalog.db). --warehouse s3://bucket/prefix
                           puts the table in S3 and needs an external catalog (REST or postgresql://…)
${REST_CATALOG_FLAGS_HELP}  --namespace <ns>         Iceberg namespace (default loglake)
  --shard <i/N|auto>       ingest only the sources of shard i of N (parallel writers); Iceberg only.
                           auto: i from JOB_COMPLETION_INDEX (Kubernetes Indexed Job), N from
                           LOGLAKE_SHARD_COUNT (implied when both are set)
  --follow-any-symlink     follow symlinked files anywhere (default: only into the input folders and the
                           runtimes' log roots, never into /proc, /sys, /dev, /etc; others are quarantined)
  --no-templates           do not assign template_id (faster; \`loglake patterns\` mines them later)
  --json                   print the run summary as JSON
  --no-progress            no progress bar even on a terminal
  --debug                  show stack traces on errors

maintain options (Iceberg warehouses):
  --catalog <uri>, --namespace <ns>, --catalog-*   as for ingest
  --no-compact | --no-expire | --no-orphans   skip a step
  --min-files <n>          compact a partition when it has at least n small files (default 2)
  --target-file-bytes <n>  files smaller than this are compaction candidates (default 134217728)
  --expire-older-than <d>  expire snapshots older than d (default 7d), keeping --retain-last <n> (default 5)
                           and every snapshot that carries the latest committed source offsets
  --orphans-older-than <d> remove unreferenced files older than d (default 1h)
  --relocate               a copied or moved warehouse: rewrite its tables' metadata (absolute paths) to
                           point into this warehouse, through the catalog; without it, ingest and
                           maintain refuse to touch a table whose files lie outside --warehouse

query options:
  --warehouse <dir>        warehouse to query                                              [required]
  --format <f>             table (default), csv or json (one object per line)
  --table-format <f>       auto (default), parquet or iceberg
  --catalog <uri>          Iceberg catalog (default: SQLite <warehouse>/catalog.db); --namespace <ns>;
                           --catalog-* as for ingest (also for patterns, anomalies, features, profile)
  --snapshot <id>          Iceberg: read an older snapshot; --as-of <ISO time>: the snapshot current then
  --service <s>            only this service's rows (repeatable); --since/--until <ISO time>: only rows of
                           that event-time range [since, until). Both formats prune files first (Parquet:
                           service=/date=/hour= directories; Iceberg: manifests), then filter rows
  --cache-dir <dir>        S3 warehouses without DuckDB httpfs: where the pruned data files are cached
                           (default $XDG_CACHE_HOME/loglake or ~/.cache/loglake); also for the analytics
                           commands, which take --catalog / --namespace too
  Views: logs (canonical rows; Parquet adds hive columns date, hour), quarantine, spark_logs (the
  seed's 14 columns); Iceberg adds snapshots.

Exit status of ingest: 0 when every source was read; 1 when some source could not be read (recorded as
a read_error in the quarantine and the summary; everything else is committed) or on a runtime error;
2 for usage errors.

Inputs: files, directories (recursive; runtime files such as config.v2.json are skipped), globs,
s3://bucket/prefix (AWS credential chain; LOGLAKE_S3_ENDPOINT or AWS_ENDPOINT_URL_S3 for S3-compatible
servers) and "-" for standard input; .gz files are decompressed. Re-running ingests only new bytes.
`;

const INGEST_OPTS: ParseArgsConfig['options'] = {
  warehouse: { type: 'string' }, config: { type: 'string' }, service: { type: 'string' }, cluster: { type: 'string' },
  environment: { type: 'string' }, format: { type: 'string' }, multiline: { type: 'string' }, 'max-line-bytes': { type: 'string' },
  'idle-secs': { type: 'string' }, 'tz-offset': { type: 'string' }, workers: { type: 'string' }, json: { type: 'boolean' },
  'no-progress': { type: 'boolean' }, debug: { type: 'boolean' }, 'table-format': { type: 'string' },
  'commit-bytes': { type: 'string' }, 'no-templates': { type: 'boolean' }, 'follow-any-symlink': { type: 'boolean' }, catalog: { type: 'string' }, namespace: { type: 'string' }, shard: { type: 'string' },
  ...REST_CATALOG_FLAG_OPTIONS,
};

function parse(argv: string[], options: ParseArgsConfig['options']): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const r = parseArgs({ args: argv, options: { ...options, debug: { type: 'boolean' } }, allowPositionals: true, strict: true });
    return { values: r.values as Record<string, string | boolean | undefined>, positionals: r.positionals };
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

function intFlag(name: string, v: unknown, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got "${String(v)}"`);
  return n;
}

function tzFlag(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(String(v));
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59) throw new UsageError(`--tz-offset must look like +02:00 or -0530, got "${String(v)}"`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

const CONFIG_KEYS = new Set(['service', 'cluster', 'environment', 'format', 'multiline', 'max_line_bytes', 'idle_secs', 'tz_offset', 'workers', 'table_format', 'catalog', 'namespace']);
const FORMATS = ['auto', 'docker-json', 'cri', 'fluentbit', 'docker-ts', 'plain'];

function loadConfig(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new LoglakeError('CONFIG_INVALID', `config file not found: ${path}`);
  let cfg: unknown;
  try {
    cfg = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new LoglakeError('CONFIG_INVALID', `config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (!cfg || typeof cfg !== 'object' || Array.isArray(cfg)) throw new LoglakeError('CONFIG_INVALID', `config file ${path} must hold a JSON object`);
  for (const k of Object.keys(cfg)) {
    if (!CONFIG_KEYS.has(k)) throw new LoglakeError('CONFIG_INVALID', `config file ${path}: unknown key "${k}" (known: ${[...CONFIG_KEYS].join(', ')})`);
  }
  return cfg as Record<string, unknown>;
}

/** Builds ingest options from flags (+ config file); validates everything before any work. */
export function ingestOptionsFromArgs(argv: string[]): IngestOptions & { json: boolean; progress: boolean } {
  const { values, positionals } = parse(argv, INGEST_OPTS);
  const cfg = values.config ? loadConfig(String(values.config)) : {};
  const pick = (flag: string, key: string): unknown => values[flag] ?? cfg[key];
  if (!values.warehouse) throw new UsageError('ingest needs --warehouse <dir>');
  if (positionals.length === 0) throw new UsageError('ingest needs at least one input path, glob or "-"');
  const format = String(pick('format', 'format') ?? 'auto');
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  const multiline = String(pick('multiline', 'multiline') ?? 'auto');
  if (multiline !== 'auto' && multiline !== 'none') throw new UsageError(`--multiline must be auto or none, got "${multiline}"`);
  const tableFormat = String(pick('table-format', 'table_format') ?? 'parquet');
  if (tableFormat !== 'parquet' && tableFormat !== 'iceberg') throw new UsageError(`--table-format must be parquet or iceberg, got "${tableFormat}"`);
  const catalog = pick('catalog', 'catalog') as string | undefined;
  if (catalog !== undefined && tableFormat !== 'iceberg') throw new UsageError('--catalog only applies with --table-format iceberg');
  const shard = resolveShard(values.shard as string | undefined, process.env);
  if (shard && tableFormat !== 'iceberg') throw new UsageError('--shard needs --table-format iceberg (the Parquet dataset has a single writer)');
  const warehouse = warehouseArg(String(values.warehouse));
  if (isS3Uri(warehouse)) {
    if (tableFormat !== 'iceberg') throw new UsageError('an S3 warehouse needs --table-format iceberg (and an external catalog: --catalog postgresql://…)');
    if (!catalog || /^sqlite:/.test(catalog)) throw new UsageError('an S3 warehouse needs an external catalog shared by every writer: --catalog postgresql://… (a SQLite catalog is a local file)');
  } else {
    checkWritable(warehouse);
  }
  for (const p of positionals) {
    if (p !== '-' && !/^s3[an]?:\/\//.test(p) && !/[*?[]/.test(p) && !existsSync(p)) throw new LoglakeError('INPUT_NOT_FOUND', `input not found: ${p}`);
  }
  return {
    inputs: positionals,
    warehouse,
    service: pick('service', 'service') as string | undefined,
    cluster: pick('cluster', 'cluster') as string | undefined,
    environment: pick('environment', 'environment') as string | undefined,
    format: format as IngestOptions['format'],
    multiline: multiline as 'auto' | 'none',
    maxLineBytes: intFlag('max-line-bytes', pick('max-line-bytes', 'max_line_bytes'), 1024),
    idleSecs: intFlag('idle-secs', pick('idle-secs', 'idle_secs'), 0),
    tzOffsetMinutes: tzFlag(pick('tz-offset', 'tz_offset')),
    workers: intFlag('workers', pick('workers', 'workers'), 0),
    commitBytes: intFlag('commit-bytes', values['commit-bytes'], 1),
    tableFormat: tableFormat as 'parquet' | 'iceberg',
    templates: values['no-templates'] !== true,
    catalog,
    catalogRest: restCatalogFlags(values),
    namespace: pick('namespace', 'namespace') as string | undefined,
    shard,
    followAnySymlink: values['follow-any-symlink'] === true,
    json: values.json === true,
    progress: values['no-progress'] !== true,
  };
}

/** The --warehouse value: an `s3://` URI as given, else an absolute local path. */
export function warehouseArg(v: string): string {
  return isS3Uri(v) ? v : resolve(v);
}

function checkWritable(dir: string): void {
  ensureWritableDir(dir, 'warehouse');
}

function progressPrinter(): (p: Progress) => void {
  const t0 = Date.now();
  return (p) => {
    const s = Math.max(0.001, (Date.now() - t0) / 1000);
    const mib = p.bytes / 1048576;
    process.stderr.write(`\r\x1b[K  ${mib.toFixed(1)} MiB  ${(mib / s).toFixed(1)} MiB/s  ${p.lines.toLocaleString('en-US')} lines  ${Math.round(p.lines / s).toLocaleString('en-US')} lines/s  ${p.rows.toLocaleString('en-US')} rows`);
  };
}

async function cmdIngest(argv: string[]): Promise<RunSummary> {
  const o = ingestOptionsFromArgs(argv);
  const tty = process.stderr.isTTY && o.progress && !o.json;
  const summary = await runIngest({ ...o, onProgress: tty ? progressPrinter() : undefined });
  if (tty) process.stderr.write('\r\x1b[K');
  process.stdout.write(o.json ? JSON.stringify(summary, null, 2) + '\n' : renderSummary(summary) + '\n');
  return summary;
}

/**
 * The documented grammar only (RFC 3339 / ISO 8601: a date, or a date and time with an optional
 * fraction and zone; no zone = UTC), not whatever `Date.parse` takes (`"1"` was the year 2001).
 * A minimal strict check until the shared time grammar (src/config/) lands.
 */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function timeFlag(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const text = String(v);
  const m = ISO_TIME.exec(text);
  const ok = m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= 31 && Number(m[4] ?? 0) <= 23 && Number(m[5] ?? 0) <= 59 && Number(m[6] ?? 0) <= 59;
  const ms = ok ? Date.parse(m[4] === undefined ? `${text.slice(0, 10)}T00:00:00Z` : m[7] ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(m![3]) && !m![7]) {
    throw new UsageError(`--${name} must be an ISO time like 2026-03-02T10:00:00Z or 2026-03-02, got "${text}"`);
  }
  return ms;
}

async function cmdQuery(argv: string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    warehouse: { type: 'string' }, format: { type: 'string' }, 'table-format': { type: 'string' }, catalog: { type: 'string' },
    namespace: { type: 'string' }, snapshot: { type: 'string' }, 'as-of': { type: 'string' }, service: { type: 'string', multiple: true },
    since: { type: 'string' }, until: { type: 'string' }, 'cache-dir': { type: 'string' }, ...REST_CATALOG_FLAG_OPTIONS,
  });
  if (!values.warehouse) throw new UsageError('query needs --warehouse <dir>');
  if (positionals.length !== 1) throw new UsageError('query needs exactly one SQL statement (quote it)');
  const fmt = String(values.format ?? 'table');
  if (fmt !== 'table' && fmt !== 'csv' && fmt !== 'json') throw new UsageError(`--format must be table, csv or json, got "${fmt}"`);
  const tf = String(values['table-format'] ?? 'auto');
  if (!['auto', 'parquet', 'iceberg'].includes(tf)) throw new UsageError(`--table-format must be auto, parquet or iceberg, got "${tf}"`);
  let snapshotId: bigint | undefined;
  if (values.snapshot !== undefined) {
    if (!/^-?\d+$/.test(String(values.snapshot))) throw new UsageError(`--snapshot must be a snapshot id, got "${String(values.snapshot)}"`);
    snapshotId = BigInt(String(values.snapshot));
  }
  const since = timeFlag('since', values.since);
  const until = timeFlag('until', values.until);
  const lake = await openWarehouse(warehouseArg(String(values.warehouse)), {
    tableFormat: tf as 'auto' | 'parquet' | 'iceberg', catalog: values.catalog as string | undefined, catalogRest: restCatalogFlags(values), namespace: values.namespace as string | undefined,
    snapshotId, asOfMs: timeFlag('as-of', values['as-of']), services: values.service as string[] | undefined,
    fromMicros: since === undefined ? undefined : since * 1000, toMicros: until === undefined ? undefined : until * 1000,
    cacheDir: values['cache-dir'] === undefined ? undefined : resolve(String(values['cache-dir'])),
  });
  try {
    const r = await query(lake.con, positionals[0]!);
    process.stdout.write(formatResult(r, fmt) + '\n');
  } finally {
    lake.close();
  }
}

async function cmdGenerate(argv: string[]): Promise<void> {
  const { values } = parse(argv, { out: { type: 'string' }, seed: { type: 'string' }, scale: { type: 'string' } });
  if (!values.out) throw new UsageError('generate needs --out <dir>');
  const seed = intFlag('seed', values.seed ?? '42', 0)!;
  const scale = String(values.scale ?? 'small');
  if (scale !== 'small' && scale !== 'large') throw new UsageError(`--scale must be small or large, got "${scale}"`);
  const { generateCluster } = await import('../generate/index.js');
  const r = await generateCluster({ out: resolve(String(values.out)), seed, scale });
  process.stdout.write(`generated ${r.files} files, ${r.lines.toLocaleString('en-US')} lines, ${(r.bytes / 1048576).toFixed(1)} MiB into ${resolve(String(values.out))}\n` +
    `layouts: ${Object.entries(r.layouts).map(([k, v]) => `${k} ${v}`).join(', ')}\nground truth: ${r.groundTruthPath}\n`);
}

async function cmdTemplates(argv: string[]): Promise<void> {
  const { positionals } = parse(argv, {});
  if (positionals.length !== 1) throw new UsageError('templates needs exactly one file');
  if (!existsSync(positionals[0]!)) throw new LoglakeError('INPUT_NOT_FOUND', `input not found: ${positionals[0]}`);
  const { runTemplatesCommand } = await import('../analytics/templates/templates-command.js');
  await runTemplatesCommand(positionals[0]!, process.stdout);
}

const DEMO_QUERIES: Array<[string, string]> = [
  ['Rows per service and severity', `SELECT service, severity, count(*) AS rows FROM logs GROUP BY ALL ORDER BY service, rows DESC`],
  ['Top error classes', `SELECT error_class, count(*) AS n, any_value(service) AS service FROM logs WHERE error_class IS NOT NULL GROUP BY error_class ORDER BY n DESC LIMIT 8`],
  ['Kafka partitions with errors', `SELECT kafka_topic, kafka_partition, count(*) AS errors, list_distinct(list(broker_id)) AS brokers FROM logs WHERE kafka_topic IS NOT NULL AND severity IN ('ERROR','FATAL','WARN') GROUP BY ALL ORDER BY errors DESC LIMIT 8`],
  ['Slowest PostgreSQL statements', `SELECT ts, pg_duration_ms, pg_database, pg_statement_kind, left(message, 70) AS statement FROM logs WHERE pg_duration_ms IS NOT NULL ORDER BY pg_duration_ms DESC LIMIT 5`],
  ['The seed\'s Athena query: logs by Spark application', `SELECT spark_app_selector, spark_app_name, COUNT(*) AS log_count FROM spark_logs WHERE spark_app_selector IS NOT NULL GROUP BY spark_app_selector, spark_app_name ORDER BY log_count DESC`],
];

async function cmdDemo(argv: string[]): Promise<void> {
  const { values } = parse(argv, { dir: { type: 'string' } });
  const base = resolve(String(values.dir ?? join(repoRoot(), 'demo')));
  const data = join(base, 'cluster-logs');
  const warehouse = join(base, 'warehouse');
  const { generateCluster } = await import('../generate/index.js');
  process.stdout.write(`1. Generating a synthetic cluster's logs (seed 42) into ${data}\n`);
  const g = await generateCluster({ out: data, seed: 42, scale: 'small' });
  process.stdout.write(`   ${g.files} files, ${g.lines.toLocaleString('en-US')} lines (${Object.entries(g.layouts).map(([k, v]) => `${k}: ${v}`).join(', ')})\n\n`);
  process.stdout.write(`2. Ingesting into ${warehouse}\n`);
  const inputs = ['docker', 'k8s', 's3'].map((d) => join(data, d)).filter((p) => existsSync(p));
  // `docker logs --timestamps orders-worker | loglake ingest - --service orders-worker`
  const stdinFile = join(data, 'stdin', 'docker-logs-timestamps.txt');
  const withStdin = existsSync(stdinFile) ? [...inputs, '-'] : inputs;
  const s = await runIngest({
    inputs: withStdin, warehouse, cluster: 'demo-cluster', environment: 'demo', service: 'orders-worker',
    stdin: existsSync(stdinFile) ? createReadStream(stdinFile) : undefined,
  });
  process.stdout.write(renderSummary(s) + '\n\n');
  process.stdout.write('3. Re-running the same ingest (exactly once: nothing new to write)\n');
  const s2 = await runIngest({
    inputs: withStdin, warehouse, cluster: 'demo-cluster', environment: 'demo', service: 'orders-worker',
    stdin: existsSync(stdinFile) ? createReadStream(stdinFile) : undefined,
  });
  process.stdout.write(`   lines read ${s2.totals.lines}, rows written ${s2.totals.rows}, files unchanged ${s2.files_skipped_unchanged}\n\n`);
  const lake = await openLake(warehouse);
  try {
    for (const [title, sql] of DEMO_QUERIES) {
      process.stdout.write(`── ${title}\n${sql}\n`);
      process.stdout.write(formatResult(await query(lake.con, sql), 'table') + '\n\n');
    }
  } finally {
    lake.close();
  }
  process.stdout.write(`Try: npx loglake query --warehouse ${warehouse} "SELECT event_type, count(*) FROM logs GROUP BY 1 ORDER BY 2 DESC"\n\n`);
  const { buildReport } = await import('./report-command.js');
  const r = await buildReport(warehouse, join(base, 'report.html'), new URLSearchParams({ since: '24h' }));
  process.stdout.write(`4. Report: ${r.path} (${(r.bytes / 1048576).toFixed(1)} MiB, built in ${r.seconds.toFixed(1)} s) — open it in a browser, it works offline\n` +
    `   Live UI with filters, drill-down and a SQL console: npx loglake serve --warehouse ${warehouse}  (then open http://127.0.0.1:8080/)\n`);
}

/** Entry point; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'ingest': {
        const s = await cmdIngest(rest);
        return s.balanced && s.source_errors.length === 0 ? 0 : 1;
      }
      case 'query': await cmdQuery(rest); return 0;
      case 'generate': await cmdGenerate(rest); return 0;
      case 'templates': await cmdTemplates(rest); return 0;
      case 'demo': await cmdDemo(rest); return 0;
      case 'patterns': case 'anomalies': case 'features': case 'profile': {
        const mod = await import(`../analytics/${cmd === 'anomalies' ? 'anomaly' : cmd}/index.js`) as Record<string, (a: string[], o: NodeJS.WritableStream) => Promise<number>>;
        const fn = mod[`${cmd}Command`];
        if (!fn) throw new Error(`command ${cmd} is not available`);
        return await fn(rest, process.stdout);
      }
      case 'ask': {
        const { askCommand } = await import('./ask-command.js');
        return await askCommand(rest, process.stdout, process.stderr);
      }
      case 'report': case 'serve': {
        const m = await import('./report-command.js');
        return await (cmd === 'report' ? m.reportCommand : m.serveCommand)(rest, process.stdout);
      }
      case 'maintain': {
        const { maintainCommand } = await import('./maintain-command.js');
        return await maintainCommand(rest, process.stdout);
      }
      case undefined: case 'help': case '--help': case '-h':
        process.stdout.write(HELP);
        return cmd === undefined ? 2 : 0;
      case '--version': case 'version': {
        const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
        process.stdout.write(pkg.version + '\n');
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${cmd}" (see loglake --help)`);
    }
  } catch (e) {
    printError(e, debug);
    return e instanceof UsageError ? 2 : 1;
  }
}

/** One line on stderr (credentials redacted, whatever the scheme); the stack only with --debug. */
function printError(e: unknown, debug: boolean): void {
  const err = e instanceof Error ? e : new Error(String(e));
  let line: string;
  if (e instanceof LoglakeError) line = err.message;
  // the Iceberg sink's own errors (catalog refused, unreachable, commit state unknown) say what and where
  else if (e instanceof IcebergError || /^(Iceberg|CommitConflict)Error$/.test(err.name)) line = err.message;
  else if (/^SQLITE_/.test(String((err as { code?: unknown }).code))) line = `SQLite catalog: ${err.message}`;
  else if (isErrnoError(err)) {
    // an operating-system error that no stage turned into a LoglakeError: still say what and where
    const net = err as NodeJS.ErrnoException & { address?: string; port?: number };
    const where = err.path ? ` ${err.path}` : net.address ? ` ${net.address}${net.port ? `:${net.port}` : ''}` : '';
    line = `${err.syscall ?? 'I/O'}${where} failed: ${describeErrno(err)}`;
  } else line = `internal error: ${err.message} (run with --debug for details)`;
  process.stderr.write(`loglake: ${redactSecrets(line.split('\n')[0]!)}\n`);
  if (debug) process.stderr.write(redactSecrets(String(err.stack)) + '\n');
}
