/**
 * Syslog-family lines (system daemons, OpenSSH, cron, kernel) in the documented shapes:
 *
 * | shape | reference |
 * |---|---|
 * | `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG` | RFC 5424 §6 |
 * | `[<PRI>]Mmm dd hh:mm:ss HOSTNAME TAG[pid]: MSG` | RFC 3164 §4.1 (BSD syslog, /var/log/messages, auth.log) |
 * | `[<PRI>]yyyy-MM-ddThh:mm:ss[.f]±hh:mm HOSTNAME TAG[pid]: MSG` | rsyslog `RSYSLOG_FileFormat` (high-precision 3164) |
 * | `TAG[pid]: MSG` | a daemon's stderr as written by journald/docker without the host part |
 *
 * Severity: from PRI (`PRI & 7`, RFC 5424 Table 2) when present; else from the message's
 * level prefix as OpenSSH `log.c` and many daemons write it (`error: `, `fatal: `, `warning: `,
 * `debug1: `, Go `panic: `, see messageLevelPrefix); else INFO (a syslog line without a level
 * is an informational one: OpenSSH `logit()` / `verbose()`).
 *
 * Writes ts (3164 has no year: the year of ctx.observedMicros, else the current one; zone-less
 * → ctx.defaultTzOffsetMinutes), severity, component (APP-NAME / TAG), message (MSG), host
 * (HOSTNAME: "the machine that originally sent the syslog message", RFC 5424 §6.2.4, RFC 3164
 * §4.1.2; the row's origin host, when the envelope names one, replaces it at enrichment), and
 * attributes syslog.facility, syslog.hostname (HOSTNAME, always), pid, syslog.msgid.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { messageLevelPrefix, severityAt, severityFromNumber, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime, scanZone } from '../shared/timestamp.js';

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';
const FACILITIES = ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp', 'ntp', 'audit', 'alert', 'clock', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'];

/** Whether s[a, b) is an upper-case level word (`ERROR`, `WARNING`, `INFO` …). */
function upperLevel(s: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return b - a >= 4 && severityAt(s, a, b) !== undefined;
}

/** Reads `<PRI>` at 0: returns the PRI value (0–191) or -1; sets scan.end past `>`. */
function scanPri(s: string): number {
  if (s.charCodeAt(0) !== 60) return -1;
  let p = 1;
  let v = 0;
  while (p < 5 && isDigit(s.charCodeAt(p))) v = v * 10 + s.charCodeAt(p++) - 48;
  if (p === 1 || s.charCodeAt(p) !== 62 || v > 191) return -1;
  scan.end = p + 1;
  return v;
}

/** Reads an RFC 3164 `Mmm dd hh:mm:ss` at i (day space- or zero-padded); wall µs of `year` or NaN. */
function scanBsdTime(s: string, i: number, year: number): number {
  const m = MONTHS.indexOf(s.slice(i, i + 3));
  if (m < 0 || m % 3 !== 0 || s.charCodeAt(i + 3) !== 32) return NaN;
  let p = i + 4;
  if (s.charCodeAt(p) === 32) p++;
  let d = 0;
  const ds = p;
  while (isDigit(s.charCodeAt(p)) && p - ds < 2) d = d * 10 + s.charCodeAt(p++) - 48;
  if (p === ds || s.charCodeAt(p) !== 32) return NaN;
  p++;
  const h = (s.charCodeAt(p) - 48) * 10 + s.charCodeAt(p + 1) - 48;
  const mi = (s.charCodeAt(p + 3) - 48) * 10 + s.charCodeAt(p + 4) - 48;
  const se = (s.charCodeAt(p + 6) - 48) * 10 + s.charCodeAt(p + 7) - 48;
  if (s.charCodeAt(p + 2) !== 58 || s.charCodeAt(p + 5) !== 58 || !(h >= 0 && h < 24 && mi >= 0 && mi < 60 && se >= 0 && se < 61)) return NaN;
  p += 8;
  let us = 0;
  if (s.charCodeAt(p) === 46 && isDigit(s.charCodeAt(p + 1))) {
    p++;
    let scale = 100_000;
    while (isDigit(s.charCodeAt(p))) {
      us += (s.charCodeAt(p++) - 48) * scale;
      scale = Math.floor(scale / 10);
    }
  }
  scan.end = p;
  return Date.UTC(year, m / 3, d, h, mi, se) * 1000 + us;
}

function isTagChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c === 47 || c === 64;
}

/** Result of scanTag: tag text bounds, pid ('' when none), message start. */
const tag = { start: 0, end: 0, pid: '', msg: 0 };

/** Reads `TAG[pid]: ` or `TAG: ` at i; fills `tag` and returns true. */
function scanTag(s: string, i: number, needPid: boolean): boolean {
  let p = i;
  while (p < s.length && p - i < 64 && isTagChar(s.charCodeAt(p))) p++;
  if (p === i) return false;
  tag.start = i;
  tag.end = p;
  tag.pid = '';
  if (s.charCodeAt(p) === 91) {
    const q = s.indexOf(']', p);
    if (q < 0 || q - p > 12) return false;
    for (let k = p + 1; k < q; k++) if (!isDigit(s.charCodeAt(k))) return false;
    tag.pid = s.slice(p + 1, q);
    p = q + 1;
  } else if (needPid) return false;
  if (s.charCodeAt(p) !== 58) return false;
  p++;
  if (s.charCodeAt(p) === 32) p++;
  else if (p < s.length) return false;
  tag.msg = p;
  return true;
}

function yearOf(ctx: ParseContext): number {
  const ref = ctx.observedMicros !== undefined ? ctx.observedMicros / 1000 : Date.now();
  return new Date(ref).getUTCFullYear();
}

function writeLevel(out: FieldWriter, pri: number, msg: string): void {
  const s = pri >= 0 ? severityFromNumber(pri & 7, 'syslog') : messageLevelPrefix(msg) ?? 'INFO';
  if (s) writeCanonicalSeverity(out, s);
  if (pri >= 0) out.map('attributes', 'syslog.facility', FACILITIES[pri >> 3] ?? String(pri >> 3));
}

/** Parser for syslog-family lines; name `syslog`. */
export const syslogParser: AppParser = {
  name: 'syslog',
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean {
    let nl = text.indexOf('\n');
    if (nl < 0) nl = text.length;
    const pri = scanPri(text);
    let p = pri >= 0 ? scan.end : 0;
    const c = text.charCodeAt(p);
    // RFC 5424: <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG
    if (pri >= 0 && c === 49 && text.charCodeAt(p + 1) === 32) {
      const parts: string[] = [];
      let q = p + 2;
      for (let k = 0; k < 5; k++) {
        const sp = text.indexOf(' ', q);
        if (sp < 0 || sp > nl) return false;
        parts.push(text.slice(q, sp));
        q = sp + 1;
      }
      // structured data: `-` or one or more [id k="v"] elements
      if (text.charCodeAt(q) === 45) q += 1;
      else if (text.charCodeAt(q) === 91) {
        let depthQuote = false;
        let k = q;
        for (; k < nl; k++) {
          const ch = text.charCodeAt(k);
          if (ch === 92) { k++; continue; }
          if (ch === 34) depthQuote = !depthQuote;
          else if (ch === 93 && !depthQuote && text.charCodeAt(k + 1) !== 91) break;
        }
        out.map('attributes', 'syslog.structured_data', text.slice(q, k + 1));
        q = k + 1;
      } else return false;
      if (text.charCodeAt(q) === 32) q++;
      if (text.charCodeAt(q) === 0xfeff) q++; // BOM
      const [ts, host, app, procid, msgid] = parts as [string, string, string, string, string];
      if (ts !== '-') {
        const wall = scanDateTime(ts, 0);
        if (wall === wall) {
          const z = scanZone(ts, scan.end, false);
          out.ts('ts', applyOffset(wall, z === z ? z : ctx.defaultTzOffsetMinutes ?? 0));
        }
      }
      const msg = text.slice(q);
      writeLevel(out, pri, msg);
      if (app !== '-') out.str('component', app);
      if (host !== '-') {
        out.str('host', host);
        out.map('attributes', 'syslog.hostname', host);
      }
      if (procid !== '-') out.map('attributes', 'pid', procid);
      if (msgid !== '-') out.map('attributes', 'syslog.msgid', msgid);
      out.str('message', msg);
      return true;
    }
    // RFC 3164 / rsyslog: TIMESTAMP HOST TAG: MSG
    let wall = NaN;
    let zone = NaN;
    if (c >= 65 && c <= 83) wall = scanBsdTime(text, p, yearOf(ctx));
    else if (isDigit(c)) {
      wall = scanDateTime(text, p);
      if (wall === wall) {
        const z = scanZone(text, scan.end, false);
        if (z === z) zone = z;
      }
    }
    let host = '';
    if (wall === wall) {
      p = scan.end;
      if (text.charCodeAt(p) !== 32) return false;
      p++;
      // HOSTNAME, unless the tag follows directly (`Mmm dd hh:mm:ss sshd[1]: …`)
      if (!scanTag(text, p, true)) {
        const sp = text.indexOf(' ', p);
        if (sp < 0 || sp > nl || sp === p) return false;
        // a HOSTNAME has no `[` (RFC 1034 names, IP literals); without a PRI, an upper-case level
        // word there is a logging layout's level (`2024-05-01T10:00:00Z ERROR app.db: …`), not a host
        if (text.charCodeAt(p) === 91 || (pri < 0 && upperLevel(text, p, sp))) return false;
        host = text.slice(p, sp);
        p = sp + 1;
        if (!scanTag(text, p, false)) {
          // RFC 3164 §5.4 `<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!`: no TAG, MSG follows the host
          if (pri < 0) return false;
          tag.start = tag.end = p;
          tag.pid = '';
          tag.msg = p;
        }
      }
    } else {
      // bare `TAG[pid]: MSG` (pid required: `word: text` alone is prose); after a PRI, any text
      if (!scanTag(text, p, true)) {
        if (pri < 0 || c === 32) return false; // `<99> LOG:` is a PostgreSQL `<%p>` prefix
        tag.start = tag.end = tag.msg = p;
        tag.pid = '';
      }
    }
    if (wall === wall) out.ts('ts', applyOffset(wall, zone === zone ? zone : ctx.defaultTzOffsetMinutes ?? 0));
    const msg = text.slice(tag.msg);
    writeLevel(out, pri, msg);
    if (tag.end > tag.start) out.str('component', text.slice(tag.start, tag.end));
    if (tag.pid) out.map('attributes', 'pid', tag.pid);
    if (host) {
      out.str('host', host);
      out.map('attributes', 'syslog.hostname', host);
    }
    out.str('message', msg);
    return true;
  },
};
