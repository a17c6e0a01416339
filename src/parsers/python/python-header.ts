/**
 * User-defined Python logging formats read from the line's shape. `logging.Formatter` (`%` style)
 * prints LogRecord attributes in whatever order and with whatever separators the format string
 * has; this recogniser reads the header as a row of cells and gives each cell a role:
 *
 * | cell | role | column |
 * |---|---|---|
 * | `%(asctime)s` with any datefmt of python-asctime.ts | time | ts |
 * | `%(levelname)s`, also padded (`%(levelname)-8s`, `[%(levelname)-8s]`) | DEBUG / INFO / WARNING / ERROR / CRITICAL (+ WARN, FATAL, TRACE, NOTSET) | severity |
 * | `%(name)s` (a logger name: `app.db`, `__main__`, `root`) | logger | component |
 * | `%(filename)s:%(lineno)d`, `%(name)s:%(lineno)d`, `%(module)s:%(funcName)s:%(lineno)d` | source location | attributes.file, line, function; component when no logger name |
 * | `%(threadName)s` (`MainThread`, `Thread-N`, `Dummy-N`, `ThreadPoolExecutor-N_M`, `asyncio_N`: threading / concurrent.futures / asyncio defaults) | thread | thread |
 * | `%(processName)s` (`MainProcess`, `Process-N`, `ForkPoolWorker-N`, …: multiprocessing defaults) | process | attributes.process_name |
 * | `%(process)d` (up to 7 digits: Linux pid_max ≤ 2^22), `%(thread)d` (longer) | ids | attributes.pid, thread_id |
 *
 * Cells may be wrapped in `[]`, `()`, `{}` (not `<>`: markup in a message; several roles in one bracket split at `:`, `/`,
 * ` `, `,`) and separated by spaces, ` - `, ` | `, `:`, ` :: `, ` > `. The level must come among the
 * first seven cells, with only recognisable cells before it. After the level the header goes on
 * only over cells that are plainly header: times, locations, thread / process names, bracketed
 * logger names or ids, a logger name ending in `: `, a lower-case or dotted logger name after a bracketed
 * thread and before ` - ` (`LEVEL [%(threadName)s] %(name)s - %(message)s`; in Strict mode the bracketed
 * word right after the level is that thread even when it is no Python default name, `[uploader]`), a logger name / id followed by the same
 * non-space separator that came before it, or a dotted logger name (not a file name like `a.yaml`; or `root`, `__main__`) right
 * after a level padded to 8 columns (`%(levelname)-8s %(name)s %(message)s`; an undotted name there
 * cannot be told from the first word of `%(levelname)-8s %(message)s` and is left to the message). The message (`%(message)s`) starts at the first other
 * cell. Text after the first line is handled as in the fixed forms (python-logging-parser.ts).
 *
 * A time and a level alone make a header only in HeaderMode.Loose (after `asctime - `); otherwise
 * another field must be there and no logger looks like a Java class. HeaderMode.Strict (tried before the Java layouts, which share many shapes) also needs a Python-only
 * marker in the header — a Python thread or process name, a `.py:N` location, WARNING /
 * CRITICAL, the logger `root` / `__main__`, a ` | ` separator — and refuses Java-looking headers
 * (WARN / FATAL / TRACE, class names `a.b.Class`), PostgreSQL's `LEVEL:  ` and gunicorn's `[pid] [LEVEL]`.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { writeCanonicalSeverity, severityAt } from '../severity.js';
import { isDigit } from '../shared/timestamp.js';
import { asc, scanAsctime } from './python-asctime.js';

/**
 * How much the header must show: Loose (`asctime - LEVEL - msg` is enough; the ` - ` forms),
 * Normal (a field besides time and level: `asctime LEVEL msg` is left to the Java layouts' shape
 * reader), Strict (Normal + a Python-only marker).
 */
export const enum HeaderMode { Loose, Normal, Strict }

const enum K { Other, Asc, Level, Num, Loc, Thread, Proc, Name, Multi }

const MAX_CELLS = 12;
const HEADER_LIMIT = 240;

// the cells of the current line (module-level, reused: single-threaded)
const kind = new Int8Array(MAX_CELLS);
const cs = new Int32Array(MAX_CELLS); // cell start (opening bracket included)
const a0 = new Int32Array(MAX_CELLS); // content start
const a1 = new Int32Array(MAX_CELLS); // content end
const br = new Int8Array(MAX_CELLS); // bracketed
const sep = new Int32Array(MAX_CELLS); // separator after: 0 none/end, 32 spaces only, else the char ('-', '|', ':', '>'); -58 = `: ` after the cell
const micros = new Float64Array(MAX_CELLS);

const THREAD_NAME = /^(?:MainThread|Thread-\d+(?: \([^)]*\))?|Dummy-\d+|ThreadPoolExecutor-\d+_\d+|asyncio_\d+)$/;
const PROCESS_NAME = /^(?:MainProcess|(?:Fork|Spawn|Forkserver)?(?:Process|PoolWorker)-\d+(?::\d+)*|SyncManager-\d+)$/;
const NAME = /^[A-Za-z_][\w.-]*$/;
/** A logger name as `getLogger(__name__)` gives: dotted identifiers. */
const LOGGER = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;
/** A file name opening a message (`config.yaml loaded`), not a dotted logger name. */
const FILE_NAME = /\.(?:py|pyc|ya?ml|json|toml|ini|cfg|txt|csv|xml|gz|zip)$/;
/** Java class names (`org.apache.Foo`, `o.a.k.Foo`): dotted, last segment capitalised. */
const JAVA_CLASS = /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*$/;

const OPEN = '[({';
const CLOSE = '])}';

/** Python level names (+ the aliases some handlers print): the canonical severity, or undefined. */
function levelAt(s: string, a: number, b: number): string | undefined {
  const n = b - a;
  if (n < 4 || n > 8) return undefined;
  const c = s.charCodeAt(a);
  if (c !== 68 && c !== 73 && c !== 87 && c !== 69 && c !== 67 && c !== 70 && c !== 84 && c !== 78) return undefined;
  for (let i = a; i < b; i++) {
    const x = s.charCodeAt(i);
    if (x < 65 || x > 90) return undefined;
  }
  if (n === 6 && s.startsWith('NOTSET', a)) return 'DEBUG';
  const sev = severityAt(s, a, b);
  if (sev === undefined) return undefined;
  // only the level words themselves (severityAt also knows SEVERE, NOTICE, ...)
  const w = s.slice(a, b);
  return w === 'DEBUG' || w === 'INFO' || w === 'WARNING' || w === 'ERROR' || w === 'CRITICAL' || w === 'WARN' || w === 'FATAL' || w === 'TRACE' ? sev : undefined;
}

function allDigits(s: string, a: number, b: number): boolean {
  if (b <= a || b - a > 20) return false;
  for (let i = a; i < b; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/** Index of the `:digits` location suffix in s[a, b) (`x:42`, `x:f:42`), or -1. */
function locColon(s: string, a: number, b: number): number {
  const c = s.lastIndexOf(':', b - 1);
  if (c <= a || c >= b - 1) return -1;
  return allDigits(s, c + 1, b) ? c : -1;
}

/** Role of one field s[a, b) (no brackets). */
function classify(s: string, a: number, b: number): K {
  if (b <= a) return K.Other;
  const c = s.charCodeAt(a);
  if (isDigit(c)) return allDigits(s, a, b) ? K.Num : K.Other;
  if (levelAt(s, a, b) !== undefined) return K.Level;
  const t = s.slice(a, b);
  if (locColon(s, a, b) > a) {
    const head = s.slice(a, s.lastIndexOf(':', b - 1));
    return NAME.test(head.replace(':', '.')) || /^[\w.-]+\.py$/.test(head) ? K.Loc : K.Other;
  }
  if (c === 77 /* M */ || c === 84 /* T */ || c === 68 /* D */ || c === 97 /* a */) {
    if (THREAD_NAME.test(t)) return K.Thread;
  }
  if ((c === 77 || c === 80 || c === 70 || c === 83) && PROCESS_NAME.test(t)) return K.Proc;
  return NAME.test(t) ? K.Name : K.Other;
}

/** End of the bracket part that starts at `p` (before `b`): the next `:`, `/`, ` ` or `,`, else `b`. */
function multiPartEnd(s: string, p: number, b: number): number {
  let e = p;
  while (e < b) {
    const c = s.charCodeAt(e);
    if (c === 58 || c === 47 || c === 32 || c === 44) break;
    e++;
  }
  return e;
}

/** Splits a bracket's content at `:`, `/`, ` `, `,`; Multi when every part has a role, else Other. */
function classifyMulti(s: string, a: number, b: number): K {
  let p = a;
  let parts = 0;
  while (p <= b) {
    const e = multiPartEnd(s, p, b);
    if (e > p) {
      const k = classify(s, p, e);
      if (k === K.Other || k === K.Loc) return K.Other;
      parts++;
    }
    p = e + 1;
  }
  return parts >= 2 ? K.Multi : K.Other;
}

/** Reads the separator after a cell ending at p: fills sep[i]; returns the next cell's start. */
function readSep(s: string, p: number, nl: number, i: number): number {
  let q = p;
  while (s.charCodeAt(q) === 32) q++;
  if (q >= nl) {
    sep[i] = 0;
    return nl;
  }
  const c = s.charCodeAt(q);
  if (c === 58 /* : */ && q === p) {
    // `name: msg` or `a:b`
    if (s.charCodeAt(q + 1) === 32) {
      sep[i] = -58;
      q++;
      while (s.charCodeAt(q) === 32) q++;
      return q;
    }
    if (s.charCodeAt(q + 1) === 58) q++;
    sep[i] = 58;
    return q + 1;
  }
  if ((c === 45 || c === 124 || c === 58 || c === 62) && q > p) {
    // ` - `, ` | `, ` : `, ` > `, ` -- `, ` :: `
    let r = q + 1;
    if (s.charCodeAt(r) === c) r++;
    if (s.charCodeAt(r) === 32 || r >= nl) {
      sep[i] = c;
      while (s.charCodeAt(r) === 32) r++;
      return r;
    }
  }
  if (c === 124 && q === p) {
    // `a|b`
    sep[i] = 124;
    return q + 1;
  }
  sep[i] = q > p ? 32 : 0;
  return q;
}

/**
 * Reads cell i at p: fills its arrays and returns the next cell's start, or -1 when no cell can be
 * read there (the message starts at p).
 */
function readCell(s: string, p: number, nl: number, i: number, ctx: ParseContext): number {
  cs[i] = p;
  const o = OPEN.indexOf(s.charAt(p));
  const q = o >= 0 ? p + 1 : p;
  br[i] = o >= 0 ? 1 : 0;
  a0[i] = q;
  const c = s.charCodeAt(q);
  let end = -1;
  if ((isDigit(c) || (c >= 65 && c <= 90)) && scanAsctime(s, q, ctx)) {
    end = asc.end;
    if (o >= 0 && s.charCodeAt(end) !== CLOSE.charCodeAt(o)) return -1;
    kind[i] = K.Asc;
    micros[i] = asc.micros;
    a1[i] = end;
    if (o >= 0) end++;
  } else if (o >= 0) {
    const close = s.indexOf(CLOSE.charAt(o), q);
    if (close < 0 || close > nl || close - q > 80) return -1;
    // padded fields (`[%(levelname)-8s]`, `[%(name)12s]`): the content without the padding
    let ca = q;
    let cb = close;
    while (s.charCodeAt(ca) === 32 && ca < cb) ca++;
    while (s.charCodeAt(cb - 1) === 32 && cb > ca) cb--;
    a0[i] = ca;
    a1[i] = cb;
    let k = classify(s, ca, cb);
    if (k === K.Other) k = classifyMulti(s, ca, cb);
    kind[i] = k;
    end = close + 1;
  } else {
    let e = q;
    while (e < nl) {
      const x = s.charCodeAt(e);
      if (x === 32 || x === 124) break;
      if (x === 58 /* : */) {
        // a `:lineno` (or `:func:lineno`) suffix stays in the cell
        let f = e + 1;
        while (f < nl && f - e < 64 && s.charCodeAt(f) !== 58 && s.charCodeAt(f) !== 32) f++;
        if (s.charCodeAt(f) === 58) {
          let g = f + 1;
          while (isDigit(s.charCodeAt(g))) g++;
          if (g > f + 1 && (g >= nl || s.charCodeAt(g) === 32 || s.charCodeAt(g) === 58 || s.charCodeAt(g) === 124)) {
            e = g;
            break;
          }
        } else if (allDigits(s, e + 1, f)) {
          e = f;
          break;
        }
        break;
      }
      e++;
    }
    if (e === q) return -1;
    a1[i] = e;
    kind[i] = classify(s, q, e);
    end = e;
  }
  return readSep(s, end, nl, i);
}

/** Whether cell j (after the level) still belongs to the header. */
function headerAfterLevel(s: string, j: number, first: boolean, userThread: boolean): boolean {
  const k = kind[j]!;
  const prevSep = sep[j - 1]!;
  const consistent = sep[j]! !== 32 && sep[j]! !== 0 && sep[j]! === prevSep && prevSep !== -58;
  switch (k) {
    case K.Multi:
      return true;
    case K.Asc:
    case K.Loc:
    case K.Thread:
    case K.Proc:
      // bare: a `file.py:N`, or with a separator of its own or the one the header uses (`Thread-3 started` opens a message)
      if (k === K.Loc && s.lastIndexOf('.py:', a1[j]!) >= a0[j]!) return true;
      return br[j] === 1 || consistent || (sep[j] !== 32 && sep[j] !== 0) || (first && sep[j - 1] === 32);
    case K.Num:
      return br[j] === 1 || consistent;
    case K.Name: {
      const name = s.slice(a0[j]!, a1[j]!);
      if (!LOGGER.test(name)) return false;
      if (br[j] === 1 || sep[j] === -58) return true;
      // `LEVEL - name - msg`, `LEVEL name - msg`: lower-case or dotted logger names only (a capitalised word opens a message)
      const sj = sep[j]!;
      // `LEVEL [%(threadName)s] %(name)s - msg`: a lower-case or dotted logger name after the bracketed
      // thread (a Python thread / process name; in Strict mode any bracketed word right after the level), then ` - `
      if (sj === 45 && threadBefore(j, userThread) && lowerOrDotted(name)) return true;
      if (hasName(j)) return false;
      if (first && sj === 32 && paddedLevel(j - 1, j) && ((name.indexOf('.') > 0 && !FILE_NAME.test(name)) || name === 'root' || name === '__main__')) return true;
      return (consistent || (first && sj !== 32 && sj !== 0 && sj !== 58)) && lowerOrDotted(name);
    }
    default:
      return false;
  }
}

/** A logger name that cannot be a capitalised first word of a message: lower-case / `_` start, or dotted. */
function lowerOrDotted(name: string): boolean {
  return name.charCodeAt(0) >= 97 || name.charCodeAt(0) === 95 || name.indexOf('.') > 0;
}

/**
 * Whether cell j follows a bracketed thread cell: a Python thread / process name, or (`userThread`:
 * HeaderMode.Strict, where a Python-only mark keeps log4j's `%p [%t] %c: %m` out) a bracketed word
 * right after the level (`[%(threadName)s]` with a name the user gave the thread: `[uploader]`).
 */
function threadBefore(j: number, userThread: boolean): boolean {
  const t = j - 1;
  if (t < 1 || br[t] !== 1) return false;
  const k = kind[t]!;
  return k === K.Thread || k === K.Proc || (userThread && k === K.Name && kind[t - 1] === K.Level);
}

/**
 * `%(levelname)-8s %(name)s`: a bare level cell padded with spaces to 8 columns, then one space,
 * before cell j (`INFO     app.db msg`, `CRITICAL app.db msg`). Java's `%-5p` pads to 5.
 */
function paddedLevel(l: number, j: number): boolean {
  return kind[l] === K.Level && br[l] === 0 && cs[j]! - a0[l]! === 9;
}

/** Whether the header cells [0, n) hold a name, all of them bracketed. */
function bracketedNameOnly(n: number): boolean {
  let any = false;
  for (let i = 0; i < n; i++) {
    if (kind[i] !== K.Name) continue;
    if (br[i] === 0) return false;
    any = true;
  }
  return any;
}

/** Whether a cell before j is a logger name (a second bare name after the level opens the message). */
function hasName(j: number): boolean {
  for (let i = 0; i < j; i++) if (kind[i] === K.Name) return true;
  return false;
}

/** Python-only markers and Java-looking cells of the header cells [0, n). */
function pythonMarked(s: string, n: number, level: number): boolean {
  const w = s.slice(a0[level]!, a1[level]!);
  if (w === 'WARN' || w === 'FATAL' || w === 'TRACE') return false;
  let marked = w === 'WARNING' || w === 'CRITICAL';
  for (let i = 0; i < n; i++) {
    const k = kind[i]!;
    // gunicorn's error log `[pid] [LEVEL]` is left to its own parser
    if (k === K.Level && i > 0 && br[i] === 1 && br[i - 1] === 1 && kind[i - 1] === K.Num) return false;
    if (sep[i] === 124) marked = true;
    if (k === K.Proc) marked = true;
    else if (k === K.Thread) {
      // Java threads are `Thread-N` too: only Python's own names (or `Thread-N (target)`) mark
      if (s.charCodeAt(a0[i]!) !== 84 || s.charCodeAt(a1[i]! - 1) === 41) marked = true;
    }
    else if (k === K.Loc) {
      const t = s.slice(a0[i]!, a1[i]!);
      if (t.indexOf('.py:') > 0) marked = true;
      if (JAVA_CLASS.test(t.slice(0, t.indexOf(':')))) return false;
    } else if (k === K.Name) {
      const t = s.slice(a0[i]!, a1[i]!);
      if (JAVA_CLASS.test(t)) return false;
      if (t === 'root' || t === '__main__') marked = true;
    }
  }
  return marked;
}

/** Splits a Multi bracket into its fields and writes them. */
function writeMulti(s: string, a: number, b: number, st: WriteState): void {
  let p = a;
  while (p <= b) {
    const e = multiPartEnd(s, p, b);
    if (e > p) writeField(s, classify(s, p, e), p, e, st);
    p = e + 1;
  }
}

interface WriteState {
  out: FieldWriter;
  component: string;
  file: string;
  thread: string;
  pid: boolean;
  tid: boolean;
}
const ws: WriteState = { out: undefined as unknown as FieldWriter, component: '', file: '', thread: '', pid: false, tid: false };

function writeField(s: string, k: K, a: number, b: number, st: WriteState): void {
  const out = st.out;
  switch (k) {
    case K.Num: {
      const v = s.slice(a, b);
      if (b - a <= 7 && !st.pid) {
        st.pid = true;
        out.map('attributes', 'pid', v);
      } else if (!st.tid) {
        st.tid = true;
        out.map('attributes', 'thread_id', v);
      }
      break;
    }
    case K.Thread:
      if (!st.thread) st.thread = s.slice(a, b);
      break;
    case K.Proc:
      out.map('attributes', 'process_name', s.slice(a, b));
      break;
    case K.Name:
      if (!st.component && levelAt(s, a, b) === undefined) st.component = s.slice(a, b);
      break;
    case K.Loc: {
      const c2 = s.lastIndexOf(':', b - 1);
      const c1 = s.lastIndexOf(':', c2 - 1);
      out.map('attributes', 'line', s.slice(c2 + 1, b));
      let head = s.slice(a, c1 >= a ? c1 : c2);
      if (c1 >= a) {
        const mid = s.slice(c1 + 1, c2);
        // pytest's `%(name)s:%(filename)s:%(lineno)d`, else `%(module)s:%(funcName)s:%(lineno)d`
        if (mid.endsWith('.py')) {
          if (!st.component) st.component = head;
          head = mid;
        } else out.map('attributes', 'function', mid);
      }
      if (head.endsWith('.py')) {
        out.map('attributes', 'file', head);
        if (!st.file) st.file = head;
      } else if (!st.component) st.component = head;
      break;
    }
    default:
      break;
  }
}

/**
 * Parses a Python logging line by the shape of its header; false (writing nothing) when the first
 * line has no such header. `strict`: see the module comment.
 */
export function parsePythonHeader(text: string, out: FieldWriter, ctx: ParseContext, mode: HeaderMode): boolean {
  const strict = mode === HeaderMode.Strict;
  let nl = text.indexOf('\n');
  if (nl < 0) nl = text.length;
  const limit = nl < HEADER_LIMIT ? nl : HEADER_LIMIT;
  let n = 0;
  let level = -1;
  let p = 0;
  // cells up to and including the level: every one must have a role
  while (p < limit && n < 7) {
    const next = readCell(text, p, nl, n, ctx);
    if (next < 0) return false;
    const k = kind[n]!;
    if (k === K.Other) return false;
    // a header starts with a time, a level, a name or a bracket (not a bare number / `x:N`)
    if (n === 0 && br[0] === 0 && (k === K.Num || k === K.Loc)) return false;
    n++;
    p = next;
    if (k === K.Level) {
      level = n - 1;
      break;
    }
    if (k === K.Multi && multiLevelAt(text, a0[n - 1]!, a1[n - 1]!) !== undefined) {
      level = n - 1;
      break;
    }
  }
  if (level < 0 || n < 2 && sep[0] === 0) return false;
  if (level > 0) {
    // before the level: bare words only → one logger name, dotted or with its own separator (`name: LEVEL`)
    let bare = 0;
    let other = false;
    for (let i = 0; i < level; i++) {
      if (kind[i] === K.Name && br[i] === 0) bare++;
      else other = true;
    }
    if (bare > 2 || (!other && (bare > 1 || (sep[0] === 32 && text.lastIndexOf('.', a1[0]! - 1) < a0[0]!)))) return false;
  }
  // PostgreSQL `LEVEL:  message`
  if (text.charCodeAt(a1[level]!) === 58 && text.charCodeAt(a1[level]! + 1) === 32 && text.charCodeAt(a1[level]! + 2) === 32) return false;
  let ms = p;
  let after = K.Other;
  // after the level: header cells while plainly header
  while (p < limit && n < MAX_CELLS && n - level <= 4) {
    // `name: ` (a cell after the level ending in `: `), `[thread] name - ` end the header
    if (n - 1 > level && (sep[n - 1] === -58 || (sep[n - 1] === 45 && kind[n - 1] === K.Name && threadBefore(n - 1, strict)))) break;
    const next = readCell(text, p, nl, n, ctx);
    if (next < 0) break;
    if (!headerAfterLevel(text, n, n === level + 1, strict)) {
      after = kind[n]!;
      // `LEVEL name [MainThread] msg`, `LEVEL name file.py:12 msg`: a logger name before a plain header cell
      if (after === K.Name && sep[n] === 32 && n + 1 < MAX_CELLS && LOGGER.test(text.slice(a0[n]!, a1[n]!))) {
        const next2 = readCell(text, next, nl, n + 1, ctx);
        const k2 = kind[n + 1]!;
        if (next2 >= 0 && sep[n + 1] !== 0 && (k2 === K.Thread || k2 === K.Proc || k2 === K.Loc || k2 === K.Multi || (br[n + 1] === 1 && k2 === K.Num))) {
          n += 2;
          p = next2;
          ms = p;
          continue;
        }
        // the lookahead overwrote nothing of cell n: `after` stays as read
      }
      // `LEVEL [%(threadName)s] %(name)s: ` with a thread name that is no logger name (`[worker-1]`; Strict only)
      if (strict && after === K.Name && br[n] === 1 && n === level + 1 && n + 1 < MAX_CELLS) {
        const next2 = readCell(text, next, nl, n + 1, ctx);
        const name2 = text.slice(a0[n + 1]!, a1[n + 1]!);
        if (next2 >= 0 && kind[n + 1] === K.Name && br[n + 1] === 0 && LOGGER.test(name2) && (sep[n + 1] === -58 || (sep[n + 1] === 45 && lowerOrDotted(name2)))) {
          kind[n] = K.Thread;
          n += 2;
          p = next2;
          ms = p;
          after = K.Other;
        }
      }
      break;
    }
    n++;
    p = next;
    ms = p;
  }
  // a level alone is not a header; a level + logger name only when the name is plainly one
  if (n < 2) return false;
  let solid = false;
  for (let i = 0; i < n; i++) {
    const k = kind[i]!;
    if (k === K.Asc) {
      // `asctime - LEVEL - msg`: the level with the same separator as the time
      if (mode === HeaderMode.Loose && sep[level] !== 32 && sep[level] === sep[level > 0 ? level - 1 : 0]) solid = true;
    } else if (k === K.Name) {
      if (mode !== HeaderMode.Loose && JAVA_CLASS.test(text.slice(a0[i]!, a1[i]!))) return false;
    }
    if (k !== K.Level && k !== K.Name && k !== K.Asc) solid = true;
    else if (k === K.Name) {
      const c = text.charCodeAt(a0[i]!);
      if (c >= 97 || c === 95 || text.lastIndexOf('.', a1[i]! - 1) >= a0[i]!) solid = true;
    }
  }
  if (!solid) return false;
  if (after === K.Name) {
    // `… [main] INFO com.example.Foo - msg`: a Java class right after the header
    if (JAVA_CLASS.test(text.slice(a0[n]!, a1[n]!))) return false;
    // `[%t] %c: %m` / `[%t] %c - %m` (log4j): a bracketed word, then a bare logger ending the header
    if ((sep[n] === -58 || sep[n] === 45) && bracketedNameOnly(n)) return false;
  }
  if (strict && !pythonMarked(text, n, level)) return false;
  // `[%t] %c:` (log4j): a bracketed word, then a bare logger name — except, in Strict mode (a Python
  // mark), `LEVEL [%(threadName)s] %(name)s: ` / ` - ` (the bracketed word right after the level, the
  // logger name ending the header): there the bracketed word is the thread
  let bracketedName = false;
  for (let i = 0; i < n; i++) {
    if (kind[i] !== K.Name) continue;
    if (br[i] === 1) bracketedName = true;
    else if (bracketedName) {
      if (!strict || i !== n - 1 || i !== level + 2 || br[level + 1] !== 1 || kind[level + 1] !== K.Name || (sep[i] !== -58 && sep[i] !== 45)) return false;
      kind[level + 1] = K.Thread;
    }
  }
  let ts = NaN;
  let sevAt = -1;
  ws.out = out;
  ws.component = '';
  ws.file = '';
  ws.thread = '';
  ws.pid = false;
  ws.tid = false;
  for (let i = 0; i < n; i++) {
    const k = kind[i]!;
    if (k === K.Asc) {
      if (ts !== ts) ts = micros[i]!;
    } else if (k === K.Level) {
      if (sevAt < 0) sevAt = i;
    } else if (k === K.Multi) {
      writeMulti(text, a0[i]!, a1[i]!, ws);
    } else writeField(text, k, a0[i]!, a1[i]!, ws);
  }
  let sev: string | undefined;
  if (sevAt >= 0) sev = levelAt(text, a0[sevAt]!, a1[sevAt]!);
  else sev = multiLevelAt(text, a0[level]!, a1[level]!);
  if (ts === ts) out.ts('ts', ts);
  if (sev !== undefined) writeCanonicalSeverity(out, sev);
  const component = ws.component || ws.file;
  if (component) out.str('component', component);
  if (ws.thread) out.str('thread', ws.thread);
  const msg = text.slice(ms, nl);
  out.str('message', nl < text.length ? msg + text.slice(nl) : msg);
  return true;
}

/** The level among a bracket's parts (`[INFO/MainProcess]`), if one is. */
function multiLevelAt(s: string, a: number, b: number): string | undefined {
  let p = a;
  while (p <= b) {
    const e = multiPartEnd(s, p, b);
    const lv = e > p ? levelAt(s, p, e) : undefined;
    if (lv !== undefined) return lv;
    p = e + 1;
  }
  return undefined;
}
