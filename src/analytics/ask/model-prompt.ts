/** The prompt for the model path: schema documentation, views, example values, the built-in attempt. */
import { COLUMNS } from '../../schema/canonical.js';
import type { ChatMessage } from './llm-client.js';
import type { Vocabulary } from './translate.js';

const EXAMPLES_PER_COLUMN = 8;

/** Builds the chat messages for one question. */
export function buildPrompt(question: string, vocab: Vocabulary, now: Date, builtin: { sql?: string; understood?: string; refusal?: string }): ChatMessage[] {
  const columns = COLUMNS.map((c) => `- ${c.name} (${c.type}): ${c.doc}`).join('\n');
  const values = Object.entries(vocab)
    .map(([d, vs]) => `- ${d}: ${(vs ?? []).slice(0, EXAMPLES_PER_COLUMN).map((v) => JSON.stringify(v)).join(', ')}`)
    .join('\n');
  const system = [
    'You translate questions about runtime logs into ONE DuckDB SQL query over a log lake.',
    'Rules: a single read-only SELECT (WITH … SELECT allowed); read only the views below; no table functions (read_parquet, read_text, read_csv, glob …),',
    'no COPY/ATTACH/INSTALL/LOAD/PRAGMA/SET; every join needs a join condition; errors mean severity IN (\'ERROR\',\'FATAL\');',
    'times are UTC TIMESTAMPTZ; use only values listed below or present in the data.',
    'Answer with the SQL in one ```sql block and nothing else, or with "REFUSE: <reason>" when the logs cannot answer the question.',
    '',
    'Views:',
    '- logs: one row per log event, columns:',
    columns,
    '  (plus the hive partition columns date VARCHAR and hour BIGINT)',
    '- spark_logs: timestamp, log_level, message, pod_name, namespace_name, app, spark_app_selector, queue, spark_app_name, spark_role, spark_version, submission_id, container_name, container_image',
    '- quarantine: source_path, source_offset, reason, stage, raw_length, raw_text (lines that failed to parse)',
    '',
    'Example values in this lake:',
    values,
  ].join('\n');
  const attempt = builtin.sql
    ? `The built-in translator understood it as "${builtin.understood}" and wrote:\n\`\`\`sql\n${builtin.sql}\n\`\`\`\nImprove it if it does not answer the question.`
    : `The built-in translator could not answer it: ${builtin.refusal ?? 'no reason'}.`;
  const user = `Current time (for relative ranges): ${now.toISOString()}\nQuestion: ${question}\n\n${attempt}`;
  return [{ role: 'system', content: system }, { role: 'user', content: user }];
}
