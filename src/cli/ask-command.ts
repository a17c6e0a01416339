/** `loglake ask`: a plain-language question over the warehouse → the SQL it runs → the result. */
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parseCommandLine, ASK } from '../config/index.js';
import { formatResult } from '../analytics/sql/lake.js';
import { ask, llmConfigFromEnv } from '../analytics/ask/index.js';

/** Usage text of `loglake ask`. */


/**
 * Runs `loglake ask`.
 * @returns 0 answered (or --help), 1 refused or failed at run time
 * @throws UsageError on bad flags
 */
export async function askCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parseCommandLine(ASK, argv);
  if (!positionals[0]!.trim()) throw new UsageError('ask needs exactly one question (quote it)');
  const format = (values.format as 'table' | 'csv' | 'json' | undefined) ?? 'table';
  const now = values.now === undefined ? new Date() : new Date(values.now as number);
  const limits = { maxRows: (values['max-rows'] as number | undefined) ?? 1000, timeoutMs: 1000 * ((values['timeout-secs'] as number | undefined) ?? 30) };
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
