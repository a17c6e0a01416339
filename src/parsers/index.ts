/**
 * The application-parser registry: `parseEvent` picks the parser for one (already multi-line
 * joined) event text and writes canonical fields into a FieldWriter.
 *
 * Order: the hinted family first (ctx.hint), then a first-character dispatch:
 *
 * | first char | tried in order |
 * |---|---|
 * | `{` | one JSON.parse, then PostgreSQL jsonlog / CloudNativePG / Cloud SQL (postgres), Spark JSON (spark), app JSON loggers (json) |
 * | `[` | Python formats with a Python-only mark in the header (python), Kafka broker layouts (kafka), Flask `[asctime] LEVEL in module:` (python), other bracketed log4j PatternLayouts by shape (layout), Apache httpd error log (httpd), gunicorn error log (gunicorn) |
 * | digit or `"` | zap console (tab-separated, zap), Python formats with a Python-only mark in the header (python), PostgreSQL csvlog, Spark/log4j `DATE LEVEL Class: msg` (spark), other log4j layouts (log4j), PostgreSQL stderr (postgres), rsyslog ISO timestamps (syslog), ZooKeeper `[myid:N] - LEVEL [thread:Class@line] -` (zookeeper), Python `asctime - name - LEVEL -` and other user-defined formats (python), other log4j PatternLayouts by shape (layout: kafka / spark / log4j), nginx error log and Go `log` (httpd), access logs starting with an address (httpd) |
 * | `<` digit | syslog with a PRI (RFC 5424 / 3164), then PostgreSQL stderr |
 * | space, `<` | PostgreSQL stderr (Azure / bracketed prefixes) |
 * | `T` | an uncaught Python exception report `Traceback (most recent call last):` … (python), then as other |
 * | other | klog `Lmmdd hh:mm:ss.uuuuuu tid file:line]` (`[IWEF]` + digit only), PostgreSQL stderr without timestamp (`LOG:  …`, `pid=…`), logfmt, syslog (`Mmm dd hh:mm:ss host tag[pid]:`, `tag[pid]:`), Python `LEVEL:name:msg` (python), Common / Combined access logs (httpd) |
 *
 * and the fallback last (always succeeds). Then text families (not JSON, Kafka, PostgreSQL, Spark) get
 * correlation ids written as `trace_id=…` / `traceId: …` / `request_id=…` in the first line
 * (shared/correlation.ts scanTextIds). Then, for every family, a multi-line event gets
 * `stack_trace` (its continuation lines; not for postgres, whose continuation lines are SQL and
 * secondary report lines) and `error_class` from the first Java exception or the Python traceback's
 * exception found in it, unless the parser already set them. A Python traceback (or logging's
 * `Stack (most recent call last):`) after the first line is the record's exc_text, not its message:
 * message ends before it and stack_trace starts at it.
 *
 * Returns the family name that matched (for source_format): spark, kafka, log4j, postgres, json,
 * logfmt, syslog, python, zap, httpd, klog, zookeeper, gunicorn or fallback.
 */
import type { FieldWriter } from '../core/fields.js';
import type { AppParser, ParseContext } from './types.js';
import { fallbackParser } from './fallback/fallback-parser.js';
import { parseJsonObject, jsonParser } from './json/json-parser.js';
import { kafkaParser } from './kafka/kafka-parser.js';
import { log4jParser } from './kafka/log4j-parser.js';
import { writeKafkaPythonFields } from './kafka/kafka-logger-fields.js';
import { logfmtParser } from './logfmt/logfmt-parser.js';
import { parsePgJsonObject } from './postgres/postgres-json.js';
import { looksLikePgCsv, parsePgStderr, postgresParser } from './postgres/postgres-parser.js';
import { parsePgCsv } from './postgres/postgres-csv.js';
import { parseSparkJsonObject } from './spark/spark-json-parser.js';
import { sparkParser } from './spark/spark-parser.js';
import { syslogParser } from './syslog/syslog-parser.js';
import { parseLayoutShape } from './layout/layout-shape-parser.js';
import { parseFixedForms, parsePythonLogging, parsePythonMarked } from './python/python-logging-parser.js';
import { parsePythonTraceback } from './python/python-traceback.js';
import { parseZapConsole } from './zap/zap-console-parser.js';
import { parseHttpd } from './httpd/httpd-parser.js';
import { mayBeKlog, parseKlog } from './klog/klog-parser.js';
import { parseZooKeeper } from './zookeeper/zookeeper-parser.js';
import { parseGunicorn } from './gunicorn/gunicorn-parser.js';
import { findException, found } from './shared/exception.js';
import { parseJsonObjectText } from './shared/json-text.js';
import { isDigit } from './shared/timestamp.js';
import { scanTextIds } from './shared/correlation.js';

export type { AppParser, ParseContext, LogLinePrefix } from './types.js';
export { compileLogLinePrefix, LogLinePrefixError } from './postgres/log-line-prefix.js';
export { MultilineAggregator, DEFAULT_MULTILINE_CONFIG } from './multiline/multiline-aggregator.js';
export type { MultilineConfig, MultilineEvent, MultilineStats } from './multiline/multiline-aggregator.js';

/** Family names parseEvent can return. */
export const PARSER_FAMILIES = ['spark', 'kafka', 'log4j', 'postgres', 'json', 'logfmt', 'syslog', 'python', 'zap', 'httpd', 'klog', 'zookeeper', 'gunicorn', 'fallback'] as const;
/** One of {@link PARSER_FAMILIES}. */
export type ParserFamily = (typeof PARSER_FAMILIES)[number];

/** Text parsers by family name (for hints and direct use). JSON families parse JSON themselves here. */
export const PARSERS: Readonly<Record<string, AppParser>> = {
  spark: sparkParser,
  kafka: kafkaParser,
  log4j: log4jParser,
  postgres: postgresParser,
  json: jsonParser,
  logfmt: logfmtParser,
  syslog: syslogParser,
  fallback: fallbackParser,
};


function parseJsonFamily(text: string, out: FieldWriter, ctx: ParseContext): ParserFamily | undefined {
  const obj = parseJsonObjectText(text);
  if (obj === undefined) return undefined;
  // PostgreSQL shapes are the most specific (error_severity / record / textPayload): first.
  if (parsePgJsonObject(obj, out, ctx)) return 'postgres';
  if (parseSparkJsonObject(obj, out, ctx)) return 'spark';
  parseJsonObject(obj, text, out, ctx);
  return 'json';
}

/** Whether a TAB occurs in the first `n` characters (zap console lines: right after the time). */
function tabWithin(text: string, n: number): boolean {
  const t = text.indexOf('\t');
  return t > 9 && t <= n;
}

function tryHint(text: string, out: FieldWriter, ctx: ParseContext): ParserFamily | undefined {
  const h = ctx.hint;
  if (!h || text.charCodeAt(0) === 123) return undefined;
  const p = PARSERS[h];
  if (p && h !== 'fallback' && p.parse(text, out, ctx)) return h as ParserFamily;
  return undefined;
}

function dispatch(text: string, out: FieldWriter, ctx: ParseContext): ParserFamily {
  const hinted = tryHint(text, out, ctx);
  if (hinted) return hinted;
  const c = text.charCodeAt(0);
  // the configured log_line_prefix names lines the generic readers would not take for PostgreSQL
  if (ctx.pgPrefix !== undefined && c !== 123 && parsePgStderr(text, out, ctx, undefined, true)) return 'postgres';
  if (c === 123 /* { */) {
    const f = parseJsonFamily(text, out, ctx);
    if (f) return f;
  } else if (c === 91 /* [ */) {
    // `[asctime] WARNING …`, `[asctime] [MainThread] …`: Python-only marks before Kafka's `[%d] %p %m`
    if (parsePythonMarked(text, out, ctx)) return 'python';
    if (kafkaParser.parse(text, out, ctx)) return 'kafka';
    // gunicorn's error log before the Python logging forms (its logger, gunicorn.error, is not printed)
    if (parseGunicorn(text, out, ctx)) return 'gunicorn';
    if (parsePythonLogging(text, out, ctx)) return 'python';
    const f = parseLayoutShape(text, out, ctx);
    if (f) return f;
    if (parseHttpd(text, out, ctx)) return 'httpd';
  } else if ((c >= 48 && c <= 57) || c === 34 /* " */) {
    if (c !== 34 && tabWithin(text, 40) && parseZapConsole(text, out, ctx)) return 'zap';
    // a Python format with a Python-only mark (MainThread, file.py:N, WARNING, …) before the Java layouts
    if (c !== 34 && parsePythonMarked(text, out, ctx)) return 'python';
    if (looksLikePgCsv(text)) {
      if (parsePgCsv(text, out, ctx)) return 'postgres';
    } else {
      if (sparkParser.parse(text, out, ctx)) return 'spark';
      if (log4jParser.parse(text, out, ctx)) return 'log4j';
      if (parsePgStderr(text, out, ctx)) return 'postgres';
      if (syslogParser.parse(text, out, ctx)) return 'syslog';
      if (parseGunicorn(text, out, ctx)) return 'gunicorn'; // with a plain datefmt
      // ZooKeeper `%d{ISO8601} [myid:…]` (the ' [myid:' right after the 23-char time), Spring Boot 3.2+ ` --- [`
      if (text.startsWith(' [myid:', 23) && parseZooKeeper(text, out, ctx)) return 'zookeeper';
      if (parsePythonLogging(text, out, ctx)) return 'python';
      const f = parseLayoutShape(text, out, ctx);
      if (f) return f;
      if (parseHttpd(text, out, ctx)) return 'httpd';
    }
  } else if (c === 60 /* < */ && isDigit(text.charCodeAt(1))) {
    if (syslogParser.parse(text, out, ctx)) return 'syslog';
    if (parsePgStderr(text, out, ctx)) return 'postgres';
  } else if (c === 32 || c === 60 /* < */) {
    if (parsePgStderr(text, out, ctx)) return 'postgres';
  } else {
    // the interpreter's uncaught-exception report (its own event: multiline-aggregator.ts)
    if (c === 84 /* T */ && parsePythonTraceback(text, out)) return 'python';
    // uvicorn's `LEVEL:` padded to column 10 before PostgreSQL's `LEVEL:  ` (python-logging-parser.ts)
    if (c >= 65 && c <= 90 && text.charCodeAt(9) === 32 && parseFixedForms(text, out, ctx)) return 'python';
    if (mayBeKlog(text) && parseKlog(text, out, ctx)) return 'klog';
    if (parsePgStderr(text, out, ctx)) return 'postgres';
    if (logfmtParser.parse(text, out, ctx)) return 'logfmt';
    if (syslogParser.parse(text, out, ctx)) return 'syslog';
    if (parsePythonLogging(text, out, ctx)) return 'python';
    if (parseHttpd(text, out, ctx)) return 'httpd';
  }
  fallbackParser.parse(text, out, ctx);
  return 'fallback';
}

const PY_TRACE_LINE = /\n(?:Traceback|Stack|  \+ Exception Group Traceback) \(most recent call last\):/;
const TRACEBACK = 'Traceback (most recent call last):';

/**
 * Index of the '\n' that starts a Python traceback / `Stack (most recent call last):` block after
 * the first line (Python logging: `Formatter.format` appends `exc_text` and `formatStack` on new
 * lines after the record's message), or -1. The Java layouts' families only look at the line right
 * after the first (a Python `asctime LEVEL name: msg` record read by the log4j shape); the others
 * search the whole event.
 */
function pythonTraceAt(text: string, nl: number, family: ParserFamily): number {
  if (family === 'spark' || family === 'kafka' || family === 'log4j') {
    return text.charCodeAt(nl + 1) === 84 /* T */ && text.startsWith(TRACEBACK, nl + 1) ? nl : -1;
  }
  // an event that starts with the traceback (the interpreter's own report, no record) keeps it whole
  if (text.charCodeAt(0) === 84 /* T */ && text.startsWith(TRACEBACK)) return -1;
  const m = PY_TRACE_LINE.exec(text);
  return m === null ? -1 : m.index;
}

/** Ends the message where the traceback starting at text[tb] (a '\n') starts in it. */
function cutMessage(out: FieldWriter, text: string, tb: number): void {
  const msg = out.getStr('message');
  if (msg === undefined) return;
  const head = text.slice(tb, text.indexOf('\n', tb + 1) >>> 0);
  const k = msg.indexOf(head);
  if (k >= 0) out.str('message', msg.slice(0, k));
}

/**
 * Parses one event (physical lines already joined with '\n') into `out` and returns the family
 * that matched. Never throws on bad input; the fallback always matches.
 */
export function parseEvent(text: string, out: FieldWriter, ctx: ParseContext = {}): ParserFamily {
  const family = dispatch(text, out, ctx);
  if (family !== 'postgres' && family !== 'json' && family !== 'kafka' && family !== 'spark' && text.charCodeAt(0) !== 123) scanTextIds(text, out);
  if (family !== 'postgres' && family !== 'json' && !(family === 'spark' && text.charCodeAt(0) === 123)) {
    const nl = text.indexOf('\n');
    if (nl >= 0) {
      // a Python record's traceback (or stack_info) is not its message: message = the lines before it
      const tb = pythonTraceAt(text, nl, family);
      if (tb >= 0) cutMessage(out, text, tb);
      if (!out.has('stack_trace')) {
        const st = text.slice((tb >= 0 ? tb : nl) + 1);
        if (st.trim().length > 0) out.str('stack_trace', st);
      }
      if (!out.has('error_class') && findException(text, 0)) out.str('error_class', found.cls);
    } else if (text.charCodeAt(0) === 69 /* E */ && text.startsWith('Exception in thread "') && !out.has('error_class') && findException(text, 0)) {
      out.str('error_class', found.cls);
    }
  }
  // kafka-python's loggers (`kafka.coordinator` …), confluent-kafka's librdkafka lines: Kafka fields
  if (family === 'python') writeKafkaPythonFields(out);
  return family;
}
