/**
 * The built-in, offline, deterministic translator: a small intent grammar over the canonical schema.
 * tokens → (measure, condition, dimensions, value filters, time range, bucket, order, limit) → a typed
 * {@link QueryPlan}, or a {@link Refusal} naming what it did not understand and the closest question it
 * can answer. Question text never reaches SQL: identifiers come from {@link DIMENSIONS}, values only
 * when they equal one of the lake's own distinct values ({@link Vocabulary}).
 */
import { tokenize, type Token } from './tokenize.js';
import { timeUnit, minus, utcDay, parseIso, clockToday, isoUtc } from './time-range.js';
import type { Bucket, Condition, Dimension, Measure, QueryPlan, TimeRange } from './query-plan.js';
import { describePlan } from './describe-plan.js';

/** The lake's distinct values per dimension (what names in a question may match). */
export type Vocabulary = Partial<Record<Dimension, Array<string | number>>>;

/** The translator's answer when a question is outside what it understands. */
export interface Refusal {
  refused: true;
  reason: string;
  /** The closest question it can answer. */
  suggestion: string;
}

/** A successful translation. */
export interface Translation { refused: false; plan: QueryPlan; understood: string }

/** Dimension nouns (longest phrases first when matching). Singular forms imply "which one" for superlatives. */
const DIM_PHRASES: Array<[string[], Dimension, boolean]> = [
  [['error', 'classes'], 'error_class', false], [['error', 'class'], 'error_class', true],
  [['exception', 'classes'], 'error_class', false], [['exception', 'class'], 'error_class', true],
  [['error', 'types'], 'error_class', false], [['error', 'type'], 'error_class', true],
  [['exception', 'types'], 'error_class', false], [['exception', 'type'], 'error_class', true],
  [['event', 'types'], 'event_type', false], [['event', 'type'], 'event_type', true],
  [['spark', 'applications'], 'spark_app', false], [['spark', 'application'], 'spark_app', true],
  [['spark', 'apps'], 'spark_app', false], [['spark', 'app'], 'spark_app', true],
  [['spark', 'jobs'], 'spark_app', false], [['spark', 'job'], 'spark_app', true],
  [['consumer', 'groups'], 'consumer_group', false], [['consumer', 'group'], 'consumer_group', true],
  [['statement', 'kinds'], 'statement_kind', false], [['statement', 'kind'], 'statement_kind', true],
  [['statement', 'types'], 'statement_kind', false], [['statement', 'type'], 'statement_kind', true],
  [['log', 'levels'], 'severity', false], [['log', 'level'], 'severity', true],
  [['message', 'templates'], 'template', false], [['message', 'template'], 'template', true],
  [['services'], 'service', false], [['service'], 'service', true],
  [['severities'], 'severity', false], [['severity'], 'severity', true], [['levels'], 'severity', false], [['level'], 'severity', true],
  [['components'], 'component', false], [['component'], 'component', true], [['loggers'], 'component', false], [['logger'], 'component', true],
  [['brokers'], 'broker', false], [['broker'], 'broker', true],
  [['topics'], 'topic', false], [['topic'], 'topic', true],
  [['partitions'], 'partition', false], [['partition'], 'partition', true],
  [['databases'], 'database', false], [['database'], 'database', true], [['dbs'], 'database', false], [['db'], 'database', true],
  [['users'], 'pg_user', false], [['user'], 'pg_user', true],
  [['templates'], 'template', false], [['template'], 'template', true], [['patterns'], 'template', false], [['pattern'], 'template', true],
  [['hosts'], 'host', false], [['host'], 'host', true], [['nodes'], 'host', false], [['node'], 'host', true],
  [['pods'], 'pod', false], [['pod'], 'pod', true], [['namespaces'], 'namespace', false], [['namespace'], 'namespace', true],
  [['containers'], 'container', false], [['container'], 'container', true],
  [['environments'], 'environment', false], [['environment'], 'environment', true],
  [['clusters'], 'cluster', false], [['cluster'], 'cluster', true], [['streams'], 'stream', false],
  [['applications'], 'service', false], [['application'], 'service', true], [['apps'], 'service', false], [['app'], 'service', true],
];

/** Event-type phrases (measured as a condition: "how many deadlocks"). */
const EVENT_PHRASES: Array<[string[], string]> = [
  [['slow', 'queries'], 'slow_query'], [['slow', 'query'], 'slow_query'], [['slow', 'statements'], 'slow_query'], [['slow', 'statement'], 'slow_query'],
  [['lock', 'waits'], 'lock_wait'], [['lock', 'wait'], 'lock_wait'], [['leader', 'elections'], 'leader_election'], [['leader', 'election'], 'leader_election'],
  [['isr', 'changes'], 'isr_change'], [['isr', 'change'], 'isr_change'], [['lost', 'executors'], 'executor_lost'], [['executors', 'lost'], 'executor_lost'],
  [['executor', 'lost'], 'executor_lost'], [['failed', 'tasks'], 'task_failed'], [['task', 'failures'], 'task_failed'], [['failed', 'task'], 'task_failed'],
  [['completed', 'stages'], 'stage_completed'], [['completed', 'jobs'], 'job_completed'], [['broker', 'shutdowns'], 'broker_shutdown'],
  [['broker', 'starts'], 'broker_start'], [['http', 'requests'], 'http_request'], [['garbage', 'collections'], 'gc'],
  [['deadlocks'], 'deadlock'], [['deadlock'], 'deadlock'], [['checkpoints'], 'checkpoint'], [['checkpoint'], 'checkpoint'],
  [['autovacuums'], 'autovacuum'], [['autovacuum'], 'autovacuum'], [['connections'], 'connection'], [['connection'], 'connection'],
  [['rebalances'], 'rebalance'], [['rebalance'], 'rebalance'], [['rebalancing'], 'rebalance'], [['gc'], 'gc'],
  [['exceptions'], 'exception'], [['exception'], 'exception'],
];

const SEVERITY_WORDS: Record<string, string[]> = {
  error: ['ERROR', 'FATAL'], errors: ['ERROR', 'FATAL'], failures: ['ERROR', 'FATAL'], failure: ['ERROR', 'FATAL'], failed: ['ERROR', 'FATAL'], erroring: ['ERROR', 'FATAL'],
  warning: ['WARN'], warnings: ['WARN'], warn: ['WARN'], warns: ['WARN'],
  fatal: ['FATAL'], fatals: ['FATAL'], critical: ['FATAL'], info: ['INFO'], debug: ['DEBUG'], trace: ['TRACE'],
};

const COUNT_WORDS = new Set(['count', 'counts', 'number', 'volume', 'total', 'logs', 'log', 'lines', 'line', 'events', 'event', 'entries', 'entry',
  'messages', 'message', 'rows', 'records', 'amount', 'many', 'much', 'noise', 'activity']);
const RATE_WORDS = new Set(['rate', 'rates', 'ratio', 'percentage', 'percent', 'share', 'proportion', 'fraction', '%', 'pct']);
const DESC_WORDS = new Set(['most', 'busiest', 'noisiest', 'highest', 'largest', 'biggest', 'loudest', 'frequent', 'common', 'top', 'worst', 'more']);
const ASC_WORDS = new Set(['least', 'fewest', 'lowest', 'quietest', 'smallest', 'bottom']);
const WRITE_VERBS = new Set(['delete', 'drop', 'remove', 'update', 'insert', 'truncate', 'alter', 'create', 'purge', 'erase', 'modify', 'rename', 'attach',
  'copy', 'install', 'load', 'export', 'send', 'email', 'mail', 'post', 'upload', 'write', 'grant', 'kill', 'restart', 'fix', 'set']);
const OUT_OF_SCOPE = new Set(['why', 'predict', 'forecast', 'tomorrow', 'will', 'should', 'explain', 'cause', 'causes', 'recommend', 'summarize', 'summarise']);
const DOMAIN_WORDS = new Set(['kafka', 'postgres', 'postgresql', 'pg', 'spark', 'sql']);
const PG_NOUNS = new Set(['statement', 'statements', 'query', 'queries']);
const STOPWORDS = new Set(['how', 'what', 'whats', 'which', 'who', 'where', 'when', 'is', 'are', 'was', 'were', 'be', 'been', 'the', 'a', 'an', 'of', 'in',
  'on', 'for', 'from', 'to', 'at', 'by', 'per', 'each', 'every', 'show', 'me', 'give', 'list', 'get', 'find', 'display', 'tell', 'please', 'did', 'does', 'do',
  'have', 'has', 'had', 'there', 'with', 'and', 'or', 'all', 'any', 'logged', 'seen', 'see', 'happened', 'happen', 'occurred', 'occur', 'over', 'during',
  'within', 'across', 'grouped', 'group', 'broken', 'down', 'split', 'breakdown', 's', 'it', 'that', 'this', 'those', 'these', 'i', 'we', 'us', 'our', 'my',
  'let', 'lets', 'know', 'overall', 'so', 'far', 'up', 'produced', 'emitted', 'recorded', 'reported', 'generated', 'came', 'come', 'appear', 'appeared',
  'about', 'vs', 'versus', 'compare', 'compared', 'comparison', 'against', 'between', 'utc', 'z', 'gmt', 'time', 'only', 'just', 'exactly', 'can', 'you',
  'could', 'would', 'want', 'need', 'like', 'see', 'each', 'statistics', 'stats', 'distribution', 'along', 'then', 'its', 'their', 'they', 'one', 'ones',
  'greatest', 'say', 'said', 'kind', 'kinds', 'type', 'types', 'also', 'together', 'as', 'well', 'than', 'run', 'ran', 'running', 'produce', 'emit',
  'currently', 'now', 'recent', 'recently', 'far', 'happening', 'generate', 'throw', 'thrown', 'raised', 'hit', 'statement', 'statements', 'query', 'queries',
  'duration', 'durations', 'latency', 'took', 'take', 'taking', 'executed', 'execution', 'ms', 'milliseconds']);

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twenty: 20, fifteen: 15, thirty: 30 };

interface State {
  severities: string[];
  eventTypes: string[];
  rate: boolean;
  duration?: Measure;
  slowest: boolean;
  newTemplates: boolean;
  rareTemplates: boolean;
  groupBy: Dimension[];
  singularDim: boolean;
  filters: Map<Dimension, Array<string | number>>;
  time?: TimeRange;
  bucket?: Bucket;
  order?: 'desc' | 'asc';
  limit?: number;
  superlative: boolean;
  counted: boolean;
  errorClassNamed: boolean;
  unknown: string[];
  outOfScope?: string;
  assumptions: string[];
}

/** Value lookup order when a name exists in several columns (context words like "database" override it). */
const VALUE_PRIORITY: Dimension[] = ['service', 'topic', 'database', 'spark_app', 'error_class', 'event_type', 'component', 'consumer_group', 'pg_user',
  'host', 'namespace', 'pod', 'container', 'environment', 'cluster', 'spark_app_id', 'statement_kind'];

function sameValue(dim: Dimension, value: string | number, word: string): boolean {
  const v = String(value).toLowerCase();
  if (v === word) return true;
  if ((dim === 'error_class' || dim === 'component') && v.includes('.')) return v.slice(v.lastIndexOf('.') + 1) === word;
  return false;
}

function lookupValue(vocab: Vocabulary, dim: Dimension, word: string): string | number | undefined {
  const vals = vocab[dim] ?? [];
  return vals.find((v) => String(v).toLowerCase() === word) ?? vals.find((v) => sameValue(dim, v, word));
}

function matchPhrase<T>(tokens: Token[], i: number, table: Array<[string[], T, ...unknown[]]>): [number, T, boolean] | undefined {
  for (const row of table) {
    const words = row[0];
    if (words.every((w, k) => tokens[i + k]?.lower === w)) return [words.length, row[1], row[2] === true];
  }
  return undefined;
}

function numberAt(tokens: Token[], i: number): number | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  if (t.kind === 'number' && /^\d+$/.test(t.text)) return Number(t.text);
  return NUMBER_WORDS[t.lower];
}

/** A time point token at i: ISO or clock (optionally followed by utc/z). Returns [consumed, instant, dateOnly]. */
function instantAt(tokens: Token[], i: number, now: Date): [number, Date, boolean] | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  let r: [number, Date, boolean] | undefined;
  if (t.kind === 'iso') {
    const p = parseIso(t.text);
    if (p) r = [1, p.at, p.dateOnly];
  } else if (t.kind === 'clock') {
    const d = clockToday(t.text, now);
    if (d) r = [1, d, false];
  } else if (t.lower === 'today') r = [1, utcDay(now), true];
  else if (t.lower === 'yesterday') r = [1, utcDay(now, -1), true];
  else if (t.lower === 'midnight') r = [1, utcDay(now), false];
  if (r && (tokens[i + r[0]]?.lower === 'utc' || tokens[i + r[0]]?.lower === 'z')) r[0]++;
  return r;
}

/** Tries to read a time-range or bucket phrase at i; returns tokens consumed (0 = none). */
function readTime(tokens: Token[], i: number, now: Date, s: State): number {
  const t = tokens[i]!;
  const w = t.lower;
  // last/past/previous [N] unit
  if (w === 'last' || w === 'past' || w === 'previous' || w === 'recent') {
    let j = i + 1;
    let n = numberAt(tokens, j);
    if (n !== undefined) j++;
    else if (tokens[j]?.lower === 'few') { n = 3; j++; }
    const tok = tokens[j]?.lower ?? '';
    let unit = timeUnit(tok);
    const compact = /^(\d+)(m|h|d|w)$/.exec(tok);
    if (!unit && compact) { n = Number(compact[1]); unit = timeUnit(compact[2]!); }
    if (unit) {
      const k = n ?? 1;
      s.time = { from: minus(now, k, unit), to: now, label: `the last ${k} ${unit}${k === 1 ? '' : 's'}` };
      return j + 1 - i;
    }
    return 0;
  }
  if (w === 'today') { s.time = { from: utcDay(now), to: now, label: 'today (UTC)' }; return 1; }
  if (w === 'yesterday') { s.time = { from: utcDay(now, -1), to: utcDay(now), label: 'yesterday (UTC)' }; return 1; }
  if (w === 'this' && (tokens[i + 1]?.lower === 'hour' || tokens[i + 1]?.lower === 'day' || tokens[i + 1]?.lower === 'week')) {
    const u = tokens[i + 1]!.lower as 'hour' | 'day' | 'week';
    const from = u === 'hour' ? new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000) : u === 'day' ? utcDay(now) : utcDay(now, -((now.getUTCDay() + 6) % 7));
    s.time = { from, to: now, label: `this ${u}` };
    return 2;
  }
  if (w === 'since' || w === 'after') {
    const p = instantAt(tokens, i + 1, now);
    if (p) { s.time = { from: p[1], to: s.time?.to, label: `since ${isoUtc(p[1])}` }; return 1 + p[0]; }
    return 0;
  }
  if (w === 'before' || w === 'until' || w === 'till') {
    const p = instantAt(tokens, i + 1, now);
    if (p) { s.time = { from: s.time?.from, to: p[1], label: `before ${isoUtc(p[1])}` }; return 1 + p[0]; }
    return 0;
  }
  if (w === 'between' || w === 'from') {
    const a = instantAt(tokens, i + 1, now);
    if (!a) return 0;
    const sep = tokens[i + 1 + a[0]]?.lower;
    if (sep === 'and' || sep === 'to' || sep === 'until' || sep === '-') {
      const b = instantAt(tokens, i + 2 + a[0], now);
      if (b) {
        const to = b[2] ? utcDay(b[1], 1) : b[1];
        s.time = { from: a[1], to, label: `from ${isoUtc(a[1])} to ${isoUtc(to)}` };
        return 2 + a[0] + b[0];
      }
    }
    if (w === 'from') {
      const to = a[2] ? utcDay(a[1], 1) : undefined;
      s.time = { from: a[1], to, label: a[2] ? `on ${isoUtc(a[1]).slice(0, 10)}` : `since ${isoUtc(a[1])}` };
      return 1 + a[0];
    }
    return 0;
  }
  if ((w === 'on' || w === 'during') && tokens[i + 1]?.kind === 'iso') {
    const p = instantAt(tokens, i + 1, now);
    if (p && p[2]) { s.time = { from: p[1], to: utcDay(p[1], 1), label: `on ${isoUtc(p[1]).slice(0, 10)}` }; return 1 + p[0]; }
  }
  if (t.kind === 'iso') {
    const p = parseIso(t.text);
    if (p?.dateOnly) { s.time = { from: p.at, to: utcDay(p.at, 1), label: `on ${t.text}` }; return 1; }
  }
  // buckets: per/by/each/every [N] unit, hourly, daily, over time
  if (w === 'per' || w === 'by' || w === 'each' || w === 'every' || w === 'a' || w === 'an') {
    let j = i + 1;
    const n = numberAt(tokens, j);
    if (n !== undefined) j++;
    const unit = timeUnit(tokens[j]?.lower ?? '');
    if (unit && tokens[j]!.lower.length > 1) { s.bucket = { n: n ?? 1, unit }; return j + 1 - i; }
    return 0;
  }
  if (w === 'hourly') { s.bucket = { n: 1, unit: 'hour' }; return 1; }
  if (w === 'daily') { s.bucket = { n: 1, unit: 'day' }; return 1; }
  if (w === 'minutely') { s.bucket = { n: 1, unit: 'minute' }; return 1; }
  if (w === 'over' && tokens[i + 1]?.lower === 'time') { s.bucket ??= { n: 1, unit: 'hour' }; return 2; }
  if (w === 'timeline' || w === 'trend' || w === 'histogram') { s.bucket ??= { n: 1, unit: 'hour' }; return 1; }
  return 0;
}

function addGroup(s: State, d: Dimension, singular: boolean): void {
  if (!s.groupBy.includes(d)) s.groupBy.push(d);
  if (singular) s.singularDim = true;
}

/**
 * Translates a question into a query plan, or refuses.
 * @param now the instant relative time phrases count back from
 */
export function translate(question: string, vocab: Vocabulary, now: Date): Translation | Refusal {
  const tokens = tokenize(question);
  const s: State = {
    severities: [], eventTypes: [], rate: false, slowest: false, newTemplates: false, rareTemplates: false, groupBy: [], singularDim: false,
    filters: new Map(), superlative: false, counted: false, errorClassNamed: false, unknown: [], assumptions: [],
  };
  const addFilter = (d: Dimension, v: string | number): void => {
    const cur = s.filters.get(d) ?? [];
    if (!cur.includes(v)) cur.push(v);
    s.filters.set(d, cur);
    if (d === 'error_class') s.errorClassNamed = true;
  };
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const w = t.lower;
    if (t.kind === 'symbol') {
      if (w === '%') s.rate = true;
      i++;
      continue;
    }
    if (WRITE_VERBS.has(w)) { s.outOfScope = `"${t.text}" asks to change or send something; ask only reads the lake`; i++; continue; }
    if (OUT_OF_SCOPE.has(w)) { s.outOfScope = `"${t.text}" asks for an explanation or a prediction; ask only counts, ranks and lists what the logs contain`; i++; continue; }
    const used = readTime(tokens, i, now, s);
    if (used > 0) { i += used; continue; }
    // top N / bottom N
    if ((w === 'top' || w === 'first' || w === 'bottom') && numberAt(tokens, i + 1) !== undefined) {
      s.limit = numberAt(tokens, i + 1);
      s.order = w === 'bottom' ? 'asc' : 'desc';
      i += 2;
      continue;
    }
    if (w === 'new' || w === 'newly' || (w === 'first' && tokens[i + 1]?.lower === 'time') || (w === 'first' && tokens[i + 1]?.lower === 'seen') || w === 'unseen' || w === 'novel') {
      s.newTemplates = true; i += w === 'first' ? 2 : 1; continue;
    }
    if (w === 'rare' || w === 'rarest' || w === 'uncommon' || w === 'infrequent' || w === 'unusual') { s.rareTemplates = true; i++; continue; }
    if (w === 'slowest' || w === 'longest-running' || (w === 'longest' && PG_NOUNS.has(tokens[i + 1]?.lower ?? ''))) { s.slowest = true; i++; continue; }
    if (/^(max|maximum|longest|peak)$/.test(w)) { s.duration = 'max_duration'; i++; continue; }
    if (/^(avg|average|mean|typical)$/.test(w)) { s.duration = 'avg_duration'; i++; continue; }
    if (/^(min|minimum|shortest|fastest)$/.test(w)) { s.duration = 'min_duration'; i++; continue; }
    if (/^(p95|95th)$/.test(w)) { s.duration = 'p95_duration'; i++; continue; }
    if (w === 'median') { s.duration = 'median_duration'; i++; continue; }
    const ev = matchPhrase(tokens, i, EVENT_PHRASES);
    if (ev && !(ev[1] === 'exception' && /^(class|classes|type|types)$/.test(tokens[i + 1]?.lower ?? ''))) {
      if (!s.eventTypes.includes(ev[1])) s.eventTypes.push(ev[1]);
      i += ev[0];
      continue;
    }
    const dim = matchPhrase(tokens, i, DIM_PHRASES);
    if (dim) {
      const [n, d, singular] = dim;
      // "topic orders", "broker 2": the noun followed by one of its values filters
      const next = tokens[i + n];
      const v = next ? lookupValue(vocab, d, next.lower) : undefined;
      if (v !== undefined) { addFilter(d, v); i += n + 1; continue; }
      addGroup(s, d, singular);
      i += n;
      continue;
    }
    if (w in SEVERITY_WORDS) {
      if (w !== 'failed' || !PG_NOUNS.has(tokens[i + 1]?.lower ?? '')) {
        const narrowed = (w === 'fatal' || w === 'critical') && /^(errors?|failures?)$/.test(tokens[i + 1]?.lower ?? '');
        if (narrowed) { if (!s.severities.includes('FATAL')) s.severities.push('FATAL'); i += 2; continue; }
        const exact = t.text === t.text.toUpperCase() && /^[A-Z]+$/.test(t.text) && ['ERROR', 'WARN', 'FATAL', 'INFO', 'DEBUG', 'TRACE'].includes(t.text);
        for (const sev of exact ? [t.text] : SEVERITY_WORDS[w]!) if (!s.severities.includes(sev)) s.severities.push(sev);
      }
      i++;
      continue;
    }
    if (RATE_WORDS.has(w)) { s.rate = true; i++; continue; }
    if (DOMAIN_WORDS.has(w)) {
      const nxt = tokens[i + 1];
      const aheadDim = nxt ? matchPhrase(tokens, i + 1, DIM_PHRASES) : undefined;
      const namesValue = aheadDim !== undefined && lookupValue(vocab, aheadDim[1], w) !== undefined; // "the kafka service"
      const ahead = aheadDim ?? (nxt ? matchPhrase(tokens, i + 1, EVENT_PHRASES) : undefined);
      if ((ahead && !namesValue) || (nxt && (PG_NOUNS.has(nxt.lower) || nxt.lower === 'slowest')) || !VALUE_PRIORITY.some((d) => lookupValue(vocab, d, w) !== undefined)) { i++; continue; }
    }
    if (COUNT_WORDS.has(w)) { s.counted = true; i++; continue; }
    // a value of the lake: the following dimension noun decides its column, else the priority order
    {
      const after = matchPhrase(tokens, i + 1, DIM_PHRASES);
      let hit: [Dimension, string | number] | undefined;
      if (after) {
        const v = lookupValue(vocab, after[1], w);
        if (v !== undefined) hit = [after[1], v];
      }
      if (!hit) {
        const found = VALUE_PRIORITY.flatMap((d) => { const v = lookupValue(vocab, d, w); return v === undefined ? [] : [[d, v] as [Dimension, string | number]]; });
        // statement questions prefer the database of an ambiguous name; say which column was used when there was a choice
        const pgQuestion = tokens.some((x) => PG_NOUNS.has(x.lower) || /^(slowest|duration|durations|latency)$/.test(x.lower));
        hit = (pgQuestion ? found.find(([d]) => d === 'database') : undefined) ?? found[0];
        if (hit && found.length > 1) s.assumptions.push(`"${t.text}" is a ${found.map(([d]) => d.replace('_', ' ')).join(' and a ')} name; used ${hit[0].replace('_', ' ')}`);
      }
      if (hit) {
        addFilter(hit[0], hit[1]);
        i += 1 + (after && after[1] === hit[0] ? after[0] : 0);
        continue;
      }
    }
    if (DESC_WORDS.has(w)) { s.order ??= 'desc'; s.superlative = true; i++; continue; }
    if (ASC_WORDS.has(w)) { s.order = 'asc'; s.superlative = true; i++; continue; }
    if (STOPWORDS.has(w)) { i++; continue; }
    if (t.kind === 'number' && s.limit === undefined && (tokens[i - 1]?.lower === 'top' || tokens[i + 1] !== undefined)) { s.limit = Number(t.text); i++; continue; }
    s.unknown.push(t.text);
    i++;
  }
  return finish(s);
}

function finish(s: State): Translation | Refusal {
  const partial = buildPlan(s);
  let suggestion = 'errors per service in the last hour';
  if (partial) {
    // a bare count says little: suggest the error timeline of what was named instead
    const bare = partial.measure === 'count' && partial.groupBy.length === 0 && !partial.bucket && partial.condition.severities.length === 0 && partial.condition.eventTypes.length === 0;
    suggestion = describePlan(bare ? { ...partial, condition: { severities: ['ERROR', 'FATAL'], eventTypes: [] }, bucket: { n: 1, unit: 'hour' } } : partial);
  }
  if (s.outOfScope) return { refused: true, reason: s.outOfScope, suggestion };
  if (s.unknown.length > 0) {
    return { refused: true, reason: `I do not know what ${s.unknown.map((u) => `"${u}"`).join(', ')} means in the log schema (it is not a column, a measure, a time phrase or a value in this lake)`, suggestion };
  }
  const recognised = s.counted || s.rate || s.slowest || s.duration || s.newTemplates || s.rareTemplates || s.groupBy.length > 0 || s.filters.size > 0
    || s.severities.length > 0 || s.eventTypes.length > 0 || s.bucket;
  if (s.newTemplates && !s.time?.from) return { refused: true, reason: 'new templates need a time range to be new in', suggestion: 'new templates in the last hour' };
  if (!recognised || !partial) return { refused: true, reason: 'I found no measure, column or value of the log schema in the question', suggestion };
  return { refused: false, plan: partial, understood: describePlan(partial) };
}

function buildPlan(s: State): QueryPlan | undefined {
  const assumptions = [...s.assumptions];
  const groupBy = [...s.groupBy];
  const filters = [...s.filters.entries()].map(([dimension, values]) => ({ dimension, values }));
  // two or more values of one column compare them: group by that column
  for (const f of filters) if (f.values.length > 1 && !groupBy.includes(f.dimension)) groupBy.unshift(f.dimension);
  const condition: Condition = { severities: s.errorClassNamed && s.severities.join() === 'ERROR,FATAL' ? [] : s.severities, eventTypes: s.eventTypes };
  let measure: Measure = 'count';
  if (s.newTemplates) measure = 'new_templates';
  else if (s.rareTemplates) measure = 'rare_templates';
  else if (s.slowest) measure = 'slowest';
  else if (s.duration) measure = s.duration;
  else if (s.rate) measure = 'rate';
  if (measure === 'rate' && condition.severities.length === 0 && condition.eventTypes.length === 0) {
    if (s.bucket) measure = 'count';
    else { condition.severities = ['ERROR', 'FATAL']; assumptions.push('rate of errors (ERROR or FATAL), as no level or event was named'); }
  }
  let time = s.time;
  if (measure === 'new_templates' || measure === 'rare_templates') {
    const i = groupBy.indexOf('template');
    if (i >= 0) groupBy.splice(i, 1);
  }
  if (measure === 'new_templates' && !time?.from) return undefined;
  let limit = s.limit;
  let order = s.order ?? 'desc';
  if (limit === undefined && s.superlative && (groupBy.length > 0 || measure === 'slowest')) limit = s.singularDim ? 1 : 10;
  if (measure === 'slowest' && groupBy.length === 0) limit ??= 10;
  if (measure === 'rare_templates' && !s.order) order = 'asc';
  time = time && { ...time };
  return { measure, condition, filters, groupBy, bucket: s.bucket, time, order, limit, assumptions };
}
