/**
 * Fields a shipper already parsed upstream (Fluent Bit's log4j parser gives `level` and a
 * message `Logger: text`): the level wins over what our parsers found, and a message that fell
 * back to the plain parser is split into component and text (plus Spark ids when the source is
 * a Spark one).
 */
import { PRESET_SEP, type FieldWriter } from '../core/fields.js';
import { writeSeverity } from './severity.js';
import { writeSparkFields, writeSparkRole, writeSparkThreadFields } from './spark/spark-fields.js';

/** `Logger: text` / `org.apache.spark.Class: text` at the start of a pre-parsed message. */
const LOGGER_PREFIX = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*): /;

/** Applies a pre-parsed `level` to the event `text` parsed as `family`; returns the family (spark when recognized). */
export function applyPresetLevel(out: FieldWriter, text: string, level: string, family: string, hint: string | undefined): string {
  const sep = level.indexOf(PRESET_SEP);
  if (sep >= 0) return applyPresetHeader(out, text, level, sep, family, hint);
  writeSeverity(out, level);
  if (family !== 'fallback') return family;
  const m = LOGGER_PREFIX.exec(text);
  if (!m) {
    // Fluent Bit split the whole log4j line (logger in its own member): the message is Spark's
    // text as is ("Starting task 3.0 in stage 1.0 (TID 7, …)"), its ids read as in a text line
    if (hint !== 'spark') return family;
    const nl = text.indexOf('\n');
    writeSparkFields(nl < 0 ? text : text.slice(0, nl), out);
    return 'spark';
  }
  out.str('component', m[1]!);
  const rest = text.slice(m[0].length);
  out.str('message', rest);
  if (hint !== 'spark') return family;
  writeSparkFields(rest, out);
  return 'spark';
}

/**
 * A packed preset `level SEP logger SEP thread` (decoders/envelope.ts: a Fluent Bit record with
 * `logger`/`class` and `thread` members): the level as above; when the message fell back to the
 * plain parser, the logger becomes component and the thread thread, and a Spark source's rows get
 * Spark ids from the message, the thread name (task threads) and the logger (role).
 */
function applyPresetHeader(out: FieldWriter, text: string, packed: string, sep: number, family: string, hint: string | undefined): string {
  const sep2 = packed.indexOf(PRESET_SEP, sep + 1);
  const level = packed.slice(0, sep);
  const logger = packed.slice(sep + 1, sep2);
  const thread = packed.slice(sep2 + 1);
  if (level) writeSeverity(out, level);
  if (family !== 'fallback') return family;
  if (logger) out.str('component', logger);
  if (thread) out.str('thread', thread);
  if (hint !== 'spark') return family;
  const nl = text.indexOf('\n');
  writeSparkFields(nl < 0 ? text : text.slice(0, nl), out);
  if (thread) writeSparkThreadFields(thread, out);
  if (logger) writeSparkRole(logger, out);
  return 'spark';
}
