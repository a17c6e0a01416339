/**
 * Kafka broker logs (log4j): the default layout
 * `[yyyy-MM-dd HH:mm:ss,SSS] LEVEL [Component ...] message (logger.Class)` used by server.log,
 * controller.log and state-change.log, and the alternative
 * `[yyyy-MM-dd HH:mm:ss,SSS] [LEVEL] [thread] [logger] - message` layout.
 *
 * Writes: ts (zone-less → ctx.defaultTzOffsetMinutes), severity, component (the logger class),
 * thread (alt layout), message (first-line message without header, `[component]` and `(class)`,
 * then continuation lines), attributes.kafka_component (the `[...]` prefix text), and the Kafka
 * fields of writeKafkaFields.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { normalizeSeverity, writeSeverity } from '../severity.js';
import { applyOffset, scan, scanDateTime } from '../shared/timestamp.js';
import { writeKafkaFields } from './kafka-fields.js';

/**
 * Splits `[Component ...]: rest` at the start of `msg`: returns the index where the message
 * proper starts (after optional `,` `:` `.` and spaces), or 0 when there is no leading bracket.
 * `bracketEnd` receives the index of the closing `]`.
 */
function leadingComponent(msg: string, res: { end: number }): number {
  if (msg.charCodeAt(0) !== 91) return 0;
  let depth = 0;
  for (let i = 0; i < msg.length; i++) {
    const c = msg.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) {
      res.end = i;
      let p = i + 1;
      const n = msg.charCodeAt(p);
      if (n === 44 || n === 58 || n === 46) p++;
      while (msg.charCodeAt(p) === 32) p++;
      return p;
    }
  }
  return 0;
}

const bracket = { end: 0 };

/** Index of ` (class.Name)` at the end of a first line, or -1. */
function trailingClass(line: string): number {
  const n = line.length;
  if (line.charCodeAt(n - 1) !== 41) return -1;
  for (let i = n - 2; i > 0; i--) {
    const c = line.charCodeAt(i);
    if (c === 40) return line.charCodeAt(i - 1) === 32 && i < n - 2 ? i : -1;
    if (c === 32 || c === 41) return -1;
  }
  return -1;
}

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
    let nl = text.indexOf('\n', p);
    if (nl < 0) nl = text.length;
    const first = text.slice(p, nl);
    const rest = nl < text.length ? text.slice(nl) : '';
    let level: string;
    let thread = '';
    let logger = '';
    let msg: string;
    if (first.charCodeAt(0) === 91) {
      // [LEVEL] [thread] [logger] - message
      const e1 = first.indexOf('] ');
      if (e1 < 0) return false;
      level = first.slice(1, e1);
      if (normalizeSeverity(level) === undefined) return false;
      let q = e1 + 2;
      if (first.charCodeAt(q) === 91) {
        const e2 = first.indexOf('] ', q);
        if (e2 < 0) return false;
        thread = first.slice(q + 1, e2);
        q = e2 + 2;
      }
      if (first.charCodeAt(q) === 91) {
        const e3 = first.indexOf(']', q);
        if (e3 < 0) return false;
        logger = first.slice(q + 1, e3);
        q = e3 + 1;
      }
      if (first.startsWith(' - ', q)) q += 3;
      else while (first.charCodeAt(q) === 32) q++;
      msg = first.slice(q);
    } else {
      const sp = first.indexOf(' ');
      if (sp < 0) return false;
      level = first.slice(0, sp);
      if (normalizeSeverity(level) === undefined) return false;
      let q = sp + 1;
      while (first.charCodeAt(q) === 32) q++;
      const cls = trailingClass(first);
      if (cls > 0) {
        logger = first.slice(cls + 1, first.length - 1);
        msg = first.slice(q, Math.max(q, cls - 1));
      } else {
        msg = first.slice(q);
      }
    }
    // decided: this is ours
    out.ts('ts', applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0));
    writeSeverity(out, level);
    if (logger) out.str('component', logger);
    if (thread) out.str('thread', thread);
    let component = '';
    const start = leadingComponent(msg, bracket);
    if (start > 0) {
      component = msg.slice(1, bracket.end);
      out.map('attributes', 'kafka_component', component);
      msg = msg.slice(start);
    }
    out.str('message', rest ? msg + rest : msg);
    writeKafkaFields(component, msg, out);
    return true;
  },
};
