/**
 * Fields a shipper already parsed upstream (Fluent Bit's log4j parser gives `level` and a
 * message `Logger: text`): the level wins over what our parsers found, and a message that fell
 * back to the plain parser is split into component and text (plus Spark ids when the source is
 * a Spark one).
 */
import type { FieldWriter } from '../core/fields.js';
import { writeSeverity } from './severity.js';
import { writeSparkFields } from './spark/spark-fields.js';

/** `Logger: text` / `org.apache.spark.Class: text` at the start of a pre-parsed message. */
const LOGGER_PREFIX = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*): /;

/** Applies a pre-parsed `level` to the event `text` parsed as `family`; returns the family (spark when recognized). */
export function applyPresetLevel(out: FieldWriter, text: string, level: string, family: string, hint: string | undefined): string {
  writeSeverity(out, level);
  if (family !== 'fallback') return family;
  const m = LOGGER_PREFIX.exec(text);
  if (!m) return family;
  out.str('component', m[1]!);
  const rest = text.slice(m[0].length);
  out.str('message', rest);
  if (hint !== 'spark') return family;
  writeSparkFields(rest, out);
  return 'spark';
}
