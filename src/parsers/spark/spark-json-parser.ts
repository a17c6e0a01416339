/**
 * Spark JSON logs:
 * - Spark 4 structured logging (log4j2 JsonTemplateLayout `SparkLayout.json` and PySpark's logger):
 *   `{"ts","level","msg","context":{executor_id, task_name, ...},"exception":{"class","msg","stacktrace"},"logger"}`
 *   (early design: `source` instead of `logger`, `stackTrace` instead of `stacktrace`).
 *   `ts` is ISO-8601 with `Z`/offset, or Python asctime `yyyy-MM-dd HH:mm:ss,SSS` (zone-less).
 * - log4j2 JsonLayout from a Spark logger (`loggerName` starting with `org.apache.spark`):
 *   `{"instant":{"epochSecond","nanoOfSecond"}|"timeMillis","level","loggerName","message","thread","thrown":{...}}`.
 *
 * Writes ts, severity, component (logger), thread, message, error_class + stack_trace (exception),
 * Spark ids from the message and context (executor_id → spark_executor_id / spark_role, task_name
 * → stage/task ids), other context entries → attributes.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { writeSeverity } from '../severity.js';
import { epochToMicros, parseIsoTimestamp } from '../shared/timestamp.js';
import { isSparkLogger, writeSparkFields, writeSparkRole, writeSparkThreadFields } from './spark-fields.js';
import { parseJsonObjectText } from '../shared/json-text.js';
import { IdRole, idRole, writeId } from '../shared/correlation.js';

type Obj = Record<string, unknown>;

const TASK_NAME = /task (\d+)(?:\.\d+)? in stage (\d+)\.\d+ \(TID (\d+)\)/;

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Renders a Spark 4 stack trace (string, or array of {class, method, file, line}). */
function stackText(st: unknown): string | undefined {
  if (typeof st === 'string') return st;
  if (!Array.isArray(st)) return undefined;
  let s = '';
  for (const f of st) {
    if (f && typeof f === 'object') {
      const o = f as Obj;
      s += `${s ? '\n' : ''}\tat ${str(o['class']) ?? '?'}.${str(o['method']) ?? '?'}(${str(o['file']) ?? 'Unknown Source'}${o['line'] !== undefined ? ':' + str(o['line']) : ''})`;
    }
  }
  return s;
}

/** Whether a parsed JSON object is a Spark JSON log record this parser handles. */
export function isSparkJson(o: Obj, hint?: string): boolean {
  if (typeof o['msg'] === 'string' && typeof o['level'] === 'string') {
    if (!('ts' in o)) return false;
    if ('context' in o || 'source' in o || 'exception' in o) return true;
    // `ts`, `level`, `msg`, `logger` alone is also zap's production JSON: Spark's only with a Spark logger
    const logger = o['logger'];
    return typeof logger === 'string' && (hint === 'spark' || isSparkLogger(logger));
  }
  if (typeof o['loggerName'] === 'string' && typeof o['message'] === 'string' && ('instant' in o || 'timeMillis' in o)) {
    return hint === 'spark' || (o['loggerName'] as string).startsWith('org.apache.spark');
  }
  return false;
}

/** Writes fields of an already parsed Spark JSON record; returns false (writing nothing) if it is not one. */
export function parseSparkJsonObject(o: Obj, out: FieldWriter, ctx: ParseContext): boolean {
  if (!isSparkJson(o, ctx.hint)) return false;
  if (typeof o['msg'] === 'string') {
    const ts = o['ts'];
    if (typeof ts === 'string') {
      const t = parseIsoTimestamp(ts, ctx.defaultTzOffsetMinutes ?? 0);
      if (t === t) out.ts('ts', t);
    } else if (typeof ts === 'number') out.ts('ts', epochToMicros(ts));
    writeSeverity(out, o['level'] as string);
    const logger = str(o['logger']) ?? str(o['source']);
    if (logger) {
      out.str('component', logger);
      writeSparkRole(logger, out);
    }
    const msg = o['msg'] as string;
    out.str('message', msg);
    writeSparkFields(msg, out);
    const c = o['context'];
    if (c && typeof c === 'object') writeContext(c as Obj, out, '');
    const e = o['exception'];
    if (e && typeof e === 'object') {
      const ex = e as Obj;
      const cls = str(ex['class']);
      if (cls) out.str('error_class', cls);
      const st = stackText(ex['stacktrace'] ?? ex['stackTrace']);
      const head = cls ? `${cls}${ex['msg'] !== undefined ? ': ' + str(ex['msg']) : ''}` : '';
      if (st !== undefined || head) out.str('stack_trace', head && st ? head + '\n' + st : head || st!);
    }
    return true;
  }
  // log4j2 JsonLayout
  const inst = o['instant'];
  if (inst && typeof inst === 'object') {
    const es = (inst as Obj)['epochSecond'];
    const ns = (inst as Obj)['nanoOfSecond'];
    if (typeof es === 'number') out.ts('ts', es * 1_000_000 + (typeof ns === 'number' ? Math.floor(ns / 1000) : 0));
  } else if (typeof o['timeMillis'] === 'number') out.ts('ts', (o['timeMillis'] as number) * 1000);
  if (typeof o['level'] === 'string') writeSeverity(out, o['level']);
  const logger = o['loggerName'] as string;
  out.str('component', logger);
  writeSparkRole(logger, out);
  const th = str(o['thread']);
  if (th) out.str('thread', th);
  const msg = o['message'] as string;
  out.str('message', msg);
  writeSparkFields(msg, out);
  if (th) writeSparkThreadFields(th, out);
  const cm = o['contextMap'];
  if (cm && typeof cm === 'object') writeContext(cm as Obj, out, '');
  const thrown = o['thrown'];
  if (thrown && typeof thrown === 'object') writeThrown(thrown as Obj, out);
  return true;
}

/** log4j2 JsonLayout `thrown` → error_class + stack_trace. */
export function writeThrown(t: Obj, out: FieldWriter): void {
  const name = str(t['name']);
  if (name) out.str('error_class', name);
  const m = str(t['message']) ?? str(t['localizedMessage']);
  let st = name ? name + (m ? ': ' + m : '') : '';
  const ext = t['extendedStackTrace'] ?? t['stackTrace'];
  if (typeof ext === 'string') st = ext;
  else if (Array.isArray(ext)) {
    for (const f of ext) {
      if (f && typeof f === 'object') {
        const o = f as Obj;
        st += `\n\tat ${str(o['class']) ?? '?'}.${str(o['method']) ?? '?'}(${str(o['file']) ?? 'Unknown Source'}${o['line'] !== undefined ? ':' + str(o['line']) : ''})`;
      }
    }
  }
  if (st) out.str('stack_trace', st);
}

function writeContext(c: Obj, out: FieldWriter, prefix: string): void {
  for (const k in c) {
    const v = c[k];
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') {
      if (!Array.isArray(v) && prefix === '') writeContext(v as Obj, out, k + '.');
      else out.map('attributes', prefix + k, JSON.stringify(v));
      continue;
    }
    const s = String(v);
    switch (prefix + k) {
      case 'executor_id':
        out.str('spark_executor_id', s);
        out.str('spark_role', s === 'driver' ? 'driver' : 'executor');
        break;
      case 'app_id':
      case 'application_id':
        out.str('spark_app_id', s);
        break;
      case 'app_name':
        out.str('spark_app_name', s);
        break;
      case 'task_name':
      case 'mdc.taskName': {
        const m = TASK_NAME.exec(s);
        if (m) {
          out.int('spark_stage_id', Number(m[2]));
          out.long('spark_task_id', Number(m[3]));
        }
        out.map('attributes', prefix + k, s);
        break;
      }
      case 'stage_id':
        out.int('spark_stage_id', Number(s));
        break;
      case 'task_id':
        out.long('spark_task_id', Number(s));
        break;
      default: {
        const ir = idRole(k);
        if (ir === IdRole.None || !writeId(ir, s, out, true)) out.map('attributes', prefix + k, s);
      }
    }
  }
}

/** Text entry point (parses JSON itself); the registry uses parseSparkJsonObject on a shared parse. */
export const sparkJsonParser: AppParser = {
  name: 'spark',
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean {
    const o = parseJsonObjectText(text);
    return o !== undefined && parseSparkJsonObject(o as Obj, out, ctx);
  },
};
