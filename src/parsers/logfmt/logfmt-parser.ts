/**
 * logfmt lines: `key=value key2="quoted \"value\"" flag` (Go kit, logrus text formatter, Heroku,
 * Grafana/Loki components). The line is accepted when it starts with `key=` and has at least two
 * `key=value` pairs. Keys map like the JSON parser: level/lvl/severity, msg/message, time/ts/t,
 * caller, logger/component/module, thread, the correlation keys of shared/correlation.ts; others
 * go to attributes. Bare words (no `=`) are collected into attributes._words.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { writeSeverity } from '../severity.js';
import { epochToMicros, parseIsoTimestamp } from '../shared/timestamp.js';
import { IdRole, idRole, writeId } from '../shared/correlation.js';

function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45 || c === 47 || c === 64;
}

const keys: string[] = [];
const vals: string[] = [];

/** Tokenizes into the shared keys/vals arrays; returns the number of key=value pairs. */
function tokenize(text: string): number {
  keys.length = 0;
  vals.length = 0;
  let pairs = 0;
  let p = 0;
  const n = text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length;
  while (p < n) {
    while (p < n && text.charCodeAt(p) === 32) p++;
    if (p >= n) break;
    const ks = p;
    while (p < n && isKeyChar(text.charCodeAt(p))) p++;
    if (p < n && text.charCodeAt(p) === 61 /* = */ && p > ks) {
      const key = text.slice(ks, p);
      p++;
      let val: string;
      if (text.charCodeAt(p) === 34) {
        let s = p + 1;
        let v = '';
        for (;;) {
          const q = text.indexOf('"', s);
          if (q < 0 || q > n) {
            v += text.slice(s, n);
            p = n;
            break;
          }
          // count preceding backslashes
          let b = q - 1;
          while (b >= s && text.charCodeAt(b) === 92) b--;
          if ((q - 1 - b) % 2 === 1) {
            v += text.slice(s, q - 1) + '"';
            s = q + 1;
            continue;
          }
          v += text.slice(s, q);
          p = q + 1;
          break;
        }
        val = v.indexOf('\\') >= 0 ? v.replace(/\\([\\nt])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\')) : v;
      } else {
        const vs = p;
        while (p < n && text.charCodeAt(p) !== 32) p++;
        val = text.slice(vs, p);
      }
      keys.push(key);
      vals.push(val);
      pairs++;
    } else {
      // bare word
      while (p < n && text.charCodeAt(p) !== 32) p++;
      keys.push('');
      vals.push(text.slice(ks, p));
    }
  }
  return pairs;
}

/** Parser for logfmt; name `logfmt`. */
export const logfmtParser: AppParser = {
  name: 'logfmt',
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean {
    // cheap gate: starts with key=
    let p = 0;
    while (p < text.length && isKeyChar(text.charCodeAt(p))) p++;
    if (p === 0 || text.charCodeAt(p) !== 61) return false;
    if (tokenize(text) < 2) return false;
    // bare words must be rare (not prose with one "a=b")
    let bare = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] === '') bare++;
    if (bare > keys.length - bare) return false;
    let msg: string | undefined;
    let words = '';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const v = vals[i]!;
      switch (k) {
        case '':
          words += (words ? ' ' : '') + v;
          break;
        case 'level': case 'lvl': case 'severity': case 'loglevel':
          if (!out.has('severity') && writeSeverity(out, v)) break;
          out.map('attributes', k, v);
          break;
        case 'msg': case 'message':
          if (msg === undefined) msg = v;
          else out.map('attributes', k, v);
          break;
        case 'time': case 'ts': case 't': case 'timestamp': {
          if (out.has('ts')) {
            out.map('attributes', k, v);
            break;
          }
          let t = parseIsoTimestamp(v, ctx.defaultTzOffsetMinutes ?? 0);
          if (t !== t && /^\d+(?:\.\d+)?$/.test(v)) t = epochToMicros(Number(v));
          if (t === t) out.ts('ts', t);
          else out.map('attributes', k, v);
          break;
        }
        case 'logger': case 'component': case 'module':
          out.str('component', v);
          break;
        case 'thread':
          out.str('thread', v);
          break;
        case 'trace':
          out.str('trace_id', v);
          break;
        default: {
          const ir = idRole(k);
          if (ir === IdRole.None || !writeId(ir, v, out, false)) out.map('attributes', k, v);
        }
      }
    }
    if (words) out.map('attributes', '_words', words);
    const nl = text.indexOf('\n');
    const rest = nl >= 0 ? text.slice(nl) : '';
    out.str('message', (msg ?? (nl >= 0 ? text.slice(0, nl) : text)) + rest);
    return true;
  },
};
