/**
 * JSON log shapes with their own header keys, read before the generic key loop of json-parser.ts.
 *
 * MongoDB 4.4+ structured logs (MongoDB manual, "Log Messages" → "Structured Logging" / "JSON
 * Output Format"): `{"t":{"$date":"2020-05-01T15:16:17.180+00:00"},"s":"I","c":"NETWORK","id":4615611,
 * "ctx":"listener","msg":"…","attr":{…}}`. `s` is F, E, W, I or D1–D5 (debug verbosity 1–5), `c` the
 * component (NETWORK, STORAGE, REPL, …), `ctx` the thread. `$date` is an ISO-8601 string
 * (`--timeStampFormat` iso8601-utc / iso8601-local) or, in canonical Extended JSON, `{"$numberLong": ms}`.
 */
import type { FieldWriter } from '../../core/fields.js';
import { writeCanonicalSeverity } from '../severity.js';
import { epochToMicros, parseIsoTimestamp } from '../shared/timestamp.js';

type Obj = Record<string, unknown>;

/** Canonical severity of a MongoDB `s` value, or undefined. */
function mongoSeverity(s: string): string | undefined {
  switch (s) {
    case 'F': return 'FATAL';
    case 'E': return 'ERROR';
    case 'W': return 'WARN';
    case 'I': return 'INFO';
    case 'D': case 'D1': case 'D2': case 'D3': case 'D4': case 'D5': return 'DEBUG';
    default: return undefined;
  }
}

/** Micros of a MongoDB `t` value (`{"$date": ISO | number | {"$numberLong": "ms"}}`), or NaN. */
function mongoTime(t: unknown, tz: number): number {
  if (!t || typeof t !== 'object') return NaN;
  const d = (t as Obj)['$date'];
  if (typeof d === 'string') return parseIsoTimestamp(d, tz);
  if (typeof d === 'number') return d * 1000;
  if (d && typeof d === 'object') {
    const n = Number((d as Obj)['$numberLong']);
    return Number.isFinite(n) ? epochToMicros(n) : NaN;
  }
  return NaN;
}

/**
 * Writes ts, severity, component and thread of a MongoDB structured log record and returns true;
 * returns false writing nothing when `o` is not one (`t.$date`, a known `s`, string `c` and `msg`).
 */
export function writeMongoHeader(o: Obj, out: FieldWriter, tz: number): boolean {
  const s = o['s'], c = o['c'];
  if (typeof s !== 'string' || typeof c !== 'string' || typeof o['msg'] !== 'string') return false;
  const sev = mongoSeverity(s);
  if (sev === undefined) return false;
  const ts = mongoTime(o['t'], tz);
  if (ts !== ts) return false;
  out.ts('ts', ts);
  writeCanonicalSeverity(out, sev);
  out.str('component', c);
  const ctx = o['ctx'];
  if (typeof ctx === 'string') out.str('thread', ctx);
  return true;
}
