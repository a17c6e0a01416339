/** `loglake ask`: a plain-language question over the warehouse → the SQL it runs → the result. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { formatResult } from '../analytics/sql/lake.js';
import { ask, llmConfigFromEnv } from '../analytics/ask/index.js';

/** Usage text of `loglake ask`. */
export const ASK_HELP = `Usage: loglake ask --warehouse <dir> "<question>" [options]

Answers a plain-language question about the logs: prints the SQL it will run, runs it read-only
(the lake's views only, no file access, a row limit and a time limit) and prints the result.

Options:
  --warehouse <dir>      warehouse to ask                                          [required]
  --format <f>           table | csv | json (csv/json: the SQL goes to stderr)     [table]
  --dry-run              only print the SQL
  --now <ISO time>       instant relative ranges ("last 2 hours") count back from  [current time]
  --max-rows <n>         row limit                                                 [1000]
  --timeout-secs <n>     time limit of the query                                   [30]
  --no-model             use the built-in translator even when a model is configured

Engines: the built-in translator (offline, deterministic) answers counts and rates by service,
severity, component, Kafka broker/topic, database, Spark app, error class, event type; time ranges;
top-N; new and rare templates; slowest statements; one service versus another; per time bucket.
With LOGLAKE_LLM_URL and LOGLAKE_LLM_MODEL (and optionally LOGLAKE_LLM_API_KEY) set, an
OpenAI-compatible /v1/chat/completions endpoint writes the SQL instead; its SQL is parsed and
checked before it runs. Nothing leaves the machine unless LOGLAKE_LLM_URL is set.

Examples:
  loglake ask --warehouse demo/warehouse "which kafka broker logged the most errors?"
  loglake ask --warehouse demo/warehouse --now 2026-03-03T08:00:00Z "slowest statements yesterday by database"
`;

function positiveInt(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  const s = String(v);
  if (!/^\d+$/.test(s) || Number(s) < 1) throw new UsageError(`ask: --${name} must be a positive integer, got "${s}"`);
  return Number(s);
}

/**
 * Runs `loglake ask`.
 * @returns 0 answered (or --help), 1 refused or failed at run time
 * @throws UsageError on bad flags
 */
export async function askCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { out.write(ASK_HELP); return 0; }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true, options: {
        warehouse: { type: 'string' }, format: { type: 'string' }, 'dry-run': { type: 'boolean' }, now: { type: 'string' },
        'max-rows': { type: 'string' }, 'timeout-secs': { type: 'string' }, 'no-model': { type: 'boolean' }, debug: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError(`ask: ${(e as Error).message}`);
  }
  const { values, positionals } = parsed;
  if (!values.warehouse) throw new UsageError('ask needs --warehouse <dir> (see loglake ask --help)');
  if (positionals.length !== 1 || !positionals[0]!.trim()) throw new UsageError('ask needs exactly one question (quote it)');
  const format = String(values.format ?? 'table');
  if (format !== 'table' && format !== 'csv' && format !== 'json') throw new UsageError(`ask: --format must be table, csv or json, got "${format}"`);
  let now = new Date();
  if (values.now !== undefined) {
    const ms = Date.parse(String(values.now));
    if (Number.isNaN(ms)) throw new UsageError(`ask: --now must be an ISO time like 2026-03-02T14:00:00Z, got "${String(values.now)}"`);
    now = new Date(ms);
  }
  const limits = { maxRows: positiveInt('max-rows', values['max-rows'], 1000), timeoutMs: 1000 * positiveInt('timeout-secs', values['timeout-secs'], 30) };
  const llm = values['no-model'] ? undefined : llmConfigFromEnv(env);
  const notes = format === 'table' ? out : err;
  const r = await ask({
    warehouse: resolve(String(values.warehouse)), question: positionals[0]!, now, dryRun: values['dry-run'] === true, limits, llm,
    note: (line) => notes.write(line.split('\n').map((l) => (format === 'table' ? l : `-- ${l}`)).join('\n') + '\n'),
  });
  if (r.kind === 'refused') {
    err.write(`loglake ask: cannot answer: ${r.reason}\n`);
    if (r.suggestion) err.write(`closest question I can answer: "${r.suggestion}"\n`);
    return 1;
  }
  if (r.result) {
    if (format === 'table') out.write('\n');
    out.write(formatResult(r.result, format) + '\n');
    if (r.result.truncated) err.write(`(stopped at the row limit of ${limits.maxRows} rows; raise it with --max-rows)\n`);
  }
  return 0;
}
