/**
 * `loglake ask`: plain-language questions over the canonical schema → checked, read-only SQL.
 * Two engines behind one interface: the built-in translator (offline, deterministic) and, when
 * configured, an OpenAI-compatible chat model whose SQL is parsed and checked before it runs.
 * Imports analytics/sql, schema and core only.
 */
export { translate, type Vocabulary, type Refusal, type Translation } from './translate.js';
export { planToSql } from './plan-to-sql.js';
export { describePlan } from './describe-plan.js';
export { loadVocabulary } from './vocabulary.js';
export { lockDown, runLimited, type RunLimits } from './sandbox.js';
export type { QueryPlan } from './query-plan.js';
export { ask, type AskOptions, type AskOutcome } from './ask.js';
export { checkSql, bindSql, ALLOWED_VIEWS } from './sql-guard.js';
export { llmConfigFromEnv, redactUrl, type LlmConfig } from './llm-client.js';
