/**
 * Multi-line joining: a pure, stateful stream stage that turns physical lines of ONE stream
 * (one file, or one container stream stdout/stderr) into events. Use one instance per stream.
 *
 * Mode `auto` decides, line by line and without look-ahead, whether a line continues the pending
 * event. Continuation lines are:
 *
 * | rule | examples |
 * |---|---|
 * | empty line (while an event is pending) | blank lines inside Go panics, trailing blank lines |
 * | starts with TAB | `\tat x.y(Z.java:1)`, Ruby `\tfrom …`, PostgreSQL statement continuation, Go frame file lines |
 * | starts with spaces (unless it looks like an Azure PG ` sql_error_code = ` header) | `    at …`, Python `  File "…", line N`, Elasticsearch traces |
 * | `Caused by: `, `Suppressed: `, `... N more`, `... N common frames omitted` | Java/Scala chains |
 * | Java exception header `a.b.SomeException[: msg]` (class name ending Exception/Error/Throwable) | line after a log4j header |
 * | `Traceback (most recent call last):` after an event (unless it starts an uncaught-exception report: see below), then the final `SomeError: msg` line; after it `During handling of the above exception, another exception occurred:` / `The above exception was the direct cause of the following exception:` and the next traceback (chained exceptions, Python docs `traceback` / tutorial §8.5); libpq `DETAIL:  ` / `HINT:  ` / `LINE n: ` lines and pydantic's bare field-location lines of the exception's message; logging's `Stack (most recent call last):` (stack_info) | Python |
 * | `goroutine N [state]:`, then (in a Go panic) `pkg.func(args)`, `created by …`, `[signal SIGSEGV: …]` (the only `[` line that continues) | Go panics (`panic: …` / `fatal error: …` start one; runtime/panic.go printpanics, runtime/signal_unix.go) |
 * | PostgreSQL `DETAIL:`/`HINT:`/`STATEMENT:`/`CONTEXT:`/`LOCATION:`/`QUERY:` line with the same pid (or same prefix) as the pending PG event | stderr secondary report lines |
 * | any line while a csvlog event has an open quoted field | csvlog multi-line messages/queries |
 * | any line after a line ending in `\` | shell-style continuation |
 *
 * A `Traceback (most recent call last):` line starts its own event — the interpreter's report of an
 * uncaught exception on stderr, not a logged record's exc_text — when the pending event already
 * holds a whole traceback, is a JSON object line, or when the runtime times (push's `observedMicros`,
 * Docker / CRI time) of the pending event's last line and this line lie more than
 * {@link TRACEBACK_GAP_MICROS} apart (logging writes a record and its traceback in one write).
 *
 * A line starting with `{` (JSON) or `[` never continues an event (except a Go panic's `[signal …]`). Checks start with one
 * character comparison; regexes only run on the few lines that pass it. O(line) per push.
 *
 * Size caps: when appending a line would exceed `max_lines` or `max_bytes`, the pending event is
 * emitted with `split = true` and the line starts a new event marked `continued = true`
 * (counted in `stats.splits`); a single physical line longer than `max_bytes` is cut into
 * `max_bytes` pieces the same way. Content is never dropped.
 */
import { ownString } from '../../core/own-string.js';
import { findPgLevel, pgLevel, pgSessionKey, PG_SECONDARY } from '../postgres/pg-level.js';
import { isDigit, scan, scanDateTime, scanZone } from '../shared/timestamp.js';

/** Configuration of the multi-line stage (snake_case, units in names). */
export interface MultilineConfig {
  /** `auto`: join continuation lines by the rules above; `none`: every line is an event. */
  readonly mode: 'auto' | 'none';
  /** Maximum physical lines per event; further lines start a new (continued) event. */
  readonly max_lines: number;
  /** Maximum UTF-8 bytes of an event's text (lines joined with `\n`). */
  readonly max_bytes: number;
}

/** Defaults: auto, 1000 lines, 1 MiB. */
export const DEFAULT_MULTILINE_CONFIG: MultilineConfig = Object.freeze({
  mode: 'auto',
  max_lines: 1000,
  max_bytes: 1 << 20,
});

/** One joined event. */
export interface MultilineEvent {
  /** Physical lines joined with '\n' (no trailing newline). */
  readonly text: string;
  /** Offset (as given to push) of the first physical line. */
  readonly offset: number;
  /** Offset of the last physical line of the event. */
  readonly lastOffset: number;
  /** Number of physical lines (pieces of a cut over-long line count as one each). */
  readonly lines: number;
  /** True when the event was cut because of max_lines/max_bytes; the next event continues it. */
  readonly split: boolean;
  /** True when this event continues a previous, cut event. */
  readonly continued: boolean;
}

/** Counters since construction. */
export interface MultilineStats {
  /** Physical lines pushed. */
  lines: number;
  /** Events emitted. */
  events: number;
  /** Events cut because of max_lines / max_bytes. */
  splits: number;
}

/**
 * Runtime-time gap (µs) above which a `Traceback (most recent call last):` line is not the pending
 * record's traceback: `logging.StreamHandler.emit` writes the record with its exc_text in one
 * `stream.write`, so its lines reach the runtime together.
 */
export const TRACEBACK_GAP_MICROS = 100_000;

/** Python: inside a traceback; PythonEnd: after its final line (a chained traceback may follow). */
const enum TraceState { None, Python, PythonEnd, Go }

const JAVA_EXC_HEADER = /^(?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error|Throwable)(?::|$)/;
const MORE_FRAMES = /^\s*\.\.\. \d+ (?:more|common frames omitted)/;
const GOROUTINE = /^goroutine \d+ (?:[^[]*)\[/;
const GO_FRAME = /^[\w./*()[\]{}$-]+\(.*\)(?: \+0x[0-9a-f]+)?$/;
const PY_FINAL = /^[A-Za-z_][\w.]*(?::|$)/;
/**
 * After a traceback's final line, lines that still belong to the exception's message: libpq's
 * secondary fields as psycopg / asyncpg errors carry them (`DETAIL:  `, `HINT:  `, `CONTEXT:  `,
 * `LINE n: `; PostgreSQL "Error message fields"), and pydantic's ValidationError field locations
 * (a bare `name` / `items.0.price` line before its indented explanation).
 */
const PY_MESSAGE_TAIL = /^(?:(?:DETAIL|HINT|CONTEXT|QUERY|WHERE): {2}|LINE \d+: |[A-Za-z_][\w.]*$)/;

/** Joins physical lines into events; see the module comment for the rules. One instance per stream. */
export class MultilineAggregator {
  readonly config: MultilineConfig;
  readonly stats: MultilineStats = { lines: 0, events: 0, splits: 0 };

  private readonly out: MultilineEvent[] = [];
  private text = '';
  private has = false;
  private offset = 0;
  private lastOffset = 0;
  private lineCount = 0;
  /** UTF-8 bytes of the pending text: exact when `exact`, else an upper bound (3 per UTF-16 unit). */
  private bytes = 0;
  private exact = false;
  private continued = false;
  private pgKey: string | undefined;
  private csvQuoteOpen = false;
  private csv = false;
  private trace = TraceState.None;
  private backslash = false;
  /** Runtime time (µs) of the pending event's last line, and of the line being pushed (NaN: none). */
  private lastObserved = NaN;
  private lineObserved = NaN;

  /** Creates a stage; missing config keys take DEFAULT_MULTILINE_CONFIG values. */
  constructor(config: Partial<MultilineConfig> = {}) {
    this.config = { ...DEFAULT_MULTILINE_CONFIG, ...config };
    if (!(this.config.max_lines >= 1) || !(this.config.max_bytes >= 16)) {
      throw new RangeError(`multiline: max_lines must be >= 1 and max_bytes >= 16, got ${this.config.max_lines} / ${this.config.max_bytes}`);
    }
  }

  /**
   * Makes the pending text its own string. Lines may be slices of a larger decoded piece of input
   * (line-reader's text path); a pending event kept across reads would otherwise keep that whole
   * piece alive. Called when a read of the source ends with the event still open.
   */
  detach(): void {
    if (this.has) this.text = ownString(this.text);
  }

  /** Whether an event is waiting for more lines (call flush() at end of stream or on idle timeout). */
  get pending(): boolean {
    return this.has;
  }

  /**
   * Adds one physical line (without its line terminator; a trailing '\r' is removed) that starts at
   * `offset`, with its runtime time in µs (`observedMicros`, NaN or absent when the envelope had
   * none). Returns the events completed by this line. The returned array is reused by the next
   * call: consume it before pushing again.
   */
  push(line: string, offset: number, observedMicros = NaN): readonly MultilineEvent[] {
    const out = this.out;
    while (out.length !== 0) out.pop(); // (setting length is a runtime call)
    this.stats.lines++;
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    this.lineObserved = observedMicros;
    if (this.has && this.config.mode === 'auto' && this.isContinuation(line)) {
      // byte counts are exact only near the cap: far below it, 3 bytes per UTF-16 unit bound them
      const max = this.config.max_bytes;
      let lineBytes = 3 * line.length;
      if (!this.exact && this.bytes + 1 + lineBytes > max) {
        this.bytes = Buffer.byteLength(this.text);
        this.exact = true;
      }
      if (this.exact) lineBytes = Buffer.byteLength(line);
      if (this.lineCount + 1 > this.config.max_lines || this.bytes + 1 + lineBytes > max) {
        this.emit(true);
        this.start(line, offset, true);
      } else {
        this.text += '\n' + line;
        this.lineCount++;
        this.bytes += 1 + lineBytes;
        this.lastOffset = offset;
        if (this.csv) this.updateCsvQuote(line);
      }
    } else {
      if (this.has) this.emit(false);
      this.start(line, offset, false);
    }
    this.backslash = line.charCodeAt(line.length - 1) === 92;
    this.lastObserved = observedMicros;
    return out;
  }

  /** Emits the pending event, if any (end of stream, idle timeout). */
  flush(): MultilineEvent | undefined {
    if (!this.has) return undefined;
    while (this.out.length !== 0) this.out.pop();
    this.emit(false);
    this.trace = TraceState.None;
    this.backslash = false;
    return this.out[0];
  }

  private emit(split: boolean): void {
    this.out.push({
      text: this.text,
      offset: this.offset,
      lastOffset: this.lastOffset,
      lines: this.lineCount,
      split,
      continued: this.continued,
    });
    this.stats.events++;
    if (split) this.stats.splits++;
    this.has = false;
    this.text = '';
  }

  private start(line: string, offset: number, continued: boolean): void {
    const max = this.config.max_bytes;
    let lineBytes = 3 * line.length;
    this.exact = lineBytes > max;
    if (this.exact) lineBytes = Buffer.byteLength(line);
    while (lineBytes > max) {
      // Cut an over-long physical line into pieces of at most max bytes.
      let cut = Math.min(line.length, max);
      while (Buffer.byteLength(line.slice(0, cut)) > max) cut = Math.floor(cut * 0.9);
      const cc = line.charCodeAt(cut - 1);
      if (cc >= 0xd800 && cc <= 0xdbff) cut--;
      this.text = line.slice(0, cut);
      this.has = true;
      this.offset = offset;
      this.lastOffset = offset;
      this.lineCount = 1;
      this.continued = continued;
      this.emit(true);
      line = line.slice(cut);
      lineBytes = Buffer.byteLength(line);
      continued = true;
    }
    this.has = true;
    this.text = line;
    this.offset = offset;
    this.lastOffset = offset;
    this.lineCount = 1;
    this.bytes = lineBytes;
    this.continued = continued;
    if (continued) {
      // A piece of a cut event keeps the pending event's state (trace, PG session, csv quote).
      if (this.csv) this.updateCsvQuote(line);
      return;
    }
    this.pgKey = undefined;
    this.csv = false;
    this.csvQuoteOpen = false;
    this.trace = TraceState.None;
    if (this.config.mode !== 'auto') return;
    const c = line.charCodeAt(0);
    if (isDigit(c) || c === 34 /* " */ || c === 32 || c === 60 /* < */) {
      this.classifyStart(line, c);
    } else if (c === 112 /* p */ && line.startsWith('panic: ')) {
      this.trace = TraceState.Go;
    } else if (c === 102 /* f */ && line.startsWith('fatal error: ')) {

      this.trace = TraceState.Go;
    } else if (c === 84 /* T */ && line.startsWith('Traceback (most recent call last):')) {
      this.trace = TraceState.Python;
    }
  }

  /** Detects csvlog records (quote tracking) and PG stderr lines (session key). */
  private classifyStart(line: string, c: number): void {
    const tsAt = c === 34 ? 1 : 0;
    if (isDigit(line.charCodeAt(tsAt))) {
      const t = scanDateTime(line, tsAt);
      if (t === t) {
        let p = scan.end;
        const z = scanZone(line, p, true);
        if (z === z) p = scan.end;
        if (tsAt === 1 && line.charCodeAt(p) === 34) p++;
        if (line.charCodeAt(p) === 44 /* , */) {
          this.csv = true;
          this.updateCsvQuote(line);
          return;
        }
      }
    }
    const lv = findPgLevel(line);
    if (lv >= 0) this.pgKey = pgSessionKey(line, lv);
  }

  private updateCsvQuote(line: string): void {
    let open = this.csvQuoteOpen;
    let p = line.indexOf('"');
    while (p >= 0) {
      open = !open;
      p = line.indexOf('"', p + 1);
    }
    this.csvQuoteOpen = open;
  }

  private isContinuation(line: string): boolean {
    if (this.csvQuoteOpen) return true;
    if (line.length === 0) return true;
    if (this.backslash) return true;
    const c = line.charCodeAt(0);
    if (this.trace === TraceState.Python && c !== 32 && c !== 9) {
      // inside a traceback: only its final `SomeError: msg` line (any first letter) continues
      return line.startsWith('Traceback (most recent call last):') || this.otherLine(line);
    }
    switch (c) {
      case 123: // {
        return false;
      case 91: // [  (only a Go panic's `[signal …]` line continues)
        return this.trace === TraceState.Go && line.startsWith('[signal ');
      case 9: // TAB
        return true;
      case 32: { // space
        let k = 1;
        while (line.charCodeAt(k) === 32) k++;
        if (line.startsWith('sql_error_code', k)) return false;
        return true;
      }
      case 67: // C
        if (this.trace === TraceState.PythonEnd && line.startsWith('CONTEXT:  ')) return true;
        return line.startsWith('Caused by: ') || this.javaHeader(line);
      case 83: // S
        // Python logging's stack_info: `Stack (most recent call last):` then indented frames (Formatter.formatStack)
        return line.startsWith('Suppressed: ') || line.startsWith('Stack (most recent call last):') || this.javaHeader(line);
      case 46: // .
        return MORE_FRAMES.test(line);
      case 84: // T
        if (line.startsWith('Traceback (most recent call last):')) {
          if (this.uncaughtReport()) return false;
          this.trace = TraceState.Python;
          return true;
        }
        if ((this.trace === TraceState.Python || this.trace === TraceState.PythonEnd) && line.startsWith('The above exception was')) {
          this.trace = TraceState.Python;
          return true;
        }
        return this.otherLine(line);
      case 68: // D
        if ((this.trace === TraceState.Python || this.trace === TraceState.PythonEnd) && line.startsWith('During handling of the above exception')) {
          this.trace = TraceState.Python;
          return true;
        }
        return this.otherLine(line);
      case 103: // g
        if (GOROUTINE.test(line)) {
          this.trace = TraceState.Go;
          return true;
        }
        return this.otherLine(line);
      default:
        if (isDigit(c)) return this.pgSecondary(line);
        return this.otherLine(line);
    }
  }

  /** Whether a `Traceback` line now starts an uncaught-exception report (module comment). */
  private uncaughtReport(): boolean {
    if (this.trace === TraceState.PythonEnd || this.text.charCodeAt(0) === 123 /* { */) return true;
    const gap = this.lineObserved - this.lastObserved;
    return gap > TRACEBACK_GAP_MICROS || gap < -TRACEBACK_GAP_MICROS;
  }

  private otherLine(line: string): boolean {
    if (this.trace === TraceState.Python) {
      if (PY_FINAL.test(line)) {
        this.trace = TraceState.PythonEnd;
        return true;
      }
      this.trace = TraceState.None;
      return false;
    }
    if (this.trace === TraceState.PythonEnd) {
      if (PY_MESSAGE_TAIL.test(line)) return true;
      this.trace = TraceState.None;
    }
    if (this.trace === TraceState.Go) {
      if (line.startsWith('created by ') || line.startsWith('[signal ') || GO_FRAME.test(line)) return true;
      this.trace = TraceState.None;
      return false;
    }
    return this.javaHeader(line);
  }

  private javaHeader(line: string): boolean {
    return JAVA_EXC_HEADER.test(line);
  }

  private pgSecondary(line: string): boolean {
    if (this.pgKey === undefined) return false;
    const lv = findPgLevel(line);
    if (lv < 0 || !PG_SECONDARY.has(pgLevel.word)) return false;
    return pgSessionKey(line, lv) === this.pgKey;
  }
}
