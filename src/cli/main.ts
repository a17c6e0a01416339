/**
 * The `loglake` command line: argument parsing, commands, exit codes, one-line human errors.
 * Exit codes: 0 ok, 1 runtime error, 2 usage error. Stacks only with --debug.
 */
import { existsSync, readFileSync, createReadStream } from 'node:fs';
import { resolve, join } from 'node:path';
import { LoglakeError, UsageError } from '../core/errors.js';
import { IcebergError } from '../sinks/iceberg/spec/iceberg-error.js';
import { redactSecrets } from '../core/redact.js';
import { describeErrno, isErrnoError } from '../core/fs-errors.js';
import { formatCount } from '../core/format-count.js';
import { repoRoot } from '../core/paths.js';
import { warehouseArg } from './warehouse-arg.js';
import { parseCommandLine, renderUsage, renderOverview, wantsHelp, commandSpec, COMMANDS, OVERVIEW_NOTES, QUERY, GENERATE, TEMPLATES, DEMO } from '../config/index.js';

const TITLE = 'loglake — container and Spark runtime logs into queryable lakehouse tables';

async function cmdQuery(argv: string[]): Promise<void> {
  const { values: v, positionals } = parseCommandLine(QUERY, argv);
  let snapshotId: bigint | undefined;
  if (v.snapshot !== undefined) {
    if (!/^-?\d+$/.test(String(v.snapshot))) throw new UsageError(`--snapshot must be a snapshot id, got "${String(v.snapshot)}"`);
    snapshotId = BigInt(String(v.snapshot));
  }
  const since = v.since as number | undefined;
  const until = v.until as number | undefined;
  const [{ openWarehouse, query, formatResult }, { restCatalogFlags }] =
    await Promise.all([import('../analytics/sql/lake.js'), import('../table/catalog-connect.js')]);
  const lake = await openWarehouse(warehouseArg(String(v.warehouse)), {
    tableFormat: (v['table-format'] as 'auto' | 'parquet' | 'iceberg' | undefined) ?? 'auto', catalog: v.catalog as string | undefined,
    catalogRest: restCatalogFlags(v), namespace: v.namespace as string | undefined,
    cacheDir: v['cache-dir'] === undefined ? undefined : resolve(String(v['cache-dir'])),
    snapshotId, asOfMs: v['as-of'] as number | undefined, services: v.service as string[] | undefined,
    fromMicros: since === undefined ? undefined : since * 1000, toMicros: until === undefined ? undefined : until * 1000,
  });
  try {
    const r = await query(lake.con, positionals[0]!);
    process.stdout.write(formatResult(r, (v.format as 'table' | 'csv' | 'json' | undefined) ?? 'table') + '\n');
  } finally {
    lake.close();
  }
}

async function cmdGenerate(argv: string[]): Promise<void> {
  const { values } = parseCommandLine(GENERATE, argv);
  const seed = (values.seed as number | undefined) ?? 42;
  const scale = (values.scale as 'small' | 'large' | undefined) ?? 'small';
  const { generateCluster } = await import('../generate/index.js');
  const r = await generateCluster({ out: resolve(String(values.out)), seed, scale });
  process.stdout.write(`generated ${r.files} files, ${formatCount(r.lines)} lines, ${(r.bytes / 1048576).toFixed(1)} MiB into ${resolve(String(values.out))}\n` +
    `layouts: ${Object.entries(r.layouts).map(([k, v]) => `${k} ${v}`).join(', ')}\nground truth: ${r.groundTruthPath}\n`);
}

async function cmdTemplates(argv: string[]): Promise<void> {
  const { positionals } = parseCommandLine(TEMPLATES, argv);
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
  const { values } = parseCommandLine(DEMO, argv);
  const base = resolve(String(values.dir ?? join(repoRoot(), 'demo')));
  const data = join(base, 'cluster-logs');
  const warehouse = join(base, 'warehouse');
  const { generateCluster } = await import('../generate/index.js');
  process.stdout.write(`1. Generating a synthetic cluster's logs (seed 42) into ${data}\n`);
  const g = await generateCluster({ out: data, seed: 42, scale: 'small' });
  process.stdout.write(`   ${g.files} files, ${formatCount(g.lines)} lines (${Object.entries(g.layouts).map(([k, v]) => `${k}: ${v}`).join(', ')})\n\n`);
  process.stdout.write(`2. Ingesting into ${warehouse}\n`);
  const inputs = ['docker', 'k8s', 's3'].map((d) => join(data, d)).filter((p) => existsSync(p));
  // `docker logs --timestamps orders-worker | loglake ingest - --service orders-worker`
  const stdinFile = join(data, 'stdin', 'docker-logs-timestamps.txt');
  const [{ runIngest }, { renderSummary }, { openLake, query, formatResult }] =
    await Promise.all([import('../pipeline/ingest.js'), import('./render-summary.js'), import('../analytics/sql/lake.js')]);
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
    const spec = cmd === undefined ? undefined : commandSpec(cmd);
    if (spec && wantsHelp(rest)) {
      process.stdout.write(renderUsage(spec));
      return 0;
    }
    switch (cmd) {
      case 'ingest': {
        const { cmdIngest } = await import('./ingest-command.js');
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
        process.stdout.write(renderOverview(TITLE, COMMANDS, OVERVIEW_NOTES));
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
