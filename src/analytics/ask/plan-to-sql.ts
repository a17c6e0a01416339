/**
 * Compiles a {@link QueryPlan} into DuckDB SQL over the `logs` view. Identifiers come only from the
 * fixed {@link DIMENSIONS} whitelist; values (the lake's own distinct values, ISO instants) are written
 * as escaped literals so the printed SQL can be copied and rerun as is.
 */
import { DIMENSIONS, NULL_GROUP_KEPT, RARE_BELOW, type Dimension, type QueryPlan } from './query-plan.js';

/** A SQL string literal ('' doubles quotes; DuckDB strings have no backslash escapes). */
export function sqlString(v: string): string {
  if (v.includes('\0')) throw new Error('NUL in a SQL value');
  return `'${v.replace(/'/g, "''")}'`;
}

function literal(v: string | number): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('non-finite number');
    return String(v);
  }
  return sqlString(v);
}

function ts(d: Date): string {
  return `TIMESTAMPTZ ${sqlString(d.toISOString().replace('T', ' ').replace('Z', '+00'))}`;
}

const SEVERITY = new Set(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL']);
const EVENT_TYPE = /^[a-z_]{1,40}$/;

function conditionSql(p: QueryPlan): string | undefined {
  const parts: string[] = [];
  const sev = p.condition.severities.filter((s) => SEVERITY.has(s));
  if (sev.length === 1) parts.push(`severity = ${sqlString(sev[0]!)}`);
  else if (sev.length > 1) parts.push(`severity IN (${sev.map(sqlString).join(', ')})`);
  const ev = p.condition.eventTypes.filter((e) => EVENT_TYPE.test(e));
  if (ev.length === 1) parts.push(`event_type = ${sqlString(ev[0]!)}`);
  else if (ev.length > 1) parts.push(`event_type IN (${ev.map(sqlString).join(', ')})`);
  return parts.length > 0 ? parts.join(' AND ') : undefined;
}

function bucketExpr(p: QueryPlan): string | undefined {
  const b = p.bucket;
  if (!b) return undefined;
  if (b.n === 1) return `date_trunc('${b.unit}', ts)`;
  return `time_bucket(INTERVAL '${Math.max(1, Math.floor(b.n))} ${b.unit}s', ts)`;
}

function measureName(p: QueryPlan): string {
  const sev = p.condition.severities.join(',');
  const base = sev === 'ERROR,FATAL' ? 'errors' : sev === 'WARN' ? 'warnings' : sev ? sev.toLowerCase().replace(/,/g, '_') : '';
  const ev = p.condition.eventTypes.join('_');
  const name = [base, ev].filter(Boolean).join('_');
  if (p.measure === 'rate') return `${name || 'error'}_rate_pct`;
  return name || 'log_lines';
}

/** The SQL for a plan (no trailing semicolon). */
export function planToSql(p: QueryPlan): string {
  const col = (d: Dimension): string => DIMENSIONS[d];
  const where: string[] = [];
  const cond = conditionSql(p);
  for (const f of p.filters) {
    where.push(f.values.length === 1 ? `${col(f.dimension)} = ${literal(f.values[0]!)}` : `${col(f.dimension)} IN (${f.values.map(literal).join(', ')})`);
  }
  for (const d of p.groupBy) if (!NULL_GROUP_KEPT.has(d) && !p.filters.some((f) => f.dimension === d)) where.push(`${col(d)} IS NOT NULL`);
  const timeInWhere = p.measure !== 'new_templates';
  if (p.time && timeInWhere) {
    if (p.time.from) where.push(`ts >= ${ts(p.time.from)}`);
    if (p.time.to) where.push(`ts < ${ts(p.time.to)}`);
  }
  const dims = p.groupBy.map(col);
  const bucket = bucketExpr(p);
  const keys = [...dims, ...(bucket ? [`${bucket} AS ${p.bucket!.unit === 'minute' || p.bucket!.n === 1 ? p.bucket!.unit : 'bucket'}`] : [])];
  const keyRefs = keys.map((_, i) => String(i + 1));
  const w = (extra: string[] = []): string => {
    const all = [...where, ...extra];
    return all.length > 0 ? `\nWHERE ${all.join('\n  AND ')}` : '';
  };
  const groupBy = keys.length > 0 ? `\nGROUP BY ${keyRefs.join(', ')}` : '';
  const limit = p.limit !== undefined ? `\nLIMIT ${Math.max(1, Math.floor(p.limit))}` : '';
  const dir = p.order === 'asc' ? 'ASC' : 'DESC';
  const orderBy = (m: string): string => {
    if (keys.length === 0) return '';
    if (bucket && p.limit === undefined) return `\nORDER BY ${[String(dims.length + 1), ...dims.map((_, i) => String(i + 1))].join(', ')}`;
    return `\nORDER BY ${m} ${dir}, ${keyRefs.join(', ')}`;
  };
  switch (p.measure) {
    case 'slowest': {
      const base = [...where, 'pg_duration_ms IS NOT NULL'];
      if (keys.length === 0) {
        return `SELECT ts, service, pg_database, pg_user, pg_duration_ms, left(message, 200) AS statement\nFROM logs\nWHERE ${base.join('\n  AND ')}\nORDER BY pg_duration_ms ${dir}${limit}`;
      }
      return `SELECT ${[...keys, 'max(pg_duration_ms) AS max_duration_ms', 'count(*) AS statements'].join(', ')}\nFROM logs${w(['pg_duration_ms IS NOT NULL'])}${groupBy}${orderBy('max_duration_ms')}${limit}`;
    }
    case 'max_duration': case 'avg_duration': case 'min_duration': case 'p95_duration': case 'median_duration': {
      const agg = { max_duration: 'max(pg_duration_ms)', avg_duration: 'round(avg(pg_duration_ms), 2)', min_duration: 'min(pg_duration_ms)',
        p95_duration: 'round(quantile_cont(pg_duration_ms, 0.95), 2)', median_duration: 'round(median(pg_duration_ms), 2)' }[p.measure];
      const name = p.measure.replace('_duration', '_duration_ms');
      const extra = cond ? [cond] : [];
      return `SELECT ${[...keys, `${agg} AS ${name}`, 'count(*) AS statements'].join(', ')}\nFROM logs${w([...extra, 'pg_duration_ms IS NOT NULL'])}${groupBy}${orderBy(name)}${limit}`;
    }
    case 'new_templates': {
      const having = [p.time?.from ? `min(ts) >= ${ts(p.time.from)}` : undefined, p.time?.to ? `min(ts) < ${ts(p.time.to)}` : undefined].filter(Boolean);
      return `SELECT ${[...dims, 'template_id', 'min(ts) AS first_seen', 'count(*) AS occurrences', 'any_value(message) AS example'].join(', ')}\nFROM logs${w(['template_id IS NOT NULL', ...(cond ? [cond] : [])])}` +
        `\nGROUP BY ${[...dims, 'template_id'].join(', ')}${having.length > 0 ? `\nHAVING ${having.join(' AND ')}` : ''}\nORDER BY first_seen, template_id${limit}`;
    }
    case 'rare_templates':
      return `SELECT ${[...dims, 'template_id', 'count(*) AS occurrences', 'min(ts) AS first_seen', 'any_value(message) AS example'].join(', ')}\nFROM logs${w(['template_id IS NOT NULL', ...(cond ? [cond] : [])])}` +
        `\nGROUP BY ${[...dims, 'template_id'].join(', ')}\nHAVING count(*) < ${RARE_BELOW}\nORDER BY occurrences ${dir}, template_id${limit}`;
    case 'rate': {
      const name = measureName(p);
      return `SELECT ${[...keys, `round(100.0 * count(*) FILTER (WHERE ${cond ?? 'true'}) / count(*), 2) AS ${name}`, 'count(*) AS log_lines'].join(', ')}\nFROM logs${w()}${groupBy}${orderBy(name)}${limit}`;
    }
    default: {
      const name = measureName(p);
      return `SELECT ${[...keys, `count(*) AS ${name}`].join(', ')}\nFROM logs${w(cond ? [cond] : [])}${groupBy}${orderBy(name)}${limit}`;
    }
  }
}
