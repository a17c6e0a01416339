/**
 * A configured PostgreSQL `log_line_prefix` (`--pg-log-line-prefix`), compiled from the escapes
 * PostgreSQL documents (runtime-config-logging, "log_line_prefix") into one anchored regular
 * expression over the text before `LEVEL:`. With the server's own setting every escape is named
 * exactly, positional prefixes included (`%p %u %d`), which the generic reader (pg-prefix.ts)
 * cannot do. A prefix that does not match is left to the generic reader.
 *
 * Escapes: `%a` application name, `%u` user, `%d` database, `%r` remote host and port
 * (`host(port)`, `[local]`), `%h` remote host, `%L` local address, `%b` backend type, `%p` process
 * id, `%P` parallel group leader pid, `%t` time without ms, `%m` time with ms, `%n` epoch seconds
 * with ms, `%i` command tag, `%e` SQLSTATE (written only when Appendix A defines it), `%c` session id, `%l` session line number, `%s` session
 * start time, `%v` virtual transaction id, `%x` transaction id, `%Q` query id, `%q` (non-session
 * processes stop printing here: the rest is optional), `%%` a literal `%`. A number between `%`
 * and the letter pads the value to that width (negative: on the right); padding spaces are
 * allowed around such a value and trimmed. `%u`, `%d`, `%a` print `[unknown]` when the session has
 * no such value yet (elog.c): written as no value.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { LogLinePrefix } from '../types.js';
import { applyOffset, scan, scanDateTime, scanZone } from '../shared/timestamp.js';
import { PG_UNKNOWN, writeClient } from './pg-prefix.js';
import { isKnownSqlstate } from './sqlstate.js';

/**
 * Addresses: no white space. Names: no white space and at most 63 characters (PostgreSQL's
 * NAMEDATALEN − 1, which also bounds application names; command tags and backend types are shorter).
 * Only the values that may hold spaces (`%a`, `%i`, `%b`) match any text, up to that length: a hostile
 * line cannot make the expression try every split of a long prefix (with four unbounded any-text
 * groups, 200 spaces before `]LOG:` took a second per line). A user or database name with a space
 * (a quoted identifier) does not fit, and the line goes to the generic reader.
 */
const WORD = '(\\S*?)';
const NAME = '(\\S{0,63}?)';
const TEXT = '(.{0,63}?)';

/** What each escape letter captures (a regular expression source, one group) and where it goes. */
const ESCAPES: Record<string, { re: string; write: (v: string, out: FieldWriter, tz: number) => void }> = {
  a: { re: TEXT, write: (v, out) => { if (v && v !== PG_UNKNOWN) out.map('attributes', 'application_name', v); } },
  u: { re: NAME, write: (v, out) => { if (v && v !== PG_UNKNOWN) out.str('pg_user', v); } },
  d: { re: NAME, write: (v, out) => { if (v && v !== PG_UNKNOWN) out.str('pg_database', v); } },
  r: { re: WORD, write: writeClient },
  h: { re: WORD, write: attr('client') },
  L: { re: WORD, write: attr('local_address') },
  b: { re: TEXT, write: attr('backend_type') },
  p: { re: '(\\d*)', write: (v, out) => { if (v) out.int('pg_pid', Number(v)); } },
  P: { re: '(\\d*)', write: attr('leader_pid') },
  t: { re: TIME(false), write: writeTime },
  m: { re: TIME(true), write: writeTime },
  n: { re: '(\\d+\\.\\d{3})', write: (v, out) => out.ts('ts', Math.round(Number(v) * 1000) * 1000) },
  i: { re: TEXT, write: attr('command_tag') },
  e: { re: '([0-9A-Z]{5}|)', write: (v, out) => { if (isKnownSqlstate(v)) out.str('pg_sqlstate', v); } },
  c: { re: '([0-9a-f]*\\.?[0-9a-f]*)', write: attr('session_id') },
  l: { re: '(\\d*)', write: attr('session_line') },
  s: { re: TIME(false), write: attr('session_start') },
  v: { re: '(\\d*/\\d*|)', write: attr('vxid') },
  x: { re: '(\\d*)', write: attr('xid') },
  Q: { re: '(-?\\d*)', write: attr('query_id') },
};

/** `%t` / `%m` / `%s`: `yyyy-MM-dd HH:mm:ss[.mmm]`, then the zone as `%Z` prints it (abbreviation or numeric), if any. */
function TIME(ms: boolean): string {
  return `(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d${ms ? '\\.\\d{3}' : ''}(?: [A-Za-z]{1,6}| [+-]\\d\\d(?::?\\d\\d)?)?)`;
}

function attr(key: string): (v: string, out: FieldWriter) => void {
  return (v, out) => {
    if (v) out.map('attributes', key, v);
  };
}

function writeTime(v: string, out: FieldWriter, tz: number): void {
  const wall = scanDateTime(v, 0);
  if (wall !== wall) return;
  const end = scan.end;
  const z = end < v.length ? scanZone(v, end, true) : NaN;
  if (z === z) out.ts('ts', applyOffset(wall, z));
  else {
    out.ts('ts', applyOffset(wall, tz));
    // a zone abbreviation we do not know: kept as printed
    if (end < v.length) out.map('attributes', 'tz', v.slice(end + 1));
  }
}


/** Thrown for a setting PostgreSQL would not print as we read it (an unknown escape is usually a typo). */
export class LogLinePrefixError extends Error {}

/**
 * Compiles a `log_line_prefix` value (as in postgresql.conf, without the quotes).
 * @throws LogLinePrefixError on an unknown escape letter
 */
export function compileLogLinePrefix(spec: string): LogLinePrefix {
  let src = '';
  let optional = false;
  const letters: string[] = [];
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i]!;
    if (ch !== '%') {
      src += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    // %[-]N padding, then the letter
    let j = i + 1;
    if (spec[j] === '-') j++;
    const digits = j;
    while (j < spec.length && spec.charCodeAt(j) >= 48 && spec.charCodeAt(j) <= 57) j++;
    const padded = j > digits;
    const letter = spec[j];
    if (letter === undefined) break; // a trailing % prints nothing
    i = j;
    if (letter === '%') {
      src += '%';
      continue;
    }
    if (letter === 'q') {
      if (!optional) {
        src += '(?:';
        optional = true;
      }
      continue;
    }
    const e = ESCAPES[letter];
    if (!e) throw new LogLinePrefixError(`unknown escape %${letter} (PostgreSQL's are %a %u %d %r %h %L %b %p %P %t %m %n %i %e %c %l %s %v %x %Q %q %%)`);
    src += padded ? ` *${e.re} *` : e.re;
    letters.push(letter);
  }
  if (optional) src += ')?';
  return { spec, re: new RegExp(`^${src}$`), letters };
}

/**
 * Reads `line[0, end)` (the text before `LEVEL:`) with the configured prefix and writes ts,
 * pg_pid, pg_user, pg_database, pg_sqlstate and attributes. Returns false, writing nothing, when
 * the text does not have the prefix's shape.
 */
export function readLogLinePrefix(p: LogLinePrefix, line: string, end: number, out: FieldWriter, defaultTzOffsetMinutes: number): boolean {
  const m = p.re.exec(end === line.length ? line : line.slice(0, end));
  if (m === null) return false;
  for (let g = 0; g < p.letters.length; g++) {
    const v = m[g + 1];
    if (v === undefined) continue; // after %q, not printed
    ESCAPES[p.letters[g]!]!.write(v.trim(), out, defaultTzOffsetMinutes);
  }
  return true;
}
