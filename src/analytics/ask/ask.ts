/**
 * One question end to end: open the lake read-only, translate (built-in, or the model when
 * configured, with the built-in attempt as a hint), check the SQL, print it, run it with limits.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { openWarehouse, type QueryResult } from '../sql/lake.js';
import { LoglakeError } from '../../core/errors.js';
import { translate, type Vocabulary } from './translate.js';
import { planToSql } from './plan-to-sql.js';
import { loadVocabulary } from './vocabulary.js';
import { lockDown, runLimited, type RunLimits } from './sandbox.js';
import { checkSql, bindSql, trimSql } from './sql-guard.js';
import { chat, extractSql, redactUrl, type LlmConfig } from './llm-client.js';
import { buildPrompt } from './model-prompt.js';

/** Options of one `ask`. */
export interface AskOptions {
  warehouse: string;
  question: string;
  now: Date;
  dryRun: boolean;
  limits: RunLimits;
  llm?: LlmConfig;
  /** Progress / explanation lines (the SQL, what was understood, the endpoint). */
  note: (line: string) => void;
}

/** The outcome of one `ask`. */
export type AskOutcome =
  | { kind: 'answer'; engine: 'builtin' | 'model'; sql: string; result?: QueryResult & { truncated: boolean } }
  | { kind: 'refused'; reason: string; suggestion?: string };

/** Asks one question (see module comment). */
export async function ask(o: AskOptions): Promise<AskOutcome> {
  const lake = await openWarehouse(o.warehouse);
  try {
    const vocab = await loadVocabulary(lake.con);
    await lockDown(lake.con, o.warehouse);
    const t = translate(o.question, vocab, o.now);
    const builtinSql = t.refused ? undefined : planToSql(t.plan);
    let sql: string | undefined;
    let engine: 'builtin' | 'model' = 'builtin';
    if (o.llm) {
      o.note(`model endpoint: ${redactUrl(o.llm.url)} (model ${o.llm.model})`);
      const m = await modelSql(lake.con, o, vocab, t.refused ? { refusal: t.reason } : { sql: builtinSql, understood: t.understood });
      if ('sql' in m) { sql = m.sql; engine = 'model'; }
      else if (builtinSql) o.note(`model answer refused (${m.reason}); using the built-in translation`);
      else return { kind: 'refused', reason: m.reason, suggestion: t.refused ? t.suggestion : undefined };
    }
    if (!sql) {
      if (t.refused) return { kind: 'refused', reason: t.reason, suggestion: t.suggestion };
      o.note(`understood as: ${t.understood}`);
      for (const a of t.plan.assumptions) o.note(`assumed: ${a}`);
      if (t.plan.time) o.note(`time range relative to now = ${o.now.toISOString()}`);
      sql = builtinSql!;
      const g = await checkSql(lake.con, sql);
      if (!g.ok) throw new LoglakeError('QUERY_FAILED', `internal: the built-in SQL failed its own check: ${g.reason}`);
    }
    o.note(`SQL (${engine}):`);
    o.note(sql);
    if (o.dryRun) return { kind: 'answer', engine, sql };
    return { kind: 'answer', engine, sql, result: await runLimited(lake.con, sql, o.limits) };
  } finally {
    lake.close();
  }
}

/** The model's SQL after checks, with one repair round when DuckDB rejects it; or why it was refused. */
async function modelSql(con: DuckDBConnection, o: AskOptions, vocab: Vocabulary, builtin: { sql?: string; understood?: string; refusal?: string }): Promise<{ sql: string } | { reason: string }> {
  const messages = buildPrompt(o.question, vocab, o.now, builtin);
  for (let round = 0; round < 2; round++) {
    const reply = await chat(o.llm!, messages);
    const x = extractSql(reply);
    if ('refuse' in x) return { reason: `the model declined: ${x.refuse}` };
    const sql = trimSql(x.sql);
    let g = await checkSql(con, sql);
    if (g.ok) g = await checkSql(con, `SELECT * FROM (\n${sql}\n) AS ask_result`);
    if (g.ok) g = await bindSql(con, sql);
    if (g.ok) return { sql };
    if (g.kind === 'forbidden') return { reason: `the model's SQL was refused: ${g.reason}` };
    if (round === 0) {
      o.note(`model SQL rejected (${g.reason}); asking for one repair`);
      messages.push({ role: 'assistant', content: reply }, { role: 'user', content: `DuckDB rejected that SQL: ${g.reason}\nReply with corrected SQL in one \`\`\`sql block.` });
    } else {
      return { reason: `the model's SQL was still rejected after one repair: ${g.reason}` };
    }
  }
  return { reason: 'unreachable' };
}
