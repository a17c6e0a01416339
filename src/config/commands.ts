/**
 * Every command's option table: one entry per flag (see option-table.ts). `loglake <command>
 * --help` prints it; the commands parse their flags with it.
 */
import type { CommandSpec, OptionSpec } from './option-table.js';

const WAREHOUSE: OptionSpec = { name: 'warehouse', kind: 'string', arg: '<dir|s3://…>', help: 'warehouse directory, or s3://bucket/prefix (Iceberg with an external catalog)', required: true };
const CATALOG: OptionSpec = { name: 'catalog', kind: 'string', arg: '<uri>', help: 'Iceberg catalog: http(s)://host/path (REST: Glue, S3 Tables, Polaris, Nessie, Lakekeeper, Unity…), postgresql://user:pass@host/db, or sqlite:<path> (default: SQLite <warehouse>/catalog.db); an S3 warehouse needs REST or PostgreSQL', config: 'catalog' };
/** REST catalog settings; secrets only from the environment (LOGLAKE_CATALOG_TOKEN, LOGLAKE_CATALOG_CREDENTIAL=id:secret). */
const CATALOG_REST: OptionSpec[] = [
  { name: 'catalog-warehouse', kind: 'string', arg: '<w>', help: 'REST: the warehouse to ask /v1/config for (Glue: account id; S3 Tables: table bucket ARN)', config: 'catalog_warehouse' },
  { name: 'catalog-sigv4', kind: 'string', arg: '<name>', help: 'REST: sign requests with AWS SigV4 under this service name (glue, s3tables); credentials from the AWS default chain', config: 'catalog_sigv4' },
  { name: 'catalog-region', kind: 'string', arg: '<region>', help: 'REST: SigV4 region (default AWS_REGION)', config: 'catalog_region' },
  { name: 'catalog-oauth2-uri', kind: 'string', arg: '<url>', help: 'REST: OAuth2 token endpoint for LOGLAKE_CATALOG_CREDENTIAL=client_id:secret (default from the catalog\'s config); a bearer token comes from LOGLAKE_CATALOG_TOKEN. Secrets only from the environment', config: 'catalog_oauth2_uri' },
  { name: 'catalog-scope', kind: 'string', arg: '<scope>', help: 'REST: OAuth2 scope', config: 'catalog_scope' },
];
const CACHE_DIR: OptionSpec = { name: 'cache-dir', kind: 'string', arg: '<dir>', help: 'S3 warehouses without DuckDB httpfs: where the pruned data files are cached (default $XDG_CACHE_HOME/loglake or ~/.cache/loglake)' };
const NAMESPACE: OptionSpec = { name: 'namespace', kind: 'string', arg: '<ns>', help: 'Iceberg namespace', default: 'loglake', config: 'namespace' };
/** How the analytics commands find an Iceberg table (and its S3 files). */
const LAKE: OptionSpec[] = [CATALOG, ...CATALOG_REST, NAMESPACE, CACHE_DIR];
const TEXT_OR_JSON: OptionSpec = { name: 'format', kind: 'choice', choices: ['text', 'json'], help: 'output format', default: 'text' };
const SERVICE_FILTER: OptionSpec = { name: 'service', kind: 'string', arg: '<name>', help: 'only this service' };
const SINCE: OptionSpec = { name: 'since', kind: 'time', help: 'only events at or after this time (ISO-8601, or a duration ago such as 2h)' };
const UNTIL: OptionSpec = { name: 'until', kind: 'time', help: 'only events before this time (ISO-8601, or a duration ago)' };
const STATE: OptionSpec = { name: 'state', kind: 'string', arg: '<file>', help: 'template miner state file (default <warehouse>/_loglake/templates.json)' };

const INPUTS_NOTE = `Inputs: files, directories (recursive; runtime files such as config.v2.json are skipped), globs,
s3://bucket/prefix (AWS credential chain; LOGLAKE_S3_ENDPOINT or AWS_ENDPOINT_URL_S3 for S3-compatible
servers) and "-" for standard input; .gz files are decompressed. Re-running ingests only new bytes.
Times: durations are a number and a unit (500ms, 30s, 5m, 2h, 7d); times are ISO-8601
(2026-03-02T10:00:00Z; UTC when no zone is given) or a duration ago (2h).`;

export const INGEST: CommandSpec = {
  name: 'ingest',
  usage: 'ingest <path|glob|s3://bucket/prefix|->... --warehouse <dir> [options]',
  summary: 'Read container, Spark, Kafka and PostgreSQL logs into the warehouse, exactly once.',
  positionals: 'any',
  positionalError: 'at least one input path, glob or "-"',
  options: [
    { ...WAREHOUSE, help: 'warehouse directory (created when missing)' },
    { name: 'config', kind: 'string', arg: '<file>', help: 'JSON config file with the keys named below; flags override it' },
    { name: 'service', kind: 'string', arg: '<name>', help: 'service for rows whose origin does not name one', config: 'service' },
    { name: 'cluster', kind: 'string', arg: '<id>', help: 'cluster_id written on every row', config: 'cluster' },
    { name: 'environment', kind: 'string', arg: '<env>', help: 'environment written on every row', config: 'environment' },
    { name: 'format', kind: 'choice', choices: ['auto', 'docker-json', 'cri', 'fluentbit', 'docker-ts', 'plain'], help: 'envelope: sniffed per file, or forced (docker-ts = docker logs --timestamps)', default: 'auto', config: 'format' },
    { name: 'multiline', kind: 'choice', choices: ['auto', 'none'], help: 'join stack traces, PG DETAIL/STATEMENT lines… (auto) or not', default: 'auto', config: 'multiline' },
    { name: 'max-line-bytes', kind: 'int', min: 1024, help: 'physical lines longer than this are quarantined', default: '1048576', config: 'max_line_bytes' },
    { name: 'idle-secs', kind: 'int', help: 'a file changed less than n seconds ago keeps its unterminated last line for later', default: '2', config: 'idle_secs' },
    { name: 'tz-offset', kind: 'string', arg: '<±HH:MM>', help: 'zone of timestamps in lines that carry none', default: '+00:00', config: 'tz_offset' },
    { name: 'pg-log-line-prefix', kind: 'string', arg: '<spec>', help: "the PostgreSQL servers' log_line_prefix (e.g. '%m [%p] %q%u@%d '): names every field of the prefix exactly, positional ones too", config: 'pg_log_line_prefix' },
    { name: 'workers', kind: 'int', help: 'Parquet encoder threads (0 = main thread)', default: '1', config: 'workers' },
    { name: 'commit-bytes', kind: 'int', min: 1, help: 'commit (data files + offsets) whenever this many bytes are buffered; smaller = more, smaller files, less memory', default: '25165824', config: 'commit_bytes' },
    { name: 'table-format', kind: 'choice', choices: ['parquet', 'iceberg'], help: 'parquet: hive dataset <warehouse>/logs/service=/date=/hour=; iceberg: Iceberg v2 table <namespace>.logs through a catalog', default: 'parquet', config: 'table_format' },
    CATALOG,
    ...CATALOG_REST,
    NAMESPACE,
    { name: 'shard', kind: 'string', arg: '<i/N|auto>', help: 'ingest only the sources of shard i of N (parallel writers); Iceberg only. auto: i from JOB_COMPLETION_INDEX (Kubernetes Indexed Job), N from LOGLAKE_SHARD_COUNT (implied when both are set)' },
    { name: 'follow-any-symlink', kind: 'boolean', help: 'follow symlinked files anywhere (default: only into the input folders and the runtimes\' log roots, never into /proc, /sys, /dev, /etc; others are quarantined)' },
    { name: 'no-templates', kind: 'boolean', help: 'do not assign template_id (faster; `loglake patterns` mines them later)' },
    { name: 'follow', kind: 'boolean', help: 'keep running: tail the inputs (new files, rotations, truncations; new s3:// objects) and commit every --commit-interval until SIGTERM/SIGINT' },
    { name: 'commit-interval', kind: 'duration', min: 100, help: 'with --follow: commit at least this often while data arrives', default: '10s', config: 'commit_interval' },
    { name: 'shutdown-grace', kind: 'duration', min: 100, help: 'with --follow: on SIGTERM/SIGINT stop reading, commit and exit within this time', default: '20s', config: 'shutdown_grace' },
    { name: 'poll-interval', kind: 'duration', min: 10, help: 'with --follow: look for changes this often even without file-system notifications', default: '1s', config: 'poll_interval' },
    { name: 's3-poll-interval', kind: 'duration', min: 100, help: 'with --follow: list s3:// inputs this often (each listing costs a request per 1,000 objects)', default: '30s', config: 's3_poll_interval' },
    { name: 'metrics-addr', kind: 'string', arg: '<host:port>', help: 'serve Prometheus /metrics, /healthz and /readyz there (e.g. 127.0.0.1:9464)', config: 'metrics_addr' },
    { name: 'metrics-file', kind: 'string', arg: '<file>', help: 'write the metrics as a node-exporter textfile (at the end; with --follow after every commit)', config: 'metrics_file' },
    { name: 'json', kind: 'boolean', help: 'print the run summary as JSON' },
    { name: 'no-progress', kind: 'boolean', help: 'no progress bar even on a terminal' },
  ],
  notes: INPUTS_NOTE,
};

export const QUERY: CommandSpec = {
  name: 'query',
  usage: 'query --warehouse <dir> [options] "<SQL>"',
  summary: 'Run one SQL statement (DuckDB) over the warehouse.',
  positionals: 'one',
  positionalError: 'exactly one SQL statement (quote it)',
  options: [
    { ...WAREHOUSE, help: 'warehouse to query' },
    { name: 'format', kind: 'choice', choices: ['table', 'csv', 'json'], help: 'output (json: one object per line)', default: 'table' },
    { name: 'table-format', kind: 'choice', choices: ['auto', 'parquet', 'iceberg'], help: 'table format of the warehouse', default: 'auto' },
    CATALOG,
    ...CATALOG_REST,
    NAMESPACE,
    CACHE_DIR,
    { name: 'snapshot', kind: 'string', arg: '<id>', help: 'Iceberg: read an older snapshot' },
    { name: 'as-of', kind: 'time', help: 'Iceberg: the snapshot current at this time' },
    { name: 'service', kind: 'string', arg: '<name>', multiple: true, help: 'Iceberg: scan only this service\'s files' },
    { ...SINCE, help: 'Iceberg: only files and rows from this event time (pruned through the manifests)' },
    { ...UNTIL, help: 'Iceberg: only files and rows before this event time' },
  ],
  notes: `Views: logs (canonical rows; Parquet adds hive columns date, hour), quarantine, spark_logs (the
seed's 14 columns); Iceberg adds snapshots.`,
};

export const GENERATE: CommandSpec = {
  name: 'generate',
  usage: 'generate --out <dir> [--seed N] [--scale small|large]',
  summary: 'Write a synthetic cluster\'s logs (Docker, Kubernetes, Fluent Bit S3 layouts) with ground truth.',
  positionals: 'none',
  options: [
    { name: 'out', kind: 'string', arg: '<dir>', help: 'output directory', required: true },
    { name: 'seed', kind: 'int', help: 'random seed', default: '42' },
    { name: 'scale', kind: 'choice', choices: ['small', 'large'], help: 'size of the cluster', default: 'small' },
  ],
};

export const TEMPLATES: CommandSpec = {
  name: 'templates',
  usage: 'templates <file>',
  summary: 'Mine the templates of a one-message-per-line file → CSV LineId,EventTemplate.',
  positionals: 'one',
  positionalError: 'exactly one file',
  options: [],
};

export const PATTERNS: CommandSpec = {
  name: 'patterns',
  usage: 'patterns --warehouse <dir> [--service s] [--since t] [--window 1h]',
  summary: 'Top templates, their trends and the new ones.',
  positionals: 'none',
  options: [
    WAREHOUSE, ...LAKE, SERVICE_FILTER, SINCE, UNTIL,
    { name: 'window', kind: 'duration', min: 1, help: 'trend window', default: '1h' },
    { name: 'top', kind: 'int', help: 'how many templates to list', default: '20' },
    STATE, TEXT_OR_JSON,
  ],
};

export const ANOMALIES: CommandSpec = {
  name: 'anomalies',
  usage: 'anomalies --warehouse <dir> [--window 5m] [--service s]',
  summary: 'Unsupervised anomalies per service and window, with correlation.',
  positionals: 'none',
  options: [
    WAREHOUSE, ...LAKE,
    { name: 'window', kind: 'duration', min: 1, help: 'window length', default: '5m' },
    SERVICE_FILTER, SINCE, UNTIL,
    { name: 'kind', kind: 'string', arg: '<kind>', multiple: true, help: 'only these anomaly kinds' },
    { name: 'season', kind: 'string', arg: '<d|off>', help: 'seasonal period (default 1d, used once two periods of history exist), or off' },
    { name: 'include-benign', kind: 'boolean', help: 'also list anomalies labelled benign (deploy, scheduled, periodic)' },
    { name: 'no-sequence', kind: 'boolean', help: 'skip the template-sequence detector' },
    { name: 'no-split-brokers', kind: 'boolean', help: 'treat Kafka brokers as one service' },
    { name: 'samples', kind: 'int', help: 'sample lines per anomaly', default: '3' },
    { name: 'no-write', kind: 'boolean', help: 'do not write the anomalies table' },
    STATE, TEXT_OR_JSON,
  ],
};

export const FEATURES: CommandSpec = {
  name: 'features',
  usage: 'features --warehouse <dir> [--window 5m] [--rolling 1h]',
  summary: 'ML feature table per service and window.',
  positionals: 'none',
  options: [
    WAREHOUSE, ...LAKE,
    { name: 'window', kind: 'string', arg: '<duration>', help: 'window length (a duration: 1m, 5m, 1h)', default: '5m' },
    { name: 'rolling', kind: 'duration', min: 1, help: 'rolling baseline length', default: '1h' },
    TEXT_OR_JSON,
  ],
};

export const PROFILE: CommandSpec = {
  name: 'profile',
  usage: 'profile --warehouse <dir>',
  summary: 'Parse rates, null rates, quarantine and skew of the warehouse.',
  positionals: 'none',
  options: [WAREHOUSE, ...LAKE, TEXT_OR_JSON],
};

export const MAINTAIN: CommandSpec = {
  name: 'maintain',
  usage: 'maintain --warehouse <dir> [options]',
  summary: 'Iceberg: compact small files, expire old snapshots, remove orphan files.',
  positionals: 'none',
  options: [
    WAREHOUSE, CATALOG, ...CATALOG_REST, NAMESPACE,
    { name: 'relocate', kind: 'boolean', help: 'a copied or moved warehouse: rewrite its tables\' metadata (absolute paths) to point into this warehouse, through the catalog; without it, ingest and maintain refuse to touch a table whose files lie outside --warehouse' },
    { name: 'no-compact', kind: 'boolean', help: 'skip compaction' },
    { name: 'no-expire', kind: 'boolean', help: 'skip snapshot expiry' },
    { name: 'no-orphans', kind: 'boolean', help: 'skip orphan removal' },
    { name: 'min-files', kind: 'int', min: 1, help: 'compact a partition when it has at least n small files', default: '2' },
    { name: 'target-file-bytes', kind: 'int', min: 1, help: 'files smaller than this are compaction candidates', default: '134217728' },
    { name: 'expire-older-than', kind: 'duration', help: 'expire snapshots older than this, keeping --retain-last and every snapshot carrying the latest committed offsets', default: '7d' },
    { name: 'retain-last', kind: 'int', min: 1, help: 'snapshots always kept', default: '5' },
    { name: 'orphans-older-than', kind: 'duration', help: 'remove unreferenced files older than this', default: '1h' },
  ],
};

export const DEMO: CommandSpec = {
  name: 'demo',
  usage: 'demo [--dir <dir>]',
  summary: 'Generate a synthetic cluster, ingest it, show the summary and queries.',
  positionals: 'none',
  options: [{ name: 'dir', kind: 'string', arg: '<dir>', help: 'where to put the data and warehouse', default: './demo' }],
};

export const ASK: CommandSpec = {
  name: 'ask',
  usage: 'ask --warehouse <dir> "<question>" [--format table|csv|json] [--dry-run]',
  summary: 'A question in plain language → the SQL it runs (printed first) → the result, read-only.',
  positionals: 'one',
  positionalError: 'exactly one question (quote it)',
  options: [
    { ...WAREHOUSE, arg: '<dir>', help: 'warehouse to ask (local)' },
    { name: 'format', kind: 'choice', choices: ['table', 'csv', 'json'], help: 'output (csv/json: the SQL goes to stderr)', default: 'table' },
    { name: 'dry-run', kind: 'boolean', help: 'only print the SQL' },
    { name: 'now', kind: 'time', help: 'what "now" is for relative times (default: the clock)' },
    { name: 'max-rows', kind: 'int', min: 1, help: 'row limit of the answer', default: '1000' },
    { name: 'timeout-secs', kind: 'int', min: 1, help: 'time limit of the query', default: '30' },
    { name: 'no-model', kind: 'boolean', help: 'use the built-in translator even when a model is configured' },
  ],
  notes: `Engines: the built-in translator (offline, deterministic) answers counts and rates by service,
severity, component, Kafka broker/topic, database, Spark app, error class, event type; time ranges;
top-N; new and rare templates; slowest statements; one service versus another; per time bucket.
With LOGLAKE_LLM_URL and LOGLAKE_LLM_MODEL (and optionally LOGLAKE_LLM_API_KEY) set, an
OpenAI-compatible /v1/chat/completions endpoint writes the SQL instead; its SQL is parsed and
checked before it runs. Nothing leaves the machine unless LOGLAKE_LLM_URL is set.`,
};

export const REPORT: CommandSpec = {
  name: 'report',
  usage: 'report --warehouse <dir> [--since 24h] [--service s] [--out report.html]',
  summary: 'One self-contained HTML report (charts, templates, anomalies, Kafka, PostgreSQL, Spark).',
  positionals: 'none',
  options: [
    { ...WAREHOUSE, arg: '<dir>', help: 'warehouse to report on (local)' },
    { name: 'since', kind: 'string', arg: '<t>', help: 'ISO time, or a duration back from the latest row', default: '24h' },
    { name: 'until', kind: 'string', arg: '<t>', help: 'ISO time' },
    { name: 'service', kind: 'string', arg: '<name>', help: 'only this service' },
    { name: 'out', kind: 'string', arg: '<file>', help: 'where to write the page', default: 'report.html' },
  ],
};

export const SERVE: CommandSpec = {
  name: 'serve',
  usage: 'serve --warehouse <dir> [--port 8080] [--host 127.0.0.1] [--token T]',
  summary: 'The same views live: filters, zoom, drill-down to rows, a read-only SQL console.',
  positionals: 'none',
  options: [
    { ...WAREHOUSE, arg: '<dir>', help: 'warehouse to serve (local)' },
    { name: 'port', kind: 'int', help: 'port (0 = any free one)', default: '8080' },
    { name: 'host', kind: 'string', arg: '<addr>', help: 'address to bind; anything but loopback needs --token', default: '127.0.0.1' },
    { name: 'token', kind: 'string', arg: '<T>', help: 'required token (or LOGLAKE_SERVE_TOKEN)' },
    { name: 'sql-timeout-secs', kind: 'int', min: 1, help: 'console queries are cancelled after this', default: '10' },
  ],
};

/** Every command, in the order of the overview. */
export const COMMANDS: readonly CommandSpec[] = [INGEST, QUERY, ASK, GENERATE, TEMPLATES, PATTERNS, ANOMALIES, FEATURES, PROFILE, REPORT, SERVE, MAINTAIN, DEMO];

/** Notes below the command overview. */
export const OVERVIEW_NOTES = INPUTS_NOTE;

/** The spec of `name`, or undefined. */
export function commandSpec(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
