/**
 * JSON application loggers: pino/bunyan (`level` number 10–60, `time` epoch ms, `msg`, `hostname`,
 * `pid`, `reqId`/`req_id`, `err{type,message,stack}`), zap (`level`, `ts` epoch seconds (float) or
 * ISO, `caller`, `msg`, `logger`, `stacktrace`), logrus (`level`, `msg`, `time`), log4j2
 * JsonLayout (`instant`/`timeMillis`, `loggerName`, `thread`, `thrown`), ECS (`@timestamp`,
 * `log.level`, `log.logger`, `error.*`, `trace.id`), and generic shapes:
 *
 * | canonical | keys tried, in order |
 * |---|---|
 * | message | msg, message, log, @message, text, event |
 * | ts | @timestamp, timestamp, time, ts, t, date, datetime, eventTime, instant, timeMillis |
 * | severity | level, severity, lvl, loglevel, levelname, log.level, status (number → pino scale ≥ 10, else syslog) |
 * | component | logger, logger_name, loggerName, log.logger; name, target (only with a message and no logger key) |
 * | thread | thread, thread_name, threadName |
 * | trace_id / span_id / request_id | the one table of shared/correlation.ts (OTel, camelCase, ECS, Datadog, Google Cloud, W3C traceparent, x-request-id, correlation_id), also nested under context / fields / http / mdc / labels … |
 * | OTel log data model | Body, SeverityText, SeverityNumber (1–24), Timestamp / timeUnixNano, TraceId, SpanId, TraceFlags |
 * | python-json-logger / Serilog compact | asctime; `@t`, `@m` / `@mt`, `@l`, `@x`, SourceContext |
 * | Rust `tracing-subscriber` Json (docs.rs `fmt::format::Json`) | `fields` {message, …} (event fields: message, ids, the rest as attributes by their own name), `target` (component), `span` {name, …} (current span: attributes `span.*`), `spans` (JSON text), `threadName` |
 * | error_class / stack_trace | err/error/exception objects {type|name|class|kind, message, stack|stacktrace|stack_trace}, zap `stacktrace`, log4j2 `thrown`, python `exc_info` / structlog `exception` strings (a formatted traceback: error_class = its exception) |
 *
 * Every other scalar goes to attributes (stringified); nested objects are flattened one level with
 * a dot (`req.method`), deeper values and arrays are stored as JSON text. Zone-less ISO
 * timestamps use ctx.defaultTzOffsetMinutes.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { severityFromNumber, writeSeverity } from '../severity.js';
import { SEVERITY_NUMBER } from '../../schema/canonical.js';
import { epochToMicros, parseIsoTimestamp } from '../shared/timestamp.js';
import { writeThrown } from '../spark/spark-json-parser.js';
import { parseJsonObjectText } from '../shared/json-text.js';
import { IdRole, findNestedIds, idRole, writeId } from '../shared/correlation.js';
import { findException, found } from '../shared/exception.js';
import { writeMongoHeader } from './json-formats.js';
import { isKafkaLogger, writeKafkaJsonFields } from '../kafka/kafka-logger-fields.js';

type Obj = Record<string, unknown>;

const enum Role {
  Message = 1, Ts, Level, OtelLevel, Logger, Thread, Error, Stack, Hostname, Skip, ErrorClass,
}

const ROLE: Readonly<Record<string, Role>> = {
  msg: Role.Message, message: Role.Message, log: Role.Message, '@message': Role.Message, text: Role.Message, event: Role.Message,
  body: Role.Message, Body: Role.Message, '@m': Role.Message, '@mt': Role.Message,
  asctime: Role.Ts, '@t': Role.Ts, '@l': Role.Level, '@x': Role.Stack, SourceContext: Role.Logger,
  Timestamp: Role.Ts, timeUnixNano: Role.Ts, time_unix_nano: Role.Ts,
  SeverityText: Role.Level, severityText: Role.Level, severity_text: Role.Level,
  SeverityNumber: Role.OtelLevel, severityNumber: Role.OtelLevel, severity_number: Role.OtelLevel,
  '@timestamp': Role.Ts, timestamp: Role.Ts, time: Role.Ts, ts: Role.Ts, t: Role.Ts, date: Role.Ts, datetime: Role.Ts, log_level: Role.Level,
  eventTime: Role.Ts, instant: Role.Ts, timeMillis: Role.Ts,
  level: Role.Level, severity: Role.Level, lvl: Role.Level, loglevel: Role.Level, levelname: Role.Level, 'log.level': Role.Level, status: Role.Level,
  logger: Role.Logger, logger_name: Role.Logger, loggerName: Role.Logger, 'log.logger': Role.Logger,
  thread: Role.Thread, thread_name: Role.Thread, threadName: Role.Thread,
  err: Role.Error, error: Role.Error, exception: Role.Error, exc_info: Role.Error, thrown: Role.Error,
  stacktrace: Role.Stack, stack_trace: Role.Stack, stack: Role.Stack,
  hostname: Role.Hostname,
  v: Role.Skip, endOfBatch: Role.Skip, loggerFqcn: Role.Skip,
  // ECS (ecs-logging spec) dotted names
  'process.thread.name': Role.Thread, 'error.stack_trace': Role.Stack, 'error.type': Role.ErrorClass,
};

/**
 * What a top-level key is, looked up once per distinct key name (one Map lookup per key instead of
 * ROLE's dictionary plus the correlation table's): its {@link Role} in the bits of ROLE_MASK (0:
 * none); INHERITED when ROLE[k] is something on Object.prototype (`constructor` …: no role and no
 * id lookup, as before); else the key's {@link IdRole} shifted by ID_SHIFT. New key mappings go into
 * ROLE (or correlation.ts for ids); this cache needs no change.
 */
const keyCodes = new Map<string, number>();
const ROLE_MASK = 31;
const INHERITED = 32;
const ID_SHIFT = 6;

function keyCode(k: string): number {
  let c = keyCodes.get(k);
  if (c !== undefined) return c;
  const role: unknown = ROLE[k];
  c = typeof role === 'number' ? role : role !== undefined ? INHERITED : idRole(k) << ID_SHIFT;
  if (keyCodes.size >= 4096) keyCodes.clear();
  keyCodes.set(k, c);
  return c;
}

/** `outer.inner` attribute names, made once per pair (keys repeat from line to line). */
const dotted = new Map<string, Map<string, string>>();
let dottedCount = 0;

function dottedKey(outer: string, inner: string): string {
  let m = dotted.get(outer);
  if (m === undefined) {
    if (dottedCount >= 4096) {
      dotted.clear();
      dottedCount = 0;
    }
    dotted.set(outer, (m = new Map()));
  }
  let k = m.get(inner);
  if (k === undefined) {
    k = outer + '.' + inner;
    m.set(inner, k);
    dottedCount++;
  }
  return k;
}

/**
 * A numeric id as written: 64-bit ids (Datadog's `dd.trace_id` / `dd.span_id` are unsigned 64-bit
 * decimals, numbers in Go loggers' JSON) lose digits in a JS number, so above 2^53 the digits are
 * read from the line (the first `"key":` number).
 */
function idNumber(v: number, key: string, text: string): string {
  if (Number.isSafeInteger(v)) return String(v);
  const quoted = JSON.stringify(key) + ':';
  const k = text.indexOf(quoted);
  if (k < 0) return String(v);
  let p = k + quoted.length;
  while (text.charCodeAt(p) === 32) p++;
  const s = p;
  while (text.charCodeAt(p) >= 48 && text.charCodeAt(p) <= 57) p++;
  return p > s ? text.slice(s, p) : String(v);
}

function scalar(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function writeTs(v: unknown, out: FieldWriter, tz: number): boolean {
  if (typeof v === 'number') {
    out.ts('ts', epochToMicros(v));
    return true;
  }
  if (typeof v === 'string') {
    const t = parseIsoTimestamp(v, tz);
    if (t === t) {
      out.ts('ts', t);
      return true;
    }
    if (/^\d+(?:\.\d+)?$/.test(v)) {
      out.ts('ts', epochToMicros(Number(v)));
      return true;
    }
    return false;
  }
  if (v && typeof v === 'object') {
    const o = v as Obj;
    if (typeof o['epochSecond'] === 'number') {
      const ns = typeof o['nanoOfSecond'] === 'number' ? (o['nanoOfSecond'] as number) : 0;
      out.ts('ts', (o['epochSecond'] as number) * 1_000_000 + Math.floor(ns / 1000));
      return true;
    }
  }
  return false;
}

function writeLevel(v: unknown, out: FieldWriter): boolean {
  if (typeof v === 'string') {
    if (writeSeverity(out, v)) return true;
    // ecs-logging spec: loggers MAY pad `log.level` (" WARN") so that `message` starts at one offset
    return v.charCodeAt(0) === 32 && writeSeverity(out, v.trim());
  }
  if (typeof v === 'number') {
    const s = severityFromNumber(v, v >= 10 ? 'pino' : 'syslog');
    if (!s) return false;
    out.str('severity', s);
    out.int('severity_number', SEVERITY_NUMBER[s]!);
    return true;
  }
  return false;
}

/**
 * stack_trace from a string; a formatted Python traceback (python-json-logger `exc_info`, structlog
 * `exception`, `stack_info`) also gives error_class: its (last) exception line.
 */
function writeStack(v: string, out: FieldWriter): void {
  out.str('stack_trace', v);
  if (v.charCodeAt(0) === 84 /* T */ && v.startsWith('Traceback (most recent call last):') && !out.has('error_class') && findException(v, 0)) {
    out.str('error_class', found.cls);
  }
}

function writeError(v: unknown, out: FieldWriter): void {
  if (typeof v === 'string') {
    if (v.indexOf('\n') >= 0) writeStack(v, out);
    else out.map('attributes', 'error', v);
    return;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return;
  const e = v as Obj;
  if ('extendedStackTrace' in e || ('name' in e && 'localizedMessage' in e)) {
    writeThrown(e, out);
    return;
  }
  const cls = scalar(e['type']) ?? scalar(e['name']) ?? scalar(e['class']) ?? scalar(e['kind']);
  if (cls) out.str('error_class', cls);
  const m = scalar(e['message']) ?? scalar(e['msg']);
  if (m) out.map('attributes', 'error.message', m);
  const st = e['stack'] ?? e['stacktrace'] ?? e['stack_trace'];
  if (typeof st === 'string') out.str('stack_trace', st);
  else if (Array.isArray(st)) out.str('stack_trace', st.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n'));
}

/**
 * Writes an already parsed JSON log object. `text` is the raw line, used as message when the
 * object has no message key. Always succeeds for objects.
 */
export function parseJsonObject(o: Obj, text: string, out: FieldWriter, ctx: ParseContext): boolean {
  const tz = ctx.defaultTzOffsetMinutes ?? 0;
  let hasMsg = false;
  let tsDone = false;
  let levelDone = false;
  let nameVal: string | undefined;
  let targetVal: string | undefined;
  // MongoDB 4.4+ structured log: t.$date, s, c, ctx (json-formats.ts)
  const mongo = o['s'] !== undefined && o['c'] !== undefined && writeMongoHeader(o, out, tz);
  if (mongo) tsDone = levelDone = true;
  for (const k in o) {
    const v = o[k];
    if (v === null || v === undefined) continue;
    if (mongo && (k === 't' || k === 's' || k === 'c' || k === 'ctx')) continue;
    const code = keyCode(k);
    const role = code & ROLE_MASK;
    switch (role) {
      case Role.Message:
        if (!hasMsg) {
          const s = scalar(v);
          if (s !== undefined) {
            out.str('message', s.charCodeAt(s.length - 1) === 10 ? s.slice(0, -1) : s);
            hasMsg = true;
            continue;
          }
        }
        break;
      case Role.Ts:
        if (!tsDone && writeTs(v, out, tz)) {
          tsDone = true;
          continue;
        }
        break;
      case Role.Level:
        if (!levelDone && writeLevel(v, out)) {
          levelDone = true;
          continue;
        }
        break;
      case Role.OtelLevel: {
        const s = typeof v === 'number' ? severityFromNumber(v, 'otel') : undefined;
        if (!levelDone && s) {
          out.str('severity', s);
          out.int('severity_number', v as number);
          levelDone = true;
          continue;
        }
        break;
      }
      case Role.Logger:
        if (typeof v === 'string') {
          out.str('component', v);
          continue;
        }
        break;
      case Role.Thread: {
        const s = scalar(v);
        if (s !== undefined) {
          out.str('thread', s);
          continue;
        }
        break;
      }
      case Role.Error:
        writeError(v, out);
        continue;
      case Role.Stack:
        if (typeof v === 'string') {
          writeStack(v, out);
          // logstash-logback-encoder `stack_trace`, ECS `error.stack_trace`: the exception class of its first line
          if (!out.has('error_class') && findException(v, 0)) out.str('error_class', found.cls);
          continue;
        }
        break;
      case Role.ErrorClass:
        if (typeof v === 'string') {
          out.str('error_class', v);
          continue;
        }
        break;
      case Role.Hostname:
        if (typeof v === 'string') {
          out.map('attributes', 'hostname', v);
          continue;
        }
        break;
      case Role.Skip:
        continue;
      default:
        break;
    }
    const ir = code >> ID_SHIFT;
    if (ir !== IdRole.None && typeof v !== 'object' && writeId(ir as IdRole, typeof v === 'number' ? idNumber(v, k, text) : String(v), out, false)) continue;
    if (k === 'name' && typeof v === 'string') {
      nameVal = v;
      continue;
    }
    if (k === 'target' && typeof v === 'string') {
      targetVal = v;
      continue;
    }
    // nested well-known ECS / OTel objects
    if (typeof v === 'object') {
      if (Array.isArray(v)) {
        out.map('attributes', k, JSON.stringify(v));
        continue;
      }
      const inner = v as Obj;
      if (k === 'fields') {
        // tracing-subscriber's Json: the event's fields, its message among them
        for (const k2 in inner) {
          const v2 = inner[k2];
          if (v2 === null || v2 === undefined) continue;
          if (k2 === 'message' && !hasMsg && typeof v2 === 'string') {
            out.str('message', v2);
            hasMsg = true;
            continue;
          }
          if (typeof v2 !== 'object') {
            const ir = idRole(k2);
            if (ir !== IdRole.None && writeId(ir, String(v2), out, false)) continue;
          }
          out.map('attributes', k2, scalar(v2) ?? JSON.stringify(v2));
        }
        continue;
      }
      if (k === 'span' && inner['id'] === undefined) {
        // tracing-subscriber's current span {name, fields…}: flattened like any object below
      } else if (k === 'log' || k === 'trace' || k === 'span' || k === 'error') {
        // ECS: log.level, log.logger, trace.id, span.id, error.{type,message,stack_trace}
        if (k === 'log') {
          if (!levelDone && inner['level'] !== undefined) levelDone = writeLevel(inner['level'], out);
          if (typeof inner['logger'] === 'string') out.str('component', inner['logger'] as string);
        } else if (k === 'trace' && scalar(inner['id'])) out.str('trace_id', scalar(inner['id'])!);
        else if (k === 'span' && scalar(inner['id'])) out.str('span_id', scalar(inner['id'])!);
        continue;
      }
      if (k === 'process') {
        // ECS nested process.thread.name
        const th = inner['thread'];
        const name = th && typeof th === 'object' ? scalar((th as Obj)['name']) : undefined;
        if (name !== undefined) out.str('thread', name);
      }
      findNestedIds(k, inner, out);
      for (const k2 in inner) {
        const v2 = inner[k2];
        if (v2 === null || v2 === undefined) continue;
        const s2 = scalar(v2);
        out.map('attributes', dottedKey(k, k2), s2 ?? JSON.stringify(v2));
      }
      continue;
    }
    out.map('attributes', k, String(v));
  }
  if (nameVal !== undefined) {
    if (hasMsg && !out.has('component')) out.str('component', nameVal);
    else out.map('attributes', 'name', nameVal);
  }
  if (targetVal !== undefined) {
    if (hasMsg && !out.has('component')) out.str('component', targetVal);
    else out.map('attributes', 'target', targetVal);
  }
  if (!hasMsg) out.str('message', text);
  else {
    // a Kafka logger's record: Kafka fields from its message and keys (kafka/kafka-logger-fields.ts)
    const comp = out.getStr('component');
    if (comp !== undefined && isKafkaLogger(comp)) writeKafkaJsonFields(o, out);
  }
  return true;
}

/** Text entry point: parses JSON objects only (first char `{`); name `json`. */
export const jsonParser: AppParser = {
  name: 'json',
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean {
    const o = parseJsonObjectText(text);
    if (o === undefined) return false;
    return parseJsonObject(o as Obj, text, out, ctx);
  },
};
