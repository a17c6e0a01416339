/** Reads the lake's distinct values per dimension: the only names a question may match. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { DIMENSIONS, type Dimension } from './query-plan.js';
import type { Vocabulary } from './translate.js';

/** Most distinct values read per column. */
export const MAX_VALUES_PER_COLUMN = 2000;

const VALUE_DIMENSIONS: Dimension[] = ['service', 'severity', 'component', 'broker', 'topic', 'consumer_group', 'database', 'pg_user', 'statement_kind',
  'spark_app', 'spark_app_id', 'error_class', 'event_type', 'host', 'pod', 'namespace', 'container', 'environment', 'cluster'];

/** Loads the distinct values of the value dimensions in one scan of `logs`. */
export async function loadVocabulary(con: DuckDBConnection): Promise<Vocabulary> {
  const parts = VALUE_DIMENSIONS.map((d) => `SELECT '${d}' AS dim, CAST(v AS VARCHAR) AS v FROM (SELECT DISTINCT ${DIMENSIONS[d]} AS v FROM logs WHERE ${DIMENSIONS[d]} IS NOT NULL LIMIT ${MAX_VALUES_PER_COLUMN})`);
  const reader = await con.runAndReadAll(parts.join('\nUNION ALL\n'));
  const vocab: Vocabulary = {};
  for (const [dim, v] of reader.getRowsJS() as Array<[string, string]>) {
    const d = dim as Dimension;
    (vocab[d] ??= []).push(d === 'broker' ? Number(v) : v);
  }
  return vocab;
}
