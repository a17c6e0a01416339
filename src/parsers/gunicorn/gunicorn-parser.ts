/**
 * gunicorn's error log (gunicorn `glogging.py`: `error_fmt = r"%(asctime)s [%(process)d]
 * [%(levelname)s] %(message)s"`, `datefmt = r"[%Y-%m-%d %H:%M:%S %z]"`), e.g.
 * `[2023-10-04 10:15:30 +0000] [12] [INFO] Starting gunicorn 21.2.0` (also with an unbracketed
 * time, when a logconfig sets a plain datefmt, or any other datefmt of python-asctime.ts). The
 * records come from the `gunicorn.error` logger.
 *
 * The same header with the logger name, `[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s:
 * %(message)s` (a logconfig / the application's own logging config): the text after `[LEVEL] ` is
 * taken as `name: message` only when the name can only be a Python logger name — dotted
 * identifiers (`app.db`, `gunicorn.error`, `django.request`; not a file name like `settings.py`) or
 * `root` / `__main__`. gunicorn's own messages never start that way (arbiter.py, workers/*.py:
 * `Starting gunicorn %s`, `Listening at: %s (%s)`, `Booting worker with pid: %s`, `Worker exiting
 * (pid: %s)`, `Handling signal: %s`; the undotted `worker: SIGWINCH ignored.`, `Reason: %s`,
 * `SIGTTIN: …` stay messages), and an undotted name (`myapp: …`) cannot be told from such a message.
 *
 * Writes ts (with its offset), severity, component (the logger name, else `gunicorn.error`),
 * attributes.pid, message (first line without the header + continuation lines, e.g. a worker's
 * traceback).
 */
import type { FieldWriter } from '../../core/fields.js';
import type { ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { isDigit } from '../shared/timestamp.js';
import { asc, scanAsctime } from '../python/python-asctime.js';

/** A logger name opening the message: dotted identifiers, or `root` / `__main__`, then `: `. */
const LOGGER_NAME = /^(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|root|__main__): /;
/** A file name (`settings.py: …`), not a logger name. */
const FILE_NAME = /\.(?:py|pyc|ya?ml|json|toml|ini|cfg|conf|txt|csv|xml|log|gz|zip)$/;

/** Parses a gunicorn error-log line; false (writing nothing) when the text is not one. */
export function parseGunicorn(text: string, out: FieldWriter, ctx: ParseContext): boolean {
  // the default datefmt is bracketed; a logconfig may give a plain one (`asctime [pid] [LEVEL] …`)
  const br = text.charCodeAt(0) === 91 ? 1 : 0;
  if (!isDigit(text.charCodeAt(br)) || !scanAsctime(text, br, ctx)) return false;
  const micros = asc.micros;
  let p = asc.end;
  if (br === 1 && text.charCodeAt(p++) !== 93) return false;
  if (!text.startsWith(' [', p)) return false;
  p += 2;
  const ps = p;
  while (isDigit(text.charCodeAt(p))) p++;
  if (p === ps || !text.startsWith('] [', p)) return false;
  const pid = text.slice(ps, p);
  p += 3;
  const ls = p;
  const le = text.indexOf(']', ls);
  if (le < 0 || le - ls > 10) return false;
  const severity = severityAt(text, ls, le);
  if (severity === undefined) return false;
  p = le + 1;
  if (text.charCodeAt(p) === 32) p++;
  // decided
  if (micros === micros) out.ts('ts', micros);
  writeCanonicalSeverity(out, severity);
  let component = 'gunicorn.error';
  const m = LOGGER_NAME.exec(text.length - p > 200 ? text.slice(p, p + 200) : text.slice(p));
  if (m !== null) {
    const name = m[0].slice(0, -2);
    if (!FILE_NAME.test(name)) {
      component = name;
      p += m[0].length;
    }
  }
  out.str('component', component);
  out.map('attributes', 'pid', pid);
  let msg = text.slice(p);
  if (msg.charCodeAt(msg.length - 1) === 13) msg = msg.slice(0, -1);
  out.str('message', msg);
  return true;
}
