/**
 * The interpreter's own report of an uncaught exception (`sys.excepthook` → `traceback.print_exception`
 * on stderr, traceback docs): an event that starts with `Traceback (most recent call last):`, its
 * frames, the final `SomeError: message` line, possibly chained tracebacks ("During handling of the
 * above exception, another exception occurred:" / "The above exception was the direct cause of the
 * following exception:", tutorial §8.5) — one event, joined by the multi-line stage.
 *
 * Writes severity ERROR (the process dies of it), message = the final exception line of the last
 * traceback (the exception that was raised uncaught: class + message, as printed), error_class and
 * stack_trace = the whole report. No ts: the report has none (the runtime time stands in).
 */
import type { FieldWriter } from '../../core/fields.js';
import { findException, found } from '../shared/exception.js';
import { writeCanonicalSeverity } from '../severity.js';

const TRACEBACK = 'Traceback (most recent call last):';

/** Parses an uncaught-exception report; false (writing nothing) when `text` is not one. */
export function parsePythonTraceback(text: string, out: FieldWriter): boolean {
  if (text.charCodeAt(0) !== 84 /* T */ || !text.startsWith(TRACEBACK) || !findException(text, 0)) return false;
  writeCanonicalSeverity(out, 'ERROR');
  out.str('message', found.msg ? `${found.cls}: ${found.msg}` : found.cls);
  out.str('error_class', found.cls);
  out.str('stack_trace', text);
  return true;
}
