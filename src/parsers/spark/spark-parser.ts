/**
 * Spark text logs in the log4j default layout `%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex`
 * (e.g. loghub Spark_2k.log: `17/06/09 20:10:40 INFO spark.SecurityManager: msg`) and the
 * `yyyy-MM-dd HH:mm:ss[,SSS] LEVEL Class: msg` variants.
 *
 * Writes ts (zone-less → ctx.defaultTzOffsetMinutes), severity, component (the class), message
 * (first line without header + continuation lines), Spark ids (writeSparkFields) and spark_role
 * when the class tells it.
 */
import type { FieldWriter } from '../../core/fields.js';
import type { AppParser, ParseContext } from '../types.js';
import { severityAt, writeCanonicalSeverity } from '../severity.js';
import { applyOffset, isDigit, scan, scanDateTime, scanSlashDateTime } from '../shared/timestamp.js';
import { writeSparkFields, writeSparkRole } from './spark-fields.js';

/** Parser for Spark/log4j `DATE TIME LEVEL Class: message` text; name `spark`. */
export const sparkParser: AppParser = {
  name: 'spark',
  parse(text: string, out: FieldWriter, ctx: ParseContext): boolean {
    if (!isDigit(text.charCodeAt(0))) return false;
    let wall = text.charCodeAt(2) === 47 ? scanSlashDateTime(text, 0) : scanDateTime(text, 0);
    if (wall !== wall) return false;
    let p = scan.end;
    if (text.charCodeAt(p) !== 32) return false;
    p++;
    while (text.charCodeAt(p) === 32) p++;
    const ls = p;
    while (p < text.length && text.charCodeAt(p) > 32) p++;
    if (p - ls < 4) return false;
    const severity = severityAt(text, ls, p);
    if (severity === undefined) return false;
    while (text.charCodeAt(p) === 32) p++;
    const cs = p;
    // class: no spaces, ends at ": "
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c === 58 /* : */) break;
      if (c <= 32 || c === 91 /* [ */) return false;
      p++;
    }
    if (p === cs || text.charCodeAt(p) !== 58) return false;
    const after = text.charCodeAt(p + 1);
    if (after !== 32 && after === after && after !== 10 && after !== 13) return false;
    const cls = text.slice(cs, p);
    let ms = p + 1;
    if (text.charCodeAt(ms) === 32) ms++;
    // decided
    wall = applyOffset(wall, ctx.defaultTzOffsetMinutes ?? 0);
    out.ts('ts', wall);
    writeCanonicalSeverity(out, severity);
    out.str('component', cls);
    let msg = text.slice(ms);
    if (msg.charCodeAt(msg.length - 1) === 13) msg = msg.slice(0, -1);
    out.str('message', msg);
    const nl = msg.indexOf('\n');
    writeSparkFields(nl < 0 ? msg : msg.slice(0, nl), out);
    writeSparkRole(cls, out);
    return true;
  },
};
