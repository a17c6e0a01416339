/**
 * Web servers and Go's standard logger, in their documented default formats:
 *
 * | form | reference |
 * |---|---|
 * | `%h %l %u %t "%r" %>s %b` [+ ` "%{Referer}i" "%{User-agent}i"`] (Common / Combined Log Format) | Apache httpd mod_log_config; nginx `log_format combined` |
 * | `[Www Mmm dd hh:mm:ss.uuuuuu yyyy] [module:level] [pid N:tid N] [client ip:port] msg` | Apache httpd 2.4 `ErrorLogFormat` default |
 * | `yyyy/MM/dd hh:mm:ss [level] pid#tid: *cid msg` | nginx `error_log` |
 * | `yyyy/MM/dd hh:mm:ss[.uuuuuu] msg` | Go `log` package (`LstdFlags`, `Lmicroseconds`) |
 *
 * Writes ts (CLF carries its zone; the others are zone-less → ctx.defaultTzOffsetMinutes),
 * severity (error logs; access lines get none), component (Apache module, `nginx`), message,
 * attributes pid / client / http.method / http.path / http.status / http.bytes.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { messageLevelPrefix, severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit } from '../shared/timestamp.js';

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const CLF = /^(\S+) (\S+) (\S+) \[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\] "(?:([A-Z]+) (\S+)(?: HTTP\/[\d.]+)?|[^"]*)" (\d{3}) (\d+|-)/;
const APACHE_ERR = /^\[[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? (\d{4})\] \[(?:([\w-]+):)?(\w+)\] (?:\[pid (\d+)(?::tid \d+)?\] )?(?:\[client ([^\]]+)\] )?/;
const SLASH_TIME = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))? /;
const NGINX_LEVEL = /^\[(debug|info|notice|warn|error|crit|alert|emerg)\] (\d+)#\d+: (?:\*\d+ )?/;

function micros(frac: string | undefined): number {
  return frac ? Number(frac.padEnd(6, '0')) : 0;
}

/** Parses one of the forms above; false (writing nothing) otherwise. */
export function parseHttpd(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  let nl = text.indexOf('\n');
  if (nl < 0) nl = text.length;
  const first = nl === text.length ? text : text.slice(0, nl);
  const c = first.charCodeAt(0);
  const tz = ctx.defaultTzOffsetMinutes ?? 0;
  if (c === 91 /* [ */) {
    const m = APACHE_ERR.exec(first);
    if (!m) return false;
    const mon = MONTHS.indexOf(m[1]!);
    const sev = severityAt(m[9]!, 0, m[9]!.length) ?? (m[9]!.startsWith('trace') ? 'TRACE' : undefined);
    if (mon < 0 || mon % 3 !== 0 || sev === undefined) return false;
    out.ts('ts', applyOffset(Date.UTC(Number(m[7]), mon / 3, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) * 1000 + micros(m[6]), tz));
    writeCanonicalSeverity(out, sev);
    if (m[8]) out.str('component', m[8]);
    if (m[10]) out.map('attributes', 'pid', m[10]);
    if (m[11]) out.map('attributes', 'client', m[11]);
    out.str('message', text.slice(m[0].length));
    return true;
  }
  if (isDigit(c) && first.charCodeAt(4) === 47 /* / */) {
    const m = SLASH_TIME.exec(first);
    if (!m) return false;
    out.ts('ts', applyOffset(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) * 1000 + micros(m[7]), tz));
    const rest = first.slice(m[0].length);
    const n = NGINX_LEVEL.exec(rest);
    if (n) {
      writeCanonicalSeverity(out, severityAt(n[1]!, 0, n[1]!.length)!);
      out.str('component', 'nginx');
      out.map('attributes', 'pid', n[2]!);
      out.str('message', text.slice(m[0].length + n[0].length));
      return true;
    }
    const pre = messageLevelPrefix(rest);
    if (pre !== undefined) writeCanonicalSeverity(out, pre);
    out.str('message', text.slice(m[0].length));
    return true;
  }
  // access logs: a host or address first, then `- user [time]`
  const sp = first.indexOf(' ');
  if (sp < 1 || sp > 64 || first.indexOf('[', sp) < 0) return false;
  const m = CLF.exec(first);
  if (!m) return false;
  const mon = MONTHS.indexOf(m[5]!);
  if (mon < 0 || mon % 3 !== 0) return false;
  const off = (Number(m[11]) * 60 + Number(m[12])) * (m[10] === '-' ? -1 : 1);
  out.ts('ts', applyOffset(Date.UTC(Number(m[6]), mon / 3, Number(m[4]), Number(m[7]), Number(m[8]), Number(m[9])) * 1000, off));
  out.map('attributes', 'client', m[1]!);
  if (m[3] !== '-') out.map('attributes', 'user', m[3]!);
  if (m[13]) out.map('attributes', 'http.method', m[13]);
  if (m[14]) out.map('attributes', 'http.path', m[14]);
  out.map('attributes', 'http.status', m[15]!);
  if (m[16] !== '-') out.map('attributes', 'http.bytes', m[16]!);
  out.str('message', text);
  return true;
}
