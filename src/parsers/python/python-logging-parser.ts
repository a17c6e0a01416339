/**
 * Python `logging` text formats (logging docs: LogRecord attributes; `BASIC_FORMAT`; logging
 * HOWTO / cookbook examples) and the defaults of the common Python servers and frameworks:
 *
 * | format | example |
 * |---|---|
 * | `%(levelname)s:%(name)s:%(message)s` (basicConfig default, `BASIC_FORMAT`) | `WARNING:root:disk almost full` |
 * | `%(asctime)s - %(name)s - %(levelname)s - %(message)s` (HOWTO / cookbook) | `2024-05-01 10:00:00,123 - app.db - ERROR - lost` |
 * | `%(asctime)s - %(levelname)s - %(message)s` | `2024-05-01 10:00:00,123 - ERROR - lost` |
 * | `%(asctime)s %(levelname)s %(name)s: %(message)s`, also `[%(levelname)s]` | `2024-05-01T10:00:00Z ERROR app.db: lost` |
 * | `%(asctime)s %(name)-12s %(levelname)-8s %(message)s` (cookbook, multiple destinations; its `datefmt='%m-%d %H:%M'`) | `05-01 10:00 app.db       ERROR    lost` |
 * | `[%(asctime)s] %(levelname)s in %(module)s: %(message)s` (Flask default) | `[2024-05-01 10:00:00,123] ERROR in app: boom` |
 * | uvicorn `%(levelprefix)s %(message)s` (level + `:` padded to 9 columns) | `ERROR:    Exception in ASGI application` |
 * | Celery `[%(asctime)s: %(levelname)s/%(processName)s] %(message)s` (worker_log_format; task format adds `%(task_name)s[%(task_id)s]: `) | `[2024-05-01 10:00:00,123: ERROR/ForkPoolWorker-1] Task t[id] raised …` |
 * | Airflow `[%(asctime)s] {%(filename)s:%(lineno)d} %(levelname)s - %(message)s` (LOG_FORMAT) | `[2024-05-01T10:00:00.123+0000] {taskinstance.py:1225} INFO - Marking task` |
 * | Django docs `verbose` `{levelname} {asctime} {module} {process:d} {thread:d} {message}` | `ERROR 2024-05-01 10:00:00,123 views 1 140 boom` |
 *
 * The time is any datefmt of python-asctime.ts (the Flask / Celery / Airflow / Django forms: ISO only).
 * Writes ts (zone-less → ctx.defaultTzOffsetMinutes), severity, component (`%(name)s`, else
 * `%(module)s` / `%(filename)s`), message (the record's message: the first line, + continuation lines
 * up to a traceback; parseEvent puts the traceback in stack_trace), attributes pid / process_name /
 * line / thread_id where the format carries them. uvicorn and Celery print no logger name. gunicorn's
 * error log (`[asctime] [pid] [LEVEL] message`) has its own parser, parsers/gunicorn.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime, scanZone } from '../shared/timestamp.js';
import { HeaderMode, parsePythonHeader } from './python-header.js';
import { asc, scanAsctime } from './python-asctime.js';

/** Python's level names (logging._levelToName) → canonical severity. */
function pyLevel(s: string, a: number, b: number): string | undefined {
  const n = b - a;
  if (n !== 4 && n !== 5 && n !== 7 && n !== 8) return undefined;
  if (s.charCodeAt(a) < 65 || s.charCodeAt(a) > 90) return undefined;
  return severityAt(s, a, b);
}

function finish(text: string, ms: number, me: number, nl: number, name: string, level: string, micros: number, out: FieldWriter): true {
  if (micros === micros) out.ts('ts', micros);
  writeCanonicalSeverity(out, level);
  if (name) out.str('component', name);
  const msg = text.slice(ms, me);
  out.str('message', nl < text.length ? msg + text.slice(nl) : msg);
  return true;
}

/** Whether text[a, b) is a non-empty token without whitespace. */
function token(text: string, a: number, b: number): boolean {
  if (b <= a) return false;
  for (let i = a; i < b; i++) if (text.charCodeAt(i) <= 32) return false;
  return true;
}

/** Index after the digits at p, or -1 when there are none. */
function digits(text: string, p: number): number {
  const s = p;
  while (isDigit(text.charCodeAt(p))) p++;
  return p > s ? p : -1;
}

/** The asctime at `at` with an optional zone (`Z`, `+hhmm`, ` +hhmm`): µs UTC or NaN; scan.end past it. */
function asctime(text: string, at: number, ctx: ParseContext): number {
  const wall = scanDateTime(text, at);
  if (wall !== wall) return NaN;
  const end = scan.end;
  const z = scanZone(text, end, text.charCodeAt(end) === 32 && text.charCodeAt(end + 1) !== 91);
  if (z !== z) {
    scan.end = end;
    return applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0);
  }
  return applyOffset(wall, z);
}

/** uvicorn: `LEVEL:` padded with spaces to column 9, one space, the message (WARNING is left to PostgreSQL's `WARNING:  `). */
function parseUvicorn(text: string, nl: number, out: FieldWriter): boolean {
  const c1 = text.indexOf(':');
  if (c1 < 4 || c1 > 8 || text.charCodeAt(9) !== 32 || text.charCodeAt(10) === 32 || nl <= 10) return false;
  for (let i = c1 + 1; i < 10; i++) if (text.charCodeAt(i) !== 32) return false;
  if (c1 === 7 && text.charCodeAt(0) === 87 /* WARNING */) return false;
  const level = pyLevel(text, 0, c1);
  if (level === undefined) return false;
  return finish(text, 10, nl, nl, '', level, NaN, out);
}

/** Django's documented `verbose` formatter: `LEVEL asctime module pid tid message`. */
function parseDjangoVerbose(text: string, nl: number, out: FieldWriter, ctx: ParseContext): boolean {
  const sp = text.indexOf(' ');
  if (sp < 4 || sp > 8 || !isDigit(text.charCodeAt(sp + 1))) return false;
  const level = pyLevel(text, 0, sp);
  if (level === undefined) return false;
  const micros = asctime(text, sp + 1, ctx);
  if (micros !== micros || text.charCodeAt(scan.end) !== 32) return false;
  const ms = scan.end + 1;
  const me = text.indexOf(' ', ms);
  if (me < 0 || me > nl || !token(text, ms, me)) return false;
  const pe = digits(text, me + 1);
  if (pe < 0 || text.charCodeAt(pe) !== 32) return false;
  const te = digits(text, pe + 1);
  if (te < 0 || (text.charCodeAt(te) !== 32 && te !== nl)) return false;
  out.map('attributes', 'pid', text.slice(me + 1, pe));
  out.map('attributes', 'thread_id', text.slice(pe + 1, te));
  return finish(text, te === nl ? te : te + 1, nl, nl, text.slice(ms, me), level, micros, out);
}

/** `[asctime…` forms: Flask, Celery, Airflow (gunicorn's error log: parsers/gunicorn). */
function parseBracketed(text: string, nl: number, out: FieldWriter, ctx: ParseContext): boolean {
  const micros = asctime(text, 1, ctx);
  if (micros !== micros) return false;
  let p = scan.end;
  if (text.charCodeAt(p) === 58 /* : */ && text.charCodeAt(p + 1) === 32) {
    // Celery: [asctime: LEVEL/processName] message
    const sl = text.indexOf('/', p + 2);
    const e = text.indexOf('] ', p + 2);
    if (sl < 0 || e < 0 || sl > e || e > nl) return false;
    const level = pyLevel(text, p + 2, sl);
    if (level === undefined || !token(text, sl + 1, e)) return false;
    out.map('attributes', 'process_name', text.slice(sl + 1, e));
    return finish(text, e + 2, nl, nl, '', level, micros, out);
  }
  if (!text.startsWith('] ', p)) return false;
  p += 2;
  const c = text.charCodeAt(p);
  if (c === 123 /* { */) {
    // Airflow: [asctime] {filename:lineno} LEVEL - message
    const e = text.indexOf('} ', p);
    if (e < 0 || e > nl) return false;
    const colon = text.lastIndexOf(':', e);
    if (colon <= p + 1 || digits(text, colon + 1) !== e || !token(text, p + 1, colon)) return false;
    const ls = e + 2;
    const d = text.indexOf(' - ', ls);
    if (d < 0 || d > nl) return false;
    const level = pyLevel(text, ls, d);
    if (level === undefined) return false;
    out.map('attributes', 'line', text.slice(colon + 1, e));
    return finish(text, d + 3, nl, nl, text.slice(p + 1, colon), level, micros, out);
  }
  // Flask: [asctime] LEVEL in module: message
  const sp = text.indexOf(' ', p);
  if (sp < 0 || sp > nl) return false;
  const level = pyLevel(text, p, sp);
  if (level === undefined || !text.startsWith(' in ', sp)) return false;
  const ms = sp + 4;
  const colon = text.indexOf(': ', ms);
  if (colon < 0 || colon > nl || !token(text, ms, colon)) return false;
  return finish(text, colon + 2, nl, nl, text.slice(ms, colon), level, micros, out);
}

/**
 * Cookbook `%(asctime)s %(name)-12s %(levelname)-8s %(message)s` after the time: name (padded),
 * LEVEL (padded), message; text[p, ne) is the name. A message that starts `word - ` is a log4j
 * `%t %p %c - %m` line (layout-shape parser), not this.
 */
function parseNameLevel(text: string, p: number, ne: number, nl: number, micros: number, out: FieldWriter): boolean {
  const c = text.charCodeAt(p);
  // a logger name starts with a letter or `_` (not `[`, a digit, a `|` separator)
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) || text.charCodeAt(ne - 1) === 58) return false;
  let ls = ne;
  while (text.charCodeAt(ls) === 32) ls++;
  const le = text.indexOf(' ', ls);
  if (le < 0 || le > nl) return false;
  const level = pyLevel(text, ls, le);
  if (level === undefined) return false;
  let ms = le;
  while (text.charCodeAt(ms) === 32) ms++;
  const w = text.indexOf(' ', ms);
  if (w > 0 && w < nl && text.startsWith(' - ', w)) return false;
  return finish(text, ms, nl, nl, text.slice(p, ne), level, micros, out);
}

/**
 * Parses one of the formats above, else a user-defined format by its header's shape
 * (python-header.ts); false (writing nothing) otherwise.
 */
export function parsePythonLogging(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  return parseFixedForms(text, out, ctx) || (mayHaveLevel(text) && parsePythonHeader(text, out, ctx, HeaderMode.Normal));
}

const LEVEL_WORD = /\b(?:DEBUG|INFO|WARN(?:ING)?|ERROR|CRITICAL|FATAL|TRACE|NOTSET)\b/;
const PY_MARK = /MainThread|MainProcess|Thread-\d+ \(|Dummy-|ThreadPoolExecutor-|asyncio_\d|PoolWorker-|Process-\d|\.py:\d|WARNING|CRITICAL| \| |root|__main__/;

/** Whether the first line's head holds a level word (the header recogniser's cheap gate). */
function mayHaveLevel(text: string): boolean {
  let e = text.indexOf('\n');
  if (e < 0 || e > 240) e = Math.min(text.length, 240);
  return LEVEL_WORD.test(e === text.length ? text : text.slice(0, e));
}

/**
 * A line with a Python-only mark (MainThread, `file.py:N`, WARNING, …) in its head: the forms above,
 * else a user-defined format with the mark in its header (python-header.ts, strict). Tried before the
 * Java layouts, which read the same shapes without a logger name.
 */
export function parsePythonMarked(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  // hot path (every line starting with a digit or `[`): a Python asctime first (cheap; Spark's
  // `yy/MM/dd` fails here), then one regex over the head of the first line
  if (!scanAsctime(text, text.charCodeAt(0) === 91 ? 1 : 0, ctx)) return false;
  let e = text.indexOf('\n');
  if (e < 0 || e > MARK_HEAD) e = Math.min(text.length, MARK_HEAD);
  const head = e === text.length ? text : text.slice(0, e);
  return PY_MARK.test(head) && LEVEL_WORD.test(head) && (parseFixedForms(text, out, ctx) || parsePythonHeader(text, out, ctx, HeaderMode.Strict));
}

/** How far into the first line parsePythonMarked looks for a mark (the header's cells). */
const MARK_HEAD = 100;

/** The fixed forms of the table above only (no header-shape reading). */
export function parseFixedForms(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  let nl = text.indexOf('\n');
  if (nl < 0) nl = text.length;
  const c = text.charCodeAt(0);
  if (c >= 65 && c <= 90) {
    const c1 = text.indexOf(':');
    if (c1 >= 4 && c1 <= 8 && text.charCodeAt(c1 + 1) === 32) return parseUvicorn(text, nl, out);
    if (c1 > 8 && c1 < 40 && parseDjangoVerbose(text, nl, out, ctx)) return true;
    // LEVEL:name:message
    if (c1 < 4 || c1 > 8) return false;
    const level = pyLevel(text, 0, c1);
    if (level === undefined) return false;
    const c2 = text.indexOf(':', c1 + 1);
    if (c2 < 0 || c2 > nl || !token(text, c1 + 1, c2)) return false;
    return finish(text, c2 + 1, nl, nl, text.slice(c1 + 1, c2), level, NaN, out);
  }
  if (c === 91) return isDigit(text.charCodeAt(1)) && parseBracketed(text, nl, out, ctx);
  if (!isDigit(c)) return false;
  // any datefmt of python-asctime.ts (a bare time of day without a runtime time: no ts)
  if (!scanAsctime(text, 0, ctx)) return false;
  const micros = asc.micros;
  let p = asc.end;
  if (text.startsWith(' - ', p)) {
    // asctime - name - LEVEL - message, asctime - LEVEL - message (and other ` - ` orders: python-header.ts)
    if (mayHaveLevel(text) && parsePythonHeader(text, out, ctx, HeaderMode.Loose)) return true;
    const ns = p + 3;
    const d2 = text.indexOf(' - ', ns);
    if (d2 < 0 || d2 > nl) return false;
    const ls = d2 + 3;
    const d3 = text.indexOf(' - ', ls);
    const level = d3 >= 0 && d3 < nl ? pyLevel(text, ls, d3) : undefined;
    if (level !== undefined) return finish(text, d3 + 3, nl, nl, text.slice(ns, d2), level, micros, out);
    const only = pyLevel(text, ns, d2);
    if (only === undefined) return false;
    return finish(text, d2 + 3, nl, nl, '', only, micros, out);
  }
  if (text.charCodeAt(p) !== 32) return false;
  p++;
  // asctime LEVEL name: message, asctime [LEVEL] name: message
  const br = text.charCodeAt(p) === 91 ? 1 : 0;
  const le = text.indexOf(br ? '] ' : ' ', p);
  if (le < 0 || le > nl) return false;
  const level = pyLevel(text, p + br, le);
  if (level === undefined) return br === 0 && parseNameLevel(text, p, le, nl, micros, out);
  const ns = le + 1 + br;
  const colon = text.indexOf(': ', ns);
  if (colon < 0 || colon > nl || !token(text, ns, colon)) return false;
  return finish(text, colon + 2, nl, nl, text.slice(ns, colon), level, micros, out);
}
