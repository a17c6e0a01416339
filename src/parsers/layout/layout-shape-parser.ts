/**
 * log4j / logback PatternLayouts read from the line's shape instead of one fixed pattern: a
 * timestamp (`%d`, `%d{ISO8601}`, `%d{yy/MM/dd HH:mm:ss}`, optionally in brackets, optionally
 * with a zone), then up to six header tokens — the level (`%p`, `%-5p`, bare or `[%-5p]`),
 * bracketed tokens (`[%t]`, `[%c]`), bare logger names (`%c`, `%c{1}`, `%C:%L`), a pid
 * (Spring Boot `pid ---`) — ending at the message separator ` - ` or ` : ` or a `Logger:` token.
 * Patterns without a separator (`%d %p %m (%c) [%t]%n` as Strimzi ships for Kafka, `%d %p %m%n`)
 * take the message right after the level and the logger / thread from a trailing `(%c)` / `[%t]`.
 *
 * This parser runs only when the fixed-layout parsers (spark, kafka, log4j) refused the line.
 * With a separator, the last bracketed token is the logger when there are two (`[%t] [%c]`) or
 * when it is a dotted class name, otherwise the thread.
 *
 * Family fields by logger (or ctx.hint): `kafka.*`, `org.apache.kafka.*`, `state.change.logger` →
 * the Kafka `[Component]` prefix and fields (family kafka); `org.apache.spark.*` or a Spark
 * scheduler/executor class → Spark ids from the message and the task thread name (family spark);
 * otherwise family log4j (Kafka fields from the message, like the log4j parser).
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime, scanSlashDateTime, scanZone } from '../shared/timestamp.js';
import { writeConfigGroup, writeKafkaFields } from '../kafka/kafka-fields.js';
import { trailingClass, writeKafkaMessage } from '../kafka/kafka-parser.js';
import { isSparkLogger, writeSparkFields, writeSparkRole, writeSparkThreadFields } from '../spark/spark-fields.js';

const DOTTED_CLASS = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;

/** Index of the `]` closing the `[` at p (nesting allowed), or -1. */
function closeBracket(s: string, p: number, end: number): number {
  let depth = 0;
  for (let i = p; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return i;
  }
  return -1;
}

function isKafkaLogger(l: string): boolean {
  return l.startsWith('kafka.') || l.startsWith('org.apache.kafka') || l === 'state.change.logger';
}

/**
 * Parses `text` by its layout shape; returns the family (kafka, spark or log4j) or undefined,
 * writing nothing, when the line has no timestamp + level header.
 */
export function parseLayoutShape(text: string, out: FieldWriter, ctx: ParseContext): 'kafka' | 'spark' | 'log4j' | undefined {
  let nl = text.indexOf('\n');
  if (nl < 0) nl = text.length;
  let p = 0;
  const br = text.charCodeAt(0) === 91;
  if (br) p = 1;
  if (!isDigit(text.charCodeAt(p))) return undefined;
  const wall = text.charCodeAt(p + 2) === 47 ? scanSlashDateTime(text, p) : scanDateTime(text, p);
  if (wall !== wall) return undefined;
  p = scan.end;
  const zone = scanZone(text, p, false);
  if (zone === zone) p = scan.end;
  if (br) {
    if (text.charCodeAt(p) !== 93) return undefined;
    p++;
  }
  if (text.charCodeAt(p) !== 32) return undefined;
  let level: string | undefined;
  let levelEnd = -1;
  let sepAt = -1; // message start when a separator was found
  let colonLogger = '';
  let bareLogger = '';
  let pid = '';
  const brackets: string[] = [];
  let beforeLevelBracket = '';
  for (let k = 0; k < 6; k++) {
    while (text.charCodeAt(p) === 32) p++;
    if (p >= nl) break;
    const c = text.charCodeAt(p);
    let tok: string;
    let next: number;
    const isBracket = c === 91;
    if (isBracket) {
      const e = closeBracket(text, p, nl);
      if (e < 0) break;
      tok = text.slice(p + 1, e).trim();
      next = e + 1;
    } else {
      let e = text.indexOf(' ', p);
      if (e < 0 || e > nl) e = nl;
      tok = text.slice(p, e);
      next = e;
    }
    if (!isBracket && (tok === '-' || tok === ':')) {
      sepAt = next + 1;
      break;
    }
    if (!isBracket && tok === '---') {
      p = next;
      continue;
    }
    if (level === undefined && tok.length >= 4 && tok.length <= 7) {
      const lv = severityAt(tok, 0, tok.length);
      if (lv !== undefined) {
        level = lv;
        levelEnd = next;
        p = next;
        continue;
      }
    }
    if (!isBracket && tok.length > 1 && tok.charCodeAt(tok.length - 1) === 58 && level !== undefined) {
      colonLogger = tok.slice(0, -1);
      sepAt = next + 1;
      break;
    }
    if (!isBracket && pid === '' && isDigit(c) && /^\d+$/.test(tok)) {
      pid = tok;
      p = next;
      continue;
    }
    if (isBracket) {
      if (level === undefined) beforeLevelBracket = tok;
      brackets.push(tok);
      p = next;
      continue;
    }
    if (level !== undefined && DOTTED_CLASS.test(tok)) {
      bareLogger = tok;
      p = next;
      continue;
    }
    if (level !== undefined && bareLogger === '' && brackets.length > 0) {
      // `[%t] %c{1} - %m`: a short logger name, if a separator follows it
      if (text.startsWith(' - ', next)) {
        bareLogger = tok;
        sepAt = next + 3;
      }
    }
    break;
  }
  if (level === undefined) return undefined;
  let logger = '';
  let thread = '';
  let ms: number;
  let me = nl;
  if (sepAt >= 0) {
    ms = Math.min(sepAt, nl);
    logger = colonLogger || bareLogger;
    const bs = brackets.filter((b) => b !== '' && severityAt(b, 0, b.length) === undefined);
    if (!logger && bs.length > 0) {
      const last = bs[bs.length - 1]!;
      if (bs.length >= 2 || DOTTED_CLASS.test(last)) {
        logger = last;
        bs.pop();
      }
    }
    if (bs.length > 0) thread = bs[0]!;
    const colon = logger.lastIndexOf(':');
    if (colon > 0 && isDigit(logger.charCodeAt(colon + 1))) {
      out.map('attributes', 'line', logger.slice(colon + 1));
      logger = logger.slice(0, colon);
    }
  } else {
    ms = levelEnd;
    while (text.charCodeAt(ms) === 32) ms++;
    thread = beforeLevelBracket;
    // trailing `(%c)` and `(%c) [%t]`
    let end = nl;
    if (text.charCodeAt(end - 1) === 93) {
      const o = text.lastIndexOf(' [', end);
      if (o > ms && text.charCodeAt(o - 1) === 41) {
        thread = text.slice(o + 2, end - 1);
        end = o;
      }
    }
    const cls = trailingClass(text, ms, end);
    if (cls > ms) {
      logger = text.slice(cls + 1, end - 1);
      me = Math.max(ms, cls - 1);
    } else if (end !== nl) thread = beforeLevelBracket;
  }
  // decided
  out.ts('ts', applyOffset(wall, zone === zone ? zone : ctx.defaultTzOffsetMinutes ?? 0));
  writeCanonicalSeverity(out, level);
  if (logger) out.str('component', logger);
  if (thread) out.str('thread', thread);
  if (pid) out.map('attributes', 'pid', pid);
  if (isKafkaLogger(logger) || (ctx.hint === 'kafka' && !isSparkLogger(logger))) {
    writeKafkaMessage(text, ms, me, nl, out);
    return 'kafka';
  }
  const msg = text.slice(ms, me);
  out.str('message', nl < text.length ? msg + text.slice(nl) : msg);
  if (isSparkLogger(logger) || ctx.hint === 'spark') {
    writeSparkFields(msg, out);
    if (thread) writeSparkThreadFields(thread, out);
    if (logger) writeSparkRole(logger, out);
    return 'spark';
  }
  writeKafkaFields('', msg, out);
  writeConfigGroup(msg, text, nl, out);
  return 'log4j';
}
