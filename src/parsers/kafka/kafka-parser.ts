/**
 * Kafka broker logs (log4j): the default layout
 * `[yyyy-MM-dd HH:mm:ss,SSS] LEVEL [Component ...] message (logger.Class)` used by server.log,
 * controller.log and state-change.log, and the alternative
 * `[yyyy-MM-dd HH:mm:ss,SSS] [LEVEL] [thread] [logger] - message` layout.
 *
 * Kafka Connect's `[%d] %p %X{connector.context}%m (%c:%L)%n` (connect-log4j.properties) is the
 * same layout with the MDC connector context before the message and `:line` after the class.
 *
 * Writes: ts (zone-less → ctx.defaultTzOffsetMinutes), severity, component (the logger class),
 * thread (alt layout), message (first-line message without header, connector context,
 * `[component]` and `(class)`, then continuation lines), attributes.kafka_component (the `[...]`
 * prefix text), attributes.line (`%L`), attributes.kafka_connector / kafka_connect_scope /
 * kafka_task (the connector context, or a `WorkerSinkTask{id=c-0}` message), and the Kafka fields
 * of writeKafkaFields.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, scan, scanDateTime } from '../shared/timestamp.js';
import { writeConfigGroup, writeKafkaFields } from './kafka-fields.js';

/**
 * Splits `[Component ...]: rest` at the start of the message `text[ms, me)`: returns the index
 * where the message proper starts (after optional `,` `:` `.` and spaces), or -1 when there is no
 * leading bracket (or it is not closed). `bracket.end` receives the index of the closing `]`.
 */
function leadingComponent(text: string, ms: number, me: number): number {
  if (ms >= me || text.charCodeAt(ms) !== 91) return -1;
  let close = text.indexOf(']', ms + 1);
  if (close < 0 || close >= me) return -1;
  const open = text.indexOf('[', ms + 1);
  if (open >= 0 && open < close) {
    // nested brackets: find the matching one
    close = -1;
    let depth = 0;
    for (let i = ms; i < me; i++) {
      const c = text.charCodeAt(i);
      if (c === 91) depth++;
      else if (c === 93 && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close < 0) return -1;
  }
  bracket.end = close;
  let p = close + 1;
  if (p < me) {
    const n = text.charCodeAt(p);
    if (n === 44 || n === 58 || n === 46) p++;
  }
  while (p < me && text.charCodeAt(p) === 32) p++;
  return p;
}

const bracket = { end: 0 };

/**
 * Index of the `(` of a ` (class.Name)` ending the first line `text[start, end)`, or -1: the line
 * ends with `)`, and going back from there the first `(`, space or `)` met is a `(` preceded by a
 * space, with a non-empty name between.
 */
export function trailingClass(text: string, start: number, end: number): number {
  if (end - start < 1 || text.charCodeAt(end - 1) !== 41) return -1;
  // The token after the last space must be `(name)`: `(` right after the space, no other `(` or
  // `)` before the final one. (Same as walking back from end - 2 to the first `(`, space or `)`.)
  const sp = text.lastIndexOf(' ', end - 2);
  const i = sp + 1;
  if (sp < 0 || i <= start || i >= end - 2 || text.charCodeAt(i) !== 40) return -1;
  if (text.indexOf(')', i + 1) !== end - 1) return -1;
  const o = text.indexOf('(', i + 1);
  return o >= 0 && o < end ? -1 : i;
}

/**
 * Index of the `:` of a `%c:%L` location (`org.apache.kafka.connect.runtime.WorkerSinkTask:352`,
 * `Class:?` when log4j has no location), or -1: a non-empty class before it, digits or `?` after.
 */
export function locationColon(logger: string): number {
  const colon = logger.lastIndexOf(':');
  if (colon <= 0 || colon === logger.length - 1) return -1;
  if (colon === logger.length - 2 && logger.charCodeAt(colon + 1) === 63 /* ? */) return colon;
  for (let i = colon + 1; i < logger.length; i++) {
    const c = logger.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
  }
  return colon;
}

/**
 * Kafka Connect's MDC connector context (`%X{connector.context}` of connect-log4j.properties,
 * LoggingContext.prefixFor): `[<connector>|worker] `, `[<connector>|validate] `,
 * `[<connector>|task-<n>] `, `[<connector>|task-<n>|offsets] ` at the start of the message.
 */
const CONNECT_CONTEXT = /^\[(.+?)\|(?:(worker|validate|offsets)|task-(\d+)(?:\|(offsets))?)\] /;

/**
 * When the message `text[ms, me)` starts with a Connect connector context, writes
 * attributes.kafka_connector, kafka_connect_scope (worker, validate, task, offsets) and kafka_task,
 * and returns the index after it (the message proper); else -1.
 */
function connectContext(text: string, ms: number, me: number, out: FieldWriter): number {
  if (ms >= me || text.charCodeAt(ms) !== 91) return -1;
  // the first `]`, then a space, with a `|` inside (most brackets are a `[Component …]`)
  const close = text.indexOf(']', ms + 1);
  if (close < 0 || close >= me - 1 || text.charCodeAt(close + 1) !== 32 || text.lastIndexOf('|', close) <= ms) return -1;
  const m = CONNECT_CONTEXT.exec(text.slice(ms, close + 2));
  if (m === null) return -1;
  out.map('attributes', 'kafka_connector', m[1]!);
  out.map('attributes', 'kafka_connect_scope', m[2] ?? m[4] ?? 'task');
  if (m[3] !== undefined) out.map('attributes', 'kafka_task', m[3]);
  return close + 2;
}

/** `WorkerSinkTask{id=<connector>-<task>}` (WorkerTask toString: ConnectorTaskId `connector-task`), no MDC context before it. */
const WORKER_TASK = /^(?:ExactlyOnce)?Worker(?:Sink|Source)Task\{id=(.+)-(\d+)\}/;

function workerTaskId(text: string, ms: number, me: number, out: FieldWriter): void {
  const m = WORKER_TASK.exec(text.slice(ms, Math.min(me, ms + 300)));
  if (m === null) return;
  out.map('attributes', 'kafka_connector', m[1]!);
  out.map('attributes', 'kafka_task', m[2]!);
}

const FLASK = /^in [\w.]+: /;
const THREAD_LOGGER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+ - /;

/** Parser for Kafka broker layouts; name `kafka`. */
export const kafkaParser: AppParser = {
  name: 'kafka',
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean {
    if (text.charCodeAt(0) !== 91) return false;
    const wall = scanDateTime(text, 1);
    if (wall !== wall) return false;
    let p = scan.end;
    if (text.charCodeAt(p) !== 93 || text.charCodeAt(p + 1) !== 32) return false;
    p += 2;
    // the first line is text[p, nl); no slice of it is taken until the layout is decided
    let nl = text.indexOf('\n', p);
    if (nl < 0) nl = text.length;
    let severity: string | undefined;
    let thread = '';
    let logger = '';
    let line = '';
    let ms: number; // message start / end in text
    let me = nl;
    if (text.charCodeAt(p) === 91) {
      // [LEVEL] [thread] [logger] - message
      const e1 = text.indexOf('] ', p);
      if (e1 < 0 || e1 >= nl) return false;
      severity = severityAt(text, p + 1, e1);
      if (severity === undefined) return false;
      let q = e1 + 2;
      if (text.charCodeAt(q) === 91) {
        const e2 = text.indexOf('] ', q);
        if (e2 < 0 || e2 >= nl) return false;
        thread = text.slice(q + 1, e2);
        q = e2 + 2;
      }
      if (text.charCodeAt(q) === 91) {
        const e3 = text.indexOf(']', q);
        if (e3 < 0 || e3 >= nl) return false;
        logger = text.slice(q + 1, e3);
        q = e3 + 1;
      }
      if (text.startsWith(' - ', q)) q += 3;
      else while (text.charCodeAt(q) === 32) q++;
      ms = q;
    } else {
      const sp = text.indexOf(' ', p);
      if (sp < 0 || sp >= nl) return false;
      severity = severityAt(text, p, sp);
      if (severity === undefined) return false;
      let q = sp + 1;
      while (text.charCodeAt(q) === 32) q++;
      ms = q;
      const cls = trailingClass(text, p, nl);
      if (cls > 0) {
        logger = text.slice(cls + 1, nl - 1);
        me = Math.max(q, cls - 1);
        // Kafka Connect's `(%c:%L)`: the class, then the line number (`?` when log4j has none)
        const colon = locationColon(logger);
        if (colon > 0) {
          line = logger.slice(colon + 1);
          logger = logger.slice(0, colon);
        }
      } else if (text.charCodeAt(q) === 105 /* i */ && FLASK.test(text.slice(q, Math.min(nl, q + 120)))) {
        return false; // Flask `[asctime] LEVEL in module: message` (python parser)
      } else if (text.charCodeAt(q) === 91) {
        // `[%d] %p [%t] %c - %m`: a thread and a logger before ` - `, not a Kafka component; the
        // layout-shape parser reads it
        const st = leadingComponent(text, q, nl);
        if (st >= 0 && THREAD_LOGGER.test(text.slice(st, Math.min(nl, st + 200)))) return false;
      }
    }
    // decided: this is ours
    out.ts('ts', applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0));
    writeCanonicalSeverity(out, severity);
    if (logger) out.str('component', logger);
    if (thread) out.str('thread', thread);
    if (line !== '' && line !== '?') out.map('attributes', 'line', line);
    writeKafkaMessage(text, ms, me, nl, out);
    return true;
  },
};

/**
 * Writes message (first-line message `text[ms, me)` without its leading `[Component]`, then the
 * continuation lines from `nl`), attributes.kafka_component and the Kafka fields of both.
 */
export function writeKafkaMessage(text: string, ms: number, me: number, nl: number, out: FieldWriter): void {
  let component = '';
  const cs = connectContext(text, ms, me, out);
  if (cs >= 0) ms = cs;
  else if (text.startsWith('Worker', ms) || text.startsWith('ExactlyOnceWorker', ms)) workerTaskId(text, ms, me, out);
  const start = leadingComponent(text, ms, me);
  if (start >= 0) {
    component = text.slice(ms + 1, bracket.end);
    out.map('attributes', 'kafka_component', component);
    ms = start;
  }
  const msg = text.slice(ms, me);
  out.str('message', nl < text.length ? msg + text.slice(nl) : msg);
  writeKafkaFields(component, msg, out);
  writeConfigGroup(msg, text, nl, out);
}
