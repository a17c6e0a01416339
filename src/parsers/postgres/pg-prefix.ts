/**
 * Generic reading of a PostgreSQL stderr `log_line_prefix` (the text before `LEVEL:`): a timestamp
 * (`%t`/`%m`, ISO with offset, or Azure `time_ms = "…"`), then any mix of `[pid]`, `[pid-N]`,
 * `app[postgres.pid]` (Heroku), `[N-M]` session line, `user@db`, `key=value` lists (`user=`, `db=`,
 * `app=`, `client=`, `host=`, `pid=`, `queryid=` …, values optionally quoted), `user@db/app`
 * (`%u@%d/%a`; elog.c's `[unknown]` for a value not known yet is no value), `host(port)` (`%r`),
 * session ids (`%c`), `[backend type]` (`%b`), and the RDS form `%t:%r:%u@%d:[%p]:` (with the
 * extended `%l:%e:%s:%v:%x:%c:%q%a:` tail). A `%e` anywhere is its 5-character SQLSTATE token
 * (only codes Appendix A defines; prefixSqlstate). Other positional tokens without a marker (e.g.
 * `%u %d` separated by spaces) cannot be named generically and are ignored.
 */
import type { FieldWriter, IntColumn, MapColumn, StringColumn } from '../../core/fields.js';
import { ownCopy } from '../shared/own-copy.js';
import { applyOffset, isDigit, scan, scanDateTime, scanZone } from '../shared/timestamp.js';
import { isKnownSqlstate } from './sqlstate.js';

const PID_BRACKET = /\[(?:postgres\.)?(\d+)(?:-(\d+))?\]/;
const LINE_BRACKET = /\[(\d+)-\d+\]/;
const BACKEND_TYPE = /\]\[([a-z][a-z ]*)\]/;
const KV = /([A-Za-z_]+)\s?=\s?("[^"]*"|\[[^\]\s]*\]|[^,\s\]]*)/g;
/**
 * `%u@%d` and `%u@%d/%a`, after the start or a separator another escape leaves (space, `:`, `[` `]`,
 * `<`, `|`, `,`, `;`) and before one (`%a` ends at white space or such a separator; a trailing `:`
 * is not part of it). `[unknown]` is what elog.c prints for a value the session does not have yet.
 */
const USER_AT_DB = /(?:^|[\s:[\]<|,;])(\[unknown\]|[\w.$-]*)@(\[unknown\]|[\w.$-]*)(?:\/(\[unknown\]|[^\s\]>|,;]*))?(?=[\s:\]>|,;]|$)/;
const HOST_PORT = /(?:^|[\s:(<])(\[local\]|[\w.-][\w.:-]*)\((\d+)\)/;
const SESSION_ID = /(?:^|[\s:\-])([0-9a-f]{6,}\.[0-9a-f]+)(?=[\s:\-]|$)/;
const RDS = /^:(.*?)(?:\((\d+)\))?:([^:@\s]*)@([^:\s]*):\[(\d+)\]:/;
const RDS_TAIL = /^(\d+):([0-9A-Z]{5}):/;
const PREFIX_MARK = /\[(?:postgres\.)?\d+|\bpid=|sql_error_code|\w@\w|^:/;

/**
 * Cheap check that `line[0, end)` looks like a log_line_prefix we can read: empty, starting with
 * a timestamp (optionally after `<`), or carrying a pid / key=value / user@db / RDS marker.
 */
export function isPgPrefix(line: string, end: number): boolean {
  if (end === 0) return true;
  const c = line.charCodeAt(0);
  const at = c === 60 ? 1 : 0;
  if (isDigit(line.charCodeAt(at))) {
    const wall = scanDateTime(line, at);
    if (wall === wall) return true;
  }
  return PREFIX_MARK.test(line.slice(0, end));
}

function unq(v: string): string {
  return v.charCodeAt(0) === 34 && v.length >= 2 ? v.slice(1, -1) : v;
}

/** A remote host as `%r` prints it (`host(port)`, `[local]`): attributes client and client_port. */
export function writeClient(v: string, out: FieldWriter): void {
  if (!v) return;
  const hp = /^(.*)\((\d+)\)$/.exec(v);
  if (hp) {
    out.map('attributes', 'client', hp[1]!);
    out.map('attributes', 'client_port', hp[2]!);
  } else out.map('attributes', 'client', v);
}

/**
 * elog.c (log_line_prefix `%u`, `%d`, `%a`) prints `[unknown]` when the session has no user,
 * database or application name (yet): no value, like an empty one.
 */
export const PG_UNKNOWN = '[unknown]';

function writeUser(v: string, out: FieldWriter): void {
  if (v && v !== PG_UNKNOWN) out.str('pg_user', v);
}
function writeDb(v: string, out: FieldWriter): void {
  if (v && v !== PG_UNKNOWN) out.str('pg_database', v);
}
function writeApp(v: string, out: FieldWriter): void {
  if (v && v !== PG_UNKNOWN) out.map('attributes', 'application_name', v);
}

/**
 * Reads the prefix `line[0, end)` and writes ts, pg_pid, pg_user, pg_database and attributes
 * (client, client_port, application_name, session_id, session_line, backend_type, tz, …).
 * Call only after isPgPrefix accepted the prefix.
 */
export function readPgPrefix(line: string, end: number, out: FieldWriter, defaultTzOffsetMinutes: number): void {
  if (end === 0) return;
  let p = 0;
  let c = line.charCodeAt(0);
  if (c === 60 /* < */) {
    p = 1;
    c = line.charCodeAt(1);
  }
  let micros = NaN;
  if (isDigit(c)) {
    const wall = scanDateTime(line, p);
    if (wall === wall) {
      p = scan.end;
      const z = scanZone(line, p, true);
      if (z === z) {
        micros = applyOffset(wall, z);
        p = scan.end;
      } else {
        micros = applyOffset(wall, defaultTzOffsetMinutes);
        // unknown zone word: skip it
        if (line.charCodeAt(p) === 32) {
          let q = p + 1;
          while (q < end && line.charCodeAt(q) >= 65 && line.charCodeAt(q) <= 90) q++;
          if (q > p + 1) {
            out.map('attributes', 'tz', line.slice(p + 1, q));
            p = q;
          }
        }
      }
    }
  }
  // "%t:%r…" with an empty %Z leaves " :" after the time
  if (line.charCodeAt(p) === 32 && line.charCodeAt(p + 1) === 58) p++;
  const rest = line.slice(p, end);

  // Azure-style: time_ms = "..."
  if (micros !== micros && rest.indexOf('time_ms') >= 0) {
    const k = rest.indexOf('time_ms');
    const q = rest.indexOf('"', k);
    if (q >= 0) {
      const wall = scanDateTime(rest, q + 1);
      if (wall === wall) {
        const z = scanZone(rest, scan.end, true);
        micros = applyOffset(wall, z === z ? z : defaultTzOffsetMinutes);
      }
    }
  }
  if (micros === micros) out.ts('ts', micros);
  readPrefixRestCached(rest, out);
}

/**
 * What the prefix after its timestamp yields depends on that text only, and the text repeats
 * (one per backend / session): the writes of each distinct text are recorded once and replayed.
 * When most lookups miss (a `%l` line number or `%c` session id in every prefix), the cache is
 * bypassed for a while.
 */
const prefixCache = new Map<string, readonly (string | number)[]>();
const MAX_PREFIXES = 2048;
let lookups = 0;
let misses = 0;
let bypass = 0;

/** FieldWriter that records str / int / map calls as [op, column, a, b] quadruples (op: 0 str, 1 int, 2 map). */
class Recorder implements FieldWriter {
  ops: (string | number)[] = [];
  str(col: StringColumn, value: string): void {
    this.ops.push(0, col, ownCopy(value), '');
  }
  int(col: IntColumn, value: number): void {
    this.ops.push(1, col, value, '');
  }
  long(): void {
    throw new Error('pg prefix: unexpected long column');
  }
  double(): void {
    throw new Error('pg prefix: unexpected double column');
  }
  ts(): void {
    throw new Error('pg prefix: unexpected timestamp column');
  }
  map(col: MapColumn, key: string, value: string): void {
    this.ops.push(2, col, ownCopy(key), ownCopy(value));
  }
  has(): boolean {
    throw new Error('pg prefix: unexpected read');
  }
  getStr(): string | undefined {
    throw new Error('pg prefix: unexpected read');
  }
}
const recorder = new Recorder();

function readPrefixRestCached(rest: string, out: FieldWriter): void {
  if (bypass > 0) {
    bypass--;
    readPrefixRest(rest, out);
    return;
  }
  let ops = prefixCache.get(rest);
  if (ops === undefined) {
    misses++;
    recorder.ops = [];
    readPrefixRest(rest, recorder);
    ops = recorder.ops;
    if (prefixCache.size >= MAX_PREFIXES) prefixCache.clear();
    prefixCache.set(ownCopy(rest), ops);
  }
  if (++lookups === 1024) {
    if (misses > 512) {
      bypass = 32768;
      prefixCache.clear();
    }
    lookups = 0;
    misses = 0;
  }
  for (let i = 0; i < ops.length; i += 4) {
    const op = ops[i];
    if (op === 0) out.str(ops[i + 1] as StringColumn, ops[i + 2] as string);
    else if (op === 1) out.int(ops[i + 1] as IntColumn, ops[i + 2] as number);
    else out.map(ops[i + 1] as MapColumn, ops[i + 2] as string, ops[i + 3] as string);
  }
}

/** The prefix after its timestamp: pid, user, database, client, session … (see the module comment). */
function readPrefixRest(rest: string, out: FieldWriter): void {
  let userSet = false;
  let pidSet = false;
  let stateSet = false;
  // values read as pid / session line number (a 5-digit one is not a %e)
  let pid = '';
  let line = '';
  if (rest.charCodeAt(0) === 58 /* : */) {
    const m = RDS.exec(rest);
    if (m) {
      if (m[1]) out.map('attributes', 'client', m[1]);
      if (m[2]) out.map('attributes', 'client_port', m[2]);
      writeUser(m[3]!, out);
      writeDb(m[4]!, out);
      userSet = true;
      out.int('pg_pid', Number(m[5]));
      pidSet = true;
      const tail = rest.slice(m[0].length);
      const t = RDS_TAIL.exec(tail);
      if (t) {
        out.map('attributes', 'session_line', t[1]!);
        if (isKnownSqlstate(t[2]!)) out.str('pg_sqlstate', t[2]!);
        const s = SESSION_ID.exec(tail);
        if (s) {
          out.map('attributes', 'session_id', s[1]!);
          const after = tail.slice(s.index + s[0].length).replace(/^:/, '').replace(/:$/, '');
          writeApp(after, out);
        }
      }
      return;
    }
  }

  if (rest.indexOf('[') >= 0) {
    const m = PID_BRACKET.exec(rest);
    if (m) {
      out.int('pg_pid', Number(m[1]));
      pidSet = true;
      pid = m[1]!;
      if (m[2]) out.map('attributes', 'session_line', (line = m[2]));
      const after = rest.slice(m.index + m[0].length);
      const l = LINE_BRACKET.exec(after);
      if (l && !m[2]) out.map('attributes', 'session_line', (line = l[1]!));
      const b = BACKEND_TYPE.exec(rest);
      if (b) out.map('attributes', 'backend_type', b[1]!);
    }
  }
  if (rest.indexOf('=') >= 0) {
    KV.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = KV.exec(rest)) !== null) {
      const k = m[1]!;
      const v = unq(m[2]!);
      switch (k) {
        case 'user': case 'usr': case 'u':
          writeUser(v, out);
          userSet = true;
          break;
        case 'db': case 'database': case 'dbname': case 'd':
          writeDb(v, out);
          break;
        case 'app': case 'appli': case 'application_name': case 'application':
          writeApp(v, out);
          break;
        case 'client': case 'host': case 'remote': case 'connection_source':
          writeClient(v, out);
          break;
        case 'pid':
          if (!pidSet && /^\d+$/.test(v)) {
            out.int('pg_pid', Number(v));
            pidSet = true;
            pid = v;
          }
          break;
        case 'sql_error_code':
          if (isKnownSqlstate(v)) {
            out.str('pg_sqlstate', v);
            stateSet = true;
          }
          break;
        case 'session_id': case 'session':
          out.map('attributes', 'session_id', v);
          break;
        case 'log_line':
          out.map('attributes', 'session_line', (line = v));
          break;
        case 'time_ms':
          break;
        default:
          if (v) out.map('attributes', k, v);
      }
    }
  }
  if (!userSet && rest.indexOf('@') >= 0) {
    const m = USER_AT_DB.exec(rest);
    if (m) {
      writeUser(m[1]!, out);
      writeDb(m[2]!, out);
      if (m[3] !== undefined) writeApp(m[3].replace(/:+$/, ''), out);
    }
  }
  if (rest.indexOf('(') >= 0) {
    const m = HOST_PORT.exec(rest);
    if (m && !rest.includes('client=')) {
      out.map('attributes', 'client', m[1]!);
      out.map('attributes', 'client_port', m[2]!);
    }
  }
  if (rest.indexOf('.') >= 0 && !rest.includes('session_id=')) {
    const s = SESSION_ID.exec(rest);
    if (s) {
      out.map('attributes', 'session_id', s[1]!);
    }
  }
  if (!stateSet) {
    const st = prefixSqlstate(rest, pid, line);
    if (st !== undefined) out.str('pg_sqlstate', st);
  }
}

/**
 * The SQLSTATE a `%e` anywhere in the prefix printed: the last 5-character token that Appendix A
 * defines and that is not the pid or session line number read from the prefix. A token is a run
 * of digits and capitals between the separators a log_line_prefix puts around escapes (start / end,
 * space, `:`, brackets, `<>`, `|`, `,`, `;`, `@`, `-`, and `)` after it); not after `(` (the port
 * of a `%r` host(port)), `=` (other keys' values), `.` or `/` (session ids, addresses, vxids).
 * Other 5-character tokens (an application name, a 5-digit pid printed bare) are not codes.
 */
export function prefixSqlstate(rest: string, pid: string, line: string): string | undefined {
  let found: string | undefined;
  const n = rest.length;
  let i = 0;
  while (i < n) {
    if (!isCodeChar(rest.charCodeAt(i))) {
      i++;
      continue;
    }
    const st = i;
    while (i < n && isCodeChar(rest.charCodeAt(i))) i++;
    if (i - st !== 5 || (st > 0 && !isSeparator(rest.charCodeAt(st - 1))) || (i < n && !isSeparator(rest.charCodeAt(i)) && rest.charCodeAt(i) !== 41)) continue;
    const v = rest.slice(st, i);
    if (v !== pid && v !== line && isKnownSqlstate(v)) found = v;
  }
  return found;
}

/** 0-9, A-Z: the characters of a SQLSTATE. */
function isCodeChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/** Separators around a `%e` token: white space : [ ] < > | , ; @ - */
function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 58 || c === 91 || c === 93 || c === 60 || c === 62 || c === 124 || c === 44 || c === 59 || c === 64 || c === 45;
}
