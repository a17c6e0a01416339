/**
 * Classifies SQL text by its leading keyword into pg_statement_kind: SELECT, INSERT, UPDATE,
 * DELETE, DDL, TCL, COPY or OTHER. Skips whitespace, `--`/`/* *\/` comments and opening
 * parentheses; `WITH … <main statement>` is classified by the first top-level
 * SELECT/INSERT/UPDATE/DELETE after the CTE list. Cursor statements (DECLARE, FETCH, CLOSE,
 * MOVE), maintenance (VACUUM, ANALYZE), SET/SHOW, EXPLAIN … are OTHER.
 */

const KIND: Readonly<Record<string, string>> = {
  SELECT: 'SELECT', VALUES: 'SELECT', TABLE: 'SELECT',
  INSERT: 'INSERT', UPDATE: 'UPDATE', DELETE: 'DELETE', MERGE: 'UPDATE',
  CREATE: 'DDL', ALTER: 'DDL', DROP: 'DDL', TRUNCATE: 'DDL', COMMENT: 'DDL', GRANT: 'DDL', REVOKE: 'DDL',
  REINDEX: 'DDL', CLUSTER: 'DDL', REFRESH: 'DDL', SECURITY: 'DDL',
  BEGIN: 'TCL', START: 'TCL', COMMIT: 'TCL', END: 'TCL', ROLLBACK: 'TCL', SAVEPOINT: 'TCL', RELEASE: 'TCL',
  ABORT: 'TCL', PREPARE: 'TCL',
  COPY: 'COPY',
};

const MAIN_AFTER_CTE = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE']);

function skipNoise(sql: string, p: number): number {
  for (;;) {
    const c = sql.charCodeAt(p);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 40 /* ( */ || c === 59 /* ; */) p++;
    else if (c === 45 && sql.charCodeAt(p + 1) === 45) {
      const e = sql.indexOf('\n', p);
      if (e < 0) return sql.length;
      p = e + 1;
    } else if (c === 47 && sql.charCodeAt(p + 1) === 42) {
      const e = sql.indexOf('*/', p + 2);
      if (e < 0) return sql.length;
      p = e + 2;
    } else return p;
  }
}

function wordAt(sql: string, p: number): string {
  let e = p;
  while (e < sql.length) {
    const c = sql.charCodeAt(e) | 32;
    if (c >= 97 && c <= 122) e++;
    else break;
  }
  return sql.slice(p, e).toUpperCase();
}

/** Statement kind of `sql`, or undefined for empty text. */
export function statementKind(sql: string): string | undefined {
  const p = skipNoise(sql, 0);
  if (p >= sql.length) return undefined;
  const w = wordAt(sql, p);
  if (w === 'WITH') return cteMain(sql, p + 4);
  if (w === 'PREPARE') {
    // PREPARE TRANSACTION is TCL; PREPARE name AS <stmt> is the inner statement
    const as = /\bAS\s+/i.exec(sql.slice(p, p + 400));
    if (as) return statementKind(sql.slice(p + as.index + as[0].length)) ?? 'OTHER';
    return 'TCL';
  }
  return KIND[w] ?? 'OTHER';
}

function cteMain(sql: string, p: number): string {
  let depth = 0;
  let inStr = false;
  const n = Math.min(sql.length, 20000);
  for (let i = p; i < n; i++) {
    const c = sql.charCodeAt(i);
    if (inStr) {
      if (c === 39) inStr = false;
      continue;
    }
    if (c === 39) inStr = true;
    else if (c === 40) depth++;
    else if (c === 41) depth--;
    else if (depth === 0 && ((c | 32) >= 97 && (c | 32) <= 122)) {
      const prev = sql.charCodeAt(i - 1);
      if ((prev | 32) >= 97 && (prev | 32) <= 122) continue;
      const w = wordAt(sql, i);
      if (MAIN_AFTER_CTE.has(w)) return KIND[w]!;
      i += w.length - 1;
    }
  }
  return 'SELECT';
}
