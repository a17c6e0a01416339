/** Parses one event with the parser registry and returns the family and the written fields (parser unit tests). */
import { RecordFieldWriter } from '../../src/core/fields.js';
import { parseEvent, type ParseContext } from '../../src/parsers/index.js';

/** The family parseEvent returns for `text` and the fields it wrote. */
export function parseFields(text: string, ctx: ParseContext = {}): { family: string; v: Record<string, unknown> } {
  const w = new RecordFieldWriter();
  const family = parseEvent(text, w, ctx);
  return { family, v: w.values as Record<string, unknown> };
}
