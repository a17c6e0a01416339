/**
 * Runtime envelopes: one physical line → the application text plus what the runtime recorded
 * (stream, runtime timestamp, partial flag, Kubernetes metadata). Pure, no IO.
 *
 * Formats:
 * - `docker-json`: dockerd json-file `{"log":"…\n","stream":"stdout","time":"RFC3339Nano"}` (+`attrs`).
 *   A record whose `log` has no trailing newline and is the size of dockerd's 16 KiB copy buffer is
 *   a partial line to join with the next record of the same stream (Vector's rule; a short record
 *   without newline is complete: it is the last output of a process that did not end its line).
 * - `cri`: `<RFC3339Nano> <stdout|stderr> <P|F>[:tags] <text>` (containerd `Z`, CRI-O `±hh:mm`).
 * - `fluentbit`: a Fluent Bit JSON record with a `kubernetes{}` object (the seed's S3 files), or the
 *   `[epoch, {record}]` form of Fluent Bit's stdout/file outputs.
 * - `docker-ts`: `docker logs --timestamps` output: `<RFC3339Nano with 9 digits>Z <text>`.
 * - `plain`: anything else; the whole line is the text.
 */
import { parseDockerTime, parseRfc3339, parsedEnd, timeFailureReason } from './rfc3339.js';
import { PRESET_SEP, tsInRange } from '../core/fields.js';

export type EnvelopeFormat = 'docker-json' | 'cri' | 'fluentbit' | 'docker-ts' | 'plain';

/** Kubernetes metadata carried inside a Fluent Bit record. */
export interface RecordK8s {
  pod_name?: string;
  namespace_name?: string;
  container_name?: string;
  container_image?: string;
  docker_id?: string;
  host?: string;
  labels?: Record<string, string>;
}

/** Result of decoding one line. One instance is reused per decoder: copy what you keep. */
export interface DecodedLine {
  ok: boolean;
  /** Reason when !ok (quarantine). */
  reason: string;
  format: EnvelopeFormat;
  text: string;
  stream: string | undefined;
  /** Runtime timestamp in µs, NaN when the envelope has none. */
  observed: number;
  /** The runtime marked this record as a fragment of a longer line. */
  partial: boolean;
  /** Fluent Bit pre-parsed fields. */
  presetLevel: string | undefined;
  presetTs: number;
  k8s: RecordK8s | undefined;
  /** Docker `attrs` (labels/env/tag) of the record. */
  attrs: Record<string, string> | undefined;
}

export function newDecodedLine(): DecodedLine {
  return {
    ok: false, reason: '', format: 'plain', text: '', stream: undefined, observed: NaN, partial: false,
    presetLevel: undefined, presetTs: NaN, k8s: undefined, attrs: undefined,
  };
}

function reset(d: DecodedLine, format: EnvelopeFormat): DecodedLine {
  d.ok = true;
  d.reason = '';
  d.format = format;
  d.text = '';
  d.stream = undefined;
  d.observed = NaN;
  d.partial = false;
  d.presetLevel = undefined;
  d.presetTs = NaN;
  d.k8s = undefined;
  d.attrs = undefined;
  return d;
}

function fail(d: DecodedLine, reason: string): DecodedLine {
  d.ok = false;
  d.reason = reason;
  return d;
}

/** dockerd's copy buffer: longer lines are split into records of this many bytes. */
export const DOCKER_PARTIAL_BYTES = 16 * 1024;

const LOG_HEAD = '{"log":"';
const STREAM_TAIL = '","stream":"';
const TIME_TAIL = '","time":"';
/**
 * The end of the usual dockerd line from its log value's closing quote: a std stream and a
 * fixed-width UTC time; sticky, tested at `line.length - DOCKER_TAIL_LENGTH`.
 */
const DOCKER_TAIL = /","stream":"std(?:out|err)","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z"\}/y;
const DOCKER_TAIL_LENGTH = 60;

/**
 * Fast path for the exact shape dockerd writes, `{"log":"…","stream":"…","time":"…"}`: slices the
 * fields without building an object; the log string is unescaped by JSON.parse only when it holds
 * escapes other than its final `\n`. Returns false (nothing decided) for any other shape.
 */
/**
 * Whether `s` holds `key` at `pos`: `s.startsWith(key, pos)`, but a char loop the compiler
 * inlines (startsWith is far slower on a line that is a slice of a larger string).
 */
function holds(s: string, pos: number, key: string): boolean {
  const n = key.length;
  if (pos < 0 || pos + n > s.length) return false;
  for (let k = 0; k < n; k++) if (s.charCodeAt(pos + k) !== key.charCodeAt(k)) return false;
  return true;
}

function decodeDockerFast(line: string, d: DecodedLine): boolean {
  // Anchored from the end, where dockerd writes the fixed `","stream":"…","time":"…"}`: the last
  // quotes give the value bounds; the log value is then checked to close at the found quote (it
  // is a valid JSON string), so the result equals that of a scan from the start.
  const n = line.length;
  if (n < 32 || line.charCodeAt(n - 1) !== 125 || line.charCodeAt(n - 2) !== 34 || !holds(line, 0, LOG_HEAD)) return false;
  const tEnd = n - 2;
  let tStart: number, sStart: number, sEnd: number, end: number, usual: boolean;
  DOCKER_TAIL.lastIndex = n - DOCKER_TAIL_LENGTH;
  if (n >= LOG_HEAD.length + DOCKER_TAIL_LENGTH && DOCKER_TAIL.test(line)) { // one native check
    end = n - DOCKER_TAIL_LENGTH;
    sStart = end + STREAM_TAIL.length;
    sEnd = sStart + 6;
    tStart = sEnd + TIME_TAIL.length;
    usual = true;
  } else {
    tStart = line.lastIndexOf('"', tEnd - 1) + 1;
    if (!holds(line, tStart - TIME_TAIL.length, TIME_TAIL)) return false;
    sEnd = tStart - TIME_TAIL.length;
    sStart = line.lastIndexOf('"', sEnd - 1) + 1;
    end = sStart - STREAM_TAIL.length;
    if (end < LOG_HEAD.length || !holds(line, end, STREAM_TAIL)) return false;
    if (line.lastIndexOf('\\', tEnd - 1) >= sStart) return false; // an escape in the stream or time
    usual = false;
  }
  const t = parseDockerTime(line, tStart, tEnd, usual); // line[tEnd] is '"'
  if (Number.isNaN(t)) return false; // let the full path report it
  const start = LOG_HEAD.length;
  const firstEsc = line.indexOf('\\', start);
  let text: string;
  let newline: boolean;
  if (firstEsc < 0 || firstEsc >= end) {
    if (line.indexOf('"', start) !== end) return false; // a quote inside: not this shape
    text = line.slice(start, end);
    newline = false;
  } else if (firstEsc === end - 2 && line.charCodeAt(end - 1) === 110) { // only the final \n
    if (line.indexOf('"', start) !== end) return false;
    text = line.slice(start, end - 2);
    newline = true;
  } else {
    let raw: string;
    try {
      raw = JSON.parse(line.slice(start - 1, end + 1)) as string; // throws on an inner quote too
    } catch {
      return false; // e.g. an invalid escape: the full path quarantines the line
    }
    newline = raw.endsWith('\n');
    text = newline ? raw.slice(0, raw.endsWith('\r\n') ? -2 : -1) : raw;
  }
  d.observed = t;
  // the two usual names without a new string per line
  if (usual) d.stream = line.charCodeAt(sStart + 3) === 111 ? 'stdout' : 'stderr';
  else d.stream = sEnd - sStart !== 6 ? line.slice(sStart, sEnd) : holds(line, sStart, 'stdout') ? 'stdout' : holds(line, sStart, 'stderr') ? 'stderr' : line.slice(sStart, sEnd);
  d.text = text;
  d.partial = !newline && text.length >= DOCKER_PARTIAL_BYTES / 4 && Buffer.byteLength(text) >= DOCKER_PARTIAL_BYTES;
  return true;
}

/** Decodes a dockerd json-file line. */
export function decodeDockerJson(line: string, d: DecodedLine): DecodedLine {
  reset(d, 'docker-json');
  if (decodeDockerFast(line, d)) return d;
  return decodeDockerJsonParsed(line, d);
}

/**
 * Decodes a dockerd json-file line with JSON.parse of the whole line: the reference the fast path
 * of `decodeDockerJson` must equal (exported for the tests that compare them).
 */
export function decodeDockerJsonParsed(line: string, d: DecodedLine): DecodedLine {
  reset(d, 'docker-json');
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return fail(d, 'invalid_json');
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return fail(d, 'json_not_object');
  const o = obj as Record<string, unknown>;
  const log = o.log;
  if (typeof log !== 'string') return fail(d, log === undefined ? 'missing_log_field' : 'log_not_string');
  const time = o.time;
  if (time === undefined) return fail(d, 'missing_time');
  if (typeof time !== 'string' || time === '') return fail(d, 'invalid_time');
  const t = parseRfc3339(time);
  if (Number.isNaN(t)) return fail(d, timeFailureReason('invalid_time'));
  d.observed = t;
  const stream = o.stream;
  if (typeof stream === 'string') d.stream = stream;
  if (log.endsWith('\n')) {
    d.text = log.endsWith('\r\n') ? log.slice(0, -2) : log.slice(0, -1);
  } else {
    d.text = log;
    d.partial = log.length >= DOCKER_PARTIAL_BYTES / 4 && Buffer.byteLength(log) >= DOCKER_PARTIAL_BYTES;
  }
  const attrs = o.attrs;
  if (attrs && typeof attrs === 'object') d.attrs = attrs as Record<string, string>;
  return d;
}

/** Decodes a CRI line (containerd / CRI-O). */
export function decodeCri(line: string, d: DecodedLine): DecodedLine {
  reset(d, 'cri');
  const sp1 = line.indexOf(' ');
  if (sp1 < 19) return fail(d, 'cri_bad_timestamp');
  const t = parseRfc3339(line, 0, true, 0, sp1); // line[sp1] is ' '
  if (Number.isNaN(t) || parsedEnd !== sp1) return fail(d, timeFailureReason('cri_bad_timestamp'));
  const sp2 = line.indexOf(' ', sp1 + 1);
  const streamEnd = sp2 < 0 ? line.length : sp2;
  const stream = line.slice(sp1 + 1, streamEnd);
  if (stream !== 'stdout' && stream !== 'stderr') return fail(d, 'cri_bad_stream');
  if (sp2 < 0) return fail(d, 'cri_missing_tag');
  let sp3 = line.indexOf(' ', sp2 + 1);
  if (sp3 < 0) sp3 = line.length;
  const tag = line.charCodeAt(sp2 + 1);
  if (tag !== 80 && tag !== 70) return fail(d, 'cri_bad_tag'); // P F
  if (sp3 !== sp2 + 2 && line.charCodeAt(sp2 + 2) !== 58) return fail(d, 'cri_bad_tag'); // P:TAG…
  d.observed = t;
  d.stream = stream;
  d.partial = tag === 80;
  d.text = sp3 < line.length ? line.slice(sp3 + 1) : '';
  return d;
}

const K8S_KEY = ',"kubernetes":{';

/**
 * The last `kubernetes` value parsed as the final member of a record (its raw text and object):
 * the records of one pod carry the same one, so it is parsed once, and the events share one object
 * (read only).
 */
let lastK8sRaw = '';
let lastK8s: RecordK8s | undefined;

/**
 * `JSON.parse(line)` for a record object ending in a `"kubernetes"` member, parsing that member
 * only when its text differs from the last one's. The first `,"kubernetes":{` of the line is taken
 * (an unescaped quote is no string content): when the members before it, closed with `}`, do not
 * parse as an object, or the rest up to the final `}` is no single JSON value, it was no last member
 * of the record's own object, and the line is parsed whole, so the result is the same either way.
 */
function parseRecord(line: string): unknown {
  const n = line.length;
  if (line.charCodeAt(0) !== 123 || line.charCodeAt(n - 1) !== 125 || line.charCodeAt(n - 2) !== 125) return JSON.parse(line);
  const k = line.indexOf(K8S_KEY); // (lastIndexOf is several times slower)
  if (k < 0) return JSON.parse(line);
  let j = k - 1;
  while (j > 0 && (line.charCodeAt(j) === 32 || line.charCodeAt(j) === 9 || line.charCodeAt(j) === 10 || line.charCodeAt(j) === 13)) j--;
  if (line.charCodeAt(j) === 123) return JSON.parse(line); // `{,"kubernetes":…`: no member before it
  const vStart = k + K8S_KEY.length - 1;
  const raw = line.slice(vStart, n - 1);
  let head: unknown;
  try {
    head = JSON.parse(line.slice(0, k) + '}');
  } catch {
    return JSON.parse(line);
  }
  if (head === null || typeof head !== 'object' || Array.isArray(head)) return JSON.parse(line);
  let k8s = lastK8s;
  if (raw !== lastK8sRaw) { // (startsWith would compare far slower)
    try {
      k8s = JSON.parse(raw) as RecordK8s;
    } catch {
      return JSON.parse(line); // e.g. `{…},"kubernetes":{…}`: a repeated member
    }
    lastK8sRaw = raw;
    lastK8s = k8s;
  }
  (head as Record<string, unknown>).kubernetes = k8s;
  return head;
}

/** A JSON string's body without escapes up to its closing quote (sticky). */
const PLAIN_STR = /[^"\\\x00-\x1f]*"/y;
/** A JSON number (sticky). */
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/**
 * The end (index after the closing quote) of the JSON string whose opening quote is at `q - 1`, or
 * -1 when no valid string starts there. When it holds escapes, `fbEscaped` is set and `fbValue`
 * holds its JSON.parse value.
 */
let fbEscaped = false;
let fbValue = '';
function stringEnd(line: string, q: number): number {
  PLAIN_STR.lastIndex = q;
  if (PLAIN_STR.test(line)) {
    fbEscaped = false;
    return PLAIN_STR.lastIndex;
  }
  // the first quote not escaped (after an even run of backslashes), then JSON.parse decides
  let i = q;
  let end: number;
  for (;;) {
    const quote = line.indexOf('"', i);
    if (quote < 0) return -1;
    let b = quote - 1;
    while (b >= q && line.charCodeAt(b) === 92) b--;
    if (((quote - 1 - b) & 1) === 0) {
      end = quote + 1;
      break;
    }
    i = quote + 1;
  }
  try {
    fbValue = JSON.parse(line.slice(q - 1, end)) as string;
  } catch {
    return -1;
  }
  fbEscaped = true;
  return end;
}

/**
 * Fast path for a Fluent Bit record object without white space whose members are strings,
 * numbers, true / false / null, and optionally a final `"kubernetes":{…}`; the last record's
 * decoded `kubernetes` object is reused when its text is the same. The seed's S3 layout
 * `{"date":…,"log":"…","stream":"…","kubernetes":{…}}` is checked by one native match and its
 * `log` and `stream` sliced out; other records of that kind go member by member. Escaped keys,
 * white space, nested values other than the last `kubernetes` object, and any other shape return
 * false (nothing decided): the JSON.parse path then decides, so the result is always that of
 * JSON.parse of the line.
 */
function decodeFluentBitFast(line: string, d: DecodedLine): boolean {
  const n = line.length;
  SEED_HEAD.lastIndex = 0;
  if (line.charCodeAt(n - 1) === 125 && line.charCodeAt(n - 2) === 125 && SEED_HEAD.test(line)) {
    // the seed's layout, checked by one native match up to the kubernetes object's brace
    const v = SEED_HEAD.lastIndex - 1;
    const se = v + 1 - K8S_TAIL.length; // the stream's closing quote
    const ss = line.lastIndexOf('"', se - 1) + 1;
    const le = ss - STREAM_TAIL.length;
    const ls = line.indexOf(LOG_KEY, 8) + LOG_KEY.length;
    if (!sameK8s(line, v, n)) return false;
    d.k8s = lastK8s;
    d.stream = se - ss !== 6 ? line.slice(ss, se) : holds(line, ss, 'stdout') ? 'stdout' : holds(line, ss, 'stderr') ? 'stderr' : line.slice(ss, se);
    d.text = line.slice(ls, le);
    d.observed = observedFromDate(Number(line.slice(8, ls - LOG_KEY.length)));
    return true;
  }
  return decodeFluentBitMembers(line, d);
}

/**
 * Whether `line` is a whole record of the seed's layout (see decodeFluentBitFast): valid JSON, an
 * object whose last member is a `kubernetes` object, so a Fluent Bit record to {@link sniffFormat}
 * without parsing it whole (and its `kubernetes` value is decoded once, for its first line too).
 */
function isSeedRecord(line: string): boolean {
  const n = line.length;
  SEED_HEAD.lastIndex = 0;
  return line.charCodeAt(n - 1) === 125 && line.charCodeAt(n - 2) === 125 && SEED_HEAD.test(line) && sameK8s(line, SEED_HEAD.lastIndex - 1, n);
}

/**
 * Whether `line[v, n - 1)` is a JSON value; it is then the last decoded `kubernetes` value
 * (`lastK8s`), decoded again only when its text differs from the last one's.
 */
function sameK8s(line: string, v: number, n: number): boolean {
  const raw = line.slice(v, n - 1);
  if (raw !== lastK8sRaw) { // (startsWith would compare far slower)
    let o: unknown;
    try {
      o = JSON.parse(raw);
    } catch {
      return false;
    }
    lastK8sRaw = raw;
    lastK8s = o as RecordK8s;
  }
  return true;
}

/** `{"date":<number>,"log":"<plain string>","stream":"<plain string>","kubernetes":{` (sticky). */
const SEED_HEAD = /\{"date":-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?,"log":"[^"\\\x00-\x1f]*","stream":"[^"\\\x00-\x1f]*","kubernetes":\{/y;
const LOG_KEY = ',"log":"';
const K8S_TAIL = '","kubernetes":{';

/**
 * The general form of the fast path: members one by one, the ones `fluentBitFields` reads decoded
 * (strings sliced, or JSON.parse'd when escaped; numbers by `Number`, which rounds a JSON number as
 * JSON.parse does; of a repeated key the last, as JSON.parse), then the same `fluentBitFields` as
 * the JSON.parse path, on a record of just those members.
 */
function decodeFluentBitMembers(line: string, d: DecodedLine): boolean {
  const n = line.length;
  if (n < 3 || line.charCodeAt(0) !== 123 || line.charCodeAt(n - 1) !== 125) return false;
  let log: unknown, stream: unknown, kubernetes: unknown, timestamp: unknown, atTimestamp: unknown, time: unknown, date: unknown;
  let logLevel: unknown, level: unknown, severity: unknown, message: unknown, msg: unknown;
  let logger: unknown, cls: unknown, thread: unknown;
  let pos = 1;
  for (;;) {
    if (line.charCodeAt(pos) !== 34) return false;
    const ks = pos + 1;
    const ke = line.indexOf('"', ks); // the key's closing quote (an escaped key is refused below)
    if (ke < 0 || line.charCodeAt(ke + 1) !== 58) return false; // :
    const name = line.slice(ks, ke); // (a short copy: compared and scanned faster than the line)
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      if (c < 32 || c === 92) return false; // an escaped key may spell a member we read
    }
    const v = ke + 2;
    const c = line.charCodeAt(v);
    if (name === 'kubernetes') {
      // only as the last member, an object up to the record's closing brace
      if (c !== 123 || !sameK8s(line, v, n)) return false;
      kubernetes = lastK8s;
      break;
    }
    let end: number;
    let value: unknown;
    if (c === 34) {
      end = stringEnd(line, v + 1);
      if (end < 0) return false;
      value = fbEscaped ? fbValue : undefined; // (sliced below only when read)
    } else if (c === 116 ? holds(line, v, 'true') : c === 102 ? holds(line, v, 'false') : c === 110 && holds(line, v, 'null')) {
      end = v + (c === 102 ? 5 : 4);
      value = c === 116 ? true : c === 102 ? false : null;
    } else {
      JSON_NUMBER.lastIndex = v;
      if (!JSON_NUMBER.test(line)) return false;
      end = JSON_NUMBER.lastIndex;
    }
    switch (name) {
      case 'date': date = memberValue(line, c, v, end, value); break;
      case 'log': log = memberValue(line, c, v, end, value); break;
      case 'stream': stream = memberValue(line, c, v, end, value); break;
      case 'timestamp': timestamp = memberValue(line, c, v, end, value); break;
      case '@timestamp': atTimestamp = memberValue(line, c, v, end, value); break;
      case 'time': time = memberValue(line, c, v, end, value); break;
      case 'log_level': logLevel = memberValue(line, c, v, end, value); break;
      case 'level': level = memberValue(line, c, v, end, value); break;
      case 'severity': severity = memberValue(line, c, v, end, value); break;
      case 'message': message = memberValue(line, c, v, end, value); break;
      case 'msg': msg = memberValue(line, c, v, end, value); break;
      case 'logger': logger = memberValue(line, c, v, end, value); break;
      case 'class': cls = memberValue(line, c, v, end, value); break;
      case 'thread': thread = memberValue(line, c, v, end, value); break;
    }
    const sep = line.charCodeAt(end);
    if (sep === 44) { // ,
      pos = end + 1;
      continue;
    }
    if (sep !== 125 || end !== n - 1) return false;
    break;
  }
  fluentBitFields({
    date, log, stream, kubernetes, timestamp, '@timestamp': atTimestamp, time, log_level: logLevel, level, severity, message, msg,
    logger, class: cls, thread,
  }, d);
  return true;
}

/** The value of a member at `line[v, end)` whose first character is `c` (`value`: an escaped string's or a literal's). */
function memberValue(line: string, c: number, v: number, end: number, value: unknown): unknown {
  if (c === 34) return value !== undefined ? value : line.slice(v + 1, end - 1);
  if (c === 116 || c === 102 || c === 110) return value;
  return Number(line.slice(v, end));
}

/**
 * A Fluent Bit record's pre-parsed level, logger and thread in one `presetLevel` string
 * (`level SEP logger SEP thread`, SEP = {@link PRESET_SEP}), so that they travel to the row stage
 * as one interned code; `unpackPreset` (parsers/preset-fields.ts) splits it. A plain level has no SEP.
 */
function packPreset(level: string, logger: string, thread: string): string {
  return level + PRESET_SEP + logger + PRESET_SEP + thread;
}

/** Decodes a Fluent Bit record (object, or `[epoch, object]`). */
export function decodeFluentBit(line: string, d: DecodedLine): DecodedLine {
  reset(d, 'fluentbit');
  if (decodeFluentBitFast(line, d)) return d;
  return decodeFluentBitWith(parseRecord, line, d);
}

/**
 * Decodes a Fluent Bit record with JSON.parse of the whole line: the reference the fast path of
 * `decodeFluentBit` must equal (exported for the tests that compare them).
 */
export function decodeFluentBitParsed(line: string, d: DecodedLine): DecodedLine {
  reset(d, 'fluentbit');
  return decodeFluentBitWith(JSON.parse, line, d);
}

/** The fields of the record `parse` makes of the line; invalid_json when it throws. */
function decodeFluentBitWith(parse: (line: string) => unknown, line: string, d: DecodedLine): DecodedLine {
  let obj: unknown;
  try {
    obj = parse(line);
  } catch {
    return fail(d, 'invalid_json');
  }
  return fluentBitFields(obj, d);
}

/** The fields of a parsed Fluent Bit record (object, or `[epoch, object]`). */
function fluentBitFields(obj: unknown, d: DecodedLine): DecodedLine {
  let epochSecs = NaN;
  if (Array.isArray(obj)) {
    if (obj.length < 2 || typeof obj[0] !== 'number' || obj[1] === null || typeof obj[1] !== 'object') return fail(d, 'fluentbit_bad_array');
    epochSecs = obj[0];
    obj = obj[1];
  }
  if (obj === null || typeof obj !== 'object') return fail(d, 'json_not_object');
  const o = obj as Record<string, unknown>;
  const k8s = o.kubernetes;
  if (k8s && typeof k8s === 'object') d.k8s = k8s as RecordK8s;
  if (typeof o.stream === 'string') d.stream = o.stream;
  if (!Number.isNaN(epochSecs)) {
    d.observed = Math.round(epochSecs * 1_000_000);
    if (!tsInRange(d.observed)) return fail(d, 'timestamp_out_of_range');
  } else d.observed = observedFromDate(o.date);
  const ts = o.timestamp ?? o['@timestamp'] ?? o.time;
  if (typeof ts === 'string') {
    const t = parseRfc3339(ts, 0, false);
    if (!Number.isNaN(t)) d.presetTs = t;
    else return fail(d, timeFailureReason('invalid_time'));
  } else if (typeof ts === 'number') {
    d.presetTs = ts > 1e14 ? ts : ts > 1e11 ? ts * 1000 : ts * 1_000_000;
    if (!tsInRange(d.presetTs)) return fail(d, 'timestamp_out_of_range');
  }
  const lvl = o.log_level ?? o.level ?? o.severity;
  if (typeof lvl === 'string') d.presetLevel = lvl;
  // a parser that split a log4j line upstream also gives the logger / class and thread members
  const logger = o.logger ?? o.class;
  const thread = o.thread;
  if (typeof logger === 'string' || typeof thread === 'string') {
    d.presetLevel = packPreset(typeof lvl === 'string' ? lvl : '', typeof logger === 'string' ? logger : '', typeof thread === 'string' ? thread : '');
  }
  const log = o.log;
  const msg = o.message ?? o.msg;
  if (typeof log === 'string') {
    d.text = log.endsWith('\n') ? log.slice(0, -1) : log;
  } else if (typeof msg === 'string') {
    d.text = msg;
  } else {
    return fail(d, 'fluentbit_no_message');
  }
  return d;
}

/**
 * observed_ts (µs, or NaN) from a Fluent Bit record's `date` member: the time Fluent Bit gave the
 * record (out_s3 / out_file `json_date_key`, default `date`), i.e. when the collector read the line
 * or, with a parser's Time_Key, the runtime's time: the collector's observed time, as the `[epoch,
 * record]` form's epoch. `json_date_format` double / epoch (seconds; ms or µs by magnitude) or
 * iso8601 (RFC 3339); anything else, or a time out of range, is not used (the record is kept).
 */
function observedFromDate(v: unknown): number {
  let t = NaN;
  if (typeof v === 'number') t = Math.round(v > 1e14 ? v : v > 1e11 ? v * 1000 : v * 1_000_000);
  else if (typeof v === 'string') t = parseRfc3339(v, 0, true);
  return tsInRange(t) ? t : NaN;
}

/** `docker logs --timestamps`: a 9-digit RFC3339Nano UTC timestamp, a space, the text. */
export function decodeDockerTs(line: string, d: DecodedLine): DecodedLine {
  reset(d, 'docker-ts');
  const sp = line.indexOf(' ');
  const t = sp > 0 ? parseRfc3339(line, 0, true, 0, sp) : NaN; // line[sp] is ' '
  if (Number.isNaN(t)) {
    // a line of the same output without the prefix (e.g. wrapped text): keep it as plain text
    d.text = line;
    return d;
  }
  d.observed = t;
  d.text = line.slice(sp + 1);
  return d;
}

export function decodePlain(line: string, d: DecodedLine): DecodedLine {
  reset(d, 'plain');
  d.text = line;
  return d;
}

const CRI_HEAD = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d) (?:stdout|stderr) [PF][: ]/;
const DOCKER_TS_HEAD = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;

/**
 * Guesses a file's envelope from its first non-empty line. `pathHint` (e.g. `-json.log` of
 * dockerd, `/var/log/pods/`) breaks ties.
 */
export function sniffFormat(firstLine: string, pathHint = ''): EnvelopeFormat {
  const c = firstLine.charCodeAt(0);
  if (c === 123) { // {
    if (isSeedRecord(firstLine)) return 'fluentbit'; // (the kubernetes member rules out docker-json below)
    try {
      const o = JSON.parse(firstLine) as Record<string, unknown>;
      if (o && typeof o === 'object') {
        if (typeof o.log === 'string' && o.time !== undefined && !o.kubernetes) return 'docker-json';
        if (o.kubernetes && typeof o.kubernetes === 'object') return 'fluentbit';
        if (typeof o.log_level === 'string' && typeof o.message === 'string') return 'fluentbit';
        if (typeof o.log === 'string' && /-json\.log/.test(pathHint)) return 'docker-json';
      }
    } catch {
      // not JSON: fall through
    }
    return /-json\.log/.test(pathHint) ? 'docker-json' : 'plain';
  }
  if (c === 91 && /^\[\s*\d+(?:\.\d+)?\s*,\s*\{/.test(firstLine)) return 'fluentbit';
  if (c >= 48 && c <= 57) {
    if (CRI_HEAD.test(firstLine)) return 'cri';
    if (DOCKER_TS_HEAD.test(firstLine)) return 'docker-ts';
  }
  if (/-json\.log/.test(pathHint)) return 'docker-json';
  return 'plain';
}

/**
 * Decodes a line of a file sniffed as `format`. Files may mix Docker and CRI lines (kubelet reads
 * both): a line that fails its format is tried as the other runtime format before it is rejected.
 */
export function decodeLine(format: EnvelopeFormat, line: string, d: DecodedLine): DecodedLine {
  switch (format) {
    case 'docker-json':
      decodeDockerJson(line, d);
      if (!d.ok && line.charCodeAt(0) !== 123 && CRI_HEAD.test(line)) return decodeCri(line, d);
      return d;
    case 'cri':
      decodeCri(line, d);
      if (!d.ok && line.charCodeAt(0) === 123) {
        const r = decodeDockerJson(line, newDecodedLineShared);
        if (r.ok) return Object.assign(d, r);
      }
      return d;
    case 'fluentbit':
      return decodeFluentBit(line, d);
    case 'docker-ts':
      return decodeDockerTs(line, d);
    default:
      return decodePlain(line, d);
  }
}

const newDecodedLineShared = newDecodedLine();
