/**
 * Finds the exception class (and its message) in the text of a multi-line event: Java/Scala
 * (`x.y.SomeException: msg`, `Exception in thread "main" x.y.Z: msg`, `Caused by:` is NOT used —
 * the outermost exception wins, as in Filebeat's kafka.log.trace.class) and Python tracebacks (the
 * final `SomeError: msg` line after `Traceback (most recent call last):`).
 *
 * Results are left in `found` (no per-call allocation beyond the two substrings).
 */

/** Last result of findException: class and message (message may be ''). */
export const found = { cls: '', msg: '' };

const JAVA_LINE =
  /^(?:Exception in thread "[^"]*" )?((?:[a-zA-Z_$][\w$]*\.)+[A-Z][\w$]*)(?::\s?(.*))?$/;
const JAVA_SUFFIX = /(?:Exception|Error|Throwable|Failure|Fault)$/;
const PY_FINAL = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/;
const TRACEBACK = 'Traceback (most recent call last):';

/**
 * Looks for an exception in `text` starting at index `from` (normally the start of the second
 * line). Returns true and fills `found` when one is found. O(text) with cheap first-char checks.
 */
export function findException(text: string, from: number): boolean {
  const tb = text.indexOf(TRACEBACK, from > 0 ? from - 1 : 0);
  if (tb >= 0) return findPython(text, tb + TRACEBACK.length);
  let p = from;
  const n = text.length;
  while (p < n) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = n;
    let s = p;
    // Skip indentation (exception headers inside Caused-by chains are not indented, but some
    // layouts indent everything).
    while (s < e && (text.charCodeAt(s) === 32 || text.charCodeAt(s) === 9)) s++;
    const c = text.charCodeAt(s);
    // Cheap filter: an exception line starts with a letter and is not a frame ("at ", "from ").
    if (((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) && e - s > 3) {
      const isFrame =
        (c === 97 && text.charCodeAt(s + 1) === 116 && text.charCodeAt(s + 2) === 32) || // "at "
        text.startsWith('Caused by', s) ||
        text.startsWith('from ', s);
      if (!isFrame) {
        const line = text.slice(s, e).trimEnd();
        const m = JAVA_LINE.exec(line);
        if (m && (m[2] !== undefined || JAVA_SUFFIX.test(m[1]!))) {
          found.cls = m[1]!;
          found.msg = m[2] ?? '';
          return true;
        }
      }
    }
    p = e + 1;
  }
  return false;
}

function findPython(text: string, from: number): boolean {
  // The exception line is the first non-indented, non-empty line after the frames. In an exception
  // group's traceback (Python ≥ 3.11, tutorial §8.9) every line is drawn inside `  | `: its first
  // `  | Name: msg` line (not a `  |   File` frame) is the group's own exception.
  let p = from;
  const n = text.length;
  let last = false;
  let group = false;
  while (p < n) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = n;
    const c = text.charCodeAt(p);
    if (!last && !group && c === 32 && text.startsWith('  | ', p) && text.charCodeAt(p + 4) !== 32) {
      const m = PY_FINAL.exec(text.slice(p + 4, e).trimEnd());
      if (m) {
        found.cls = m[1]!;
        found.msg = m[2] ?? '';
        group = true;
      }
    }
    if (e > p && c !== 32 && c !== 9) {
      const line = text.slice(p, e).trimEnd();
      const m = PY_FINAL.exec(line);
      if (m) {
        found.cls = m[1]!;
        found.msg = m[2] ?? '';
        last = true;
        // chained tracebacks: keep the last one ("During handling ..." follows)
        const next = text.indexOf(TRACEBACK, e);
        if (next < 0) return true;
        p = next + TRACEBACK.length;
        continue;
      }
    }
    p = e + 1;
  }
  return last || group;
}
