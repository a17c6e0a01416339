/**
 * Correlation ids under the names real loggers use, for every parser family:
 *
 * | canonical | key names (compared after lower-casing and dropping `_`, `-`, `.`) | reference |
 * |---|---|---|
 * | trace_id | trace_id, traceId, TraceId, traceID, trace.id, dd.trace_id, otelTraceID, X-B3-TraceId, xray_trace_id, logging.googleapis.com/trace (`projects/P/traces/ID` → ID) | OTel log data model `TraceId` + Java/Go MDC keys (OTel logback/log4j MDC `trace_id`); ECS `trace.id`; Datadog `dd.trace_id`; OTel Python logging `otelTraceID`; Zipkin B3; AWS Lambda Powertools; Google Cloud structured logging special fields |
 * | span_id | span_id, spanId, SpanId, spanID, span.id, dd.span_id, otelSpanID, X-B3-SpanId, logging.googleapis.com/spanId | same |
 * | request_id | request_id, requestId, requestID, reqId, req_id, x-request-id, X-Request-ID, correlation_id, correlationId, x-correlation-id, request.id, http.request.id | pino/bunyan `reqId`, Python/Go `req_id`, HTTP `X-Request-ID`; ECS `http.request.id` |
 * | request_id (when none of the above) | transaction.id | ECS / Elastic APM transaction |
 * | trace_id + span_id (+ attributes.trace_flags) | traceparent | W3C Trace Context `version-traceid-parentid-flags` |
 * | attributes.trace_flags | trace_flags, traceFlags, flags (inside an OTel record) | OTel log data model `TraceFlags` |
 *
 * JSON numbers above 2^53 (Datadog's 64-bit ids) are taken digit for digit from the line by the
 * JSON parser. Keys are found at the top level and nested (any depth up to 4) under objects such as
 * `context`, `fields`, `http`, `mdc`, `labels`, `attributes`, `extra`, `headers`; nested
 * `{"dd": {"trace_id": …}}` and `{"trace": {"id": …}}` count like their dotted forms.
 */
import type { FieldWriter } from '../../core/fields.js';

/** What a key names. */
export const enum IdRole {
  None = 0,
  Trace,
  Span,
  Request,
  Transaction,
  Traceparent,
  Flags,
}

const NORMALIZED: ReadonlyMap<string, IdRole> = new Map([
  ['traceid', IdRole.Trace], ['ddtraceid', IdRole.Trace], ['oteltraceid', IdRole.Trace], ['xb3traceid', IdRole.Trace], ['xraytraceid', IdRole.Trace],
  ['spanid', IdRole.Span], ['ddspanid', IdRole.Span], ['otelspanid', IdRole.Span], ['xb3spanid', IdRole.Span],
  ['requestid', IdRole.Request], ['reqid', IdRole.Request], ['xrequestid', IdRole.Request], ['correlationid', IdRole.Request],
  ['xcorrelationid', IdRole.Request], ['httprequestid', IdRole.Request],
  // Google Cloud Logging's structured-logging special fields (the key keeps its `/`)
  ['logginggoogleapiscom/trace', IdRole.Trace], ['logginggoogleapiscom/spanid', IdRole.Span],
  ['transactionid', IdRole.Transaction],
  ['traceparent', IdRole.Traceparent],
  ['traceflags', IdRole.Flags],
]);

const cache = new Map<string, IdRole>();

/** The correlation role of a key name (see the module table); IdRole.None for other keys. */
export function idRole(key: string): IdRole {
  let r = cache.get(key);
  if (r !== undefined) return r;
  let n = '';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 95 || c === 45 || c === 46) continue;
    n += c >= 65 && c <= 90 ? String.fromCharCode(c | 32) : key[i];
  }
  r = NORMALIZED.get(n) ?? IdRole.None;
  if (cache.size >= 4096) cache.clear();
  cache.set(key, r);
  return r;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})/;

/** Writes trace_id, span_id and attributes.trace_flags of a W3C traceparent; false when malformed. */
export function writeTraceparent(v: string, out: FieldWriter): boolean {
  const m = TRACEPARENT.exec(v);
  if (!m || m[1] === 'ff') return false;
  if (!out.has('trace_id')) out.str('trace_id', m[2]!);
  if (!out.has('span_id')) out.str('span_id', m[3]!);
  out.map('attributes', 'trace_flags', m[4]!);
  return true;
}

/** A trace id as given, or the ID of a Google Cloud trace resource name `projects/P/traces/ID`. */
function traceOf(v: string): string {
  if (v.charCodeAt(0) !== 112 /* p */ || !v.startsWith('projects/')) return v;
  const t = v.indexOf('/traces/');
  return t > 0 && t + 8 < v.length ? v.slice(t + 8) : v;
}

/**
 * Writes the id a key/value pair carries, per its role. Explicit keys win over transaction.id and
 * traceparent; a field already written is not overwritten by a nested one (`nested`). Returns
 * whether the pair was consumed.
 */
export function writeId(role: IdRole, v: string, out: FieldWriter, nested: boolean): boolean {
  if (v === '') return false;
  switch (role) {
    case IdRole.Trace:
      if (!nested || !out.has('trace_id')) out.str('trace_id', traceOf(v));
      return true;
    case IdRole.Span:
      if (!nested || !out.has('span_id')) out.str('span_id', v);
      return true;
    case IdRole.Request:
      if (!nested || !out.has('request_id')) out.str('request_id', v);
      return true;
    case IdRole.Transaction:
      if (!out.has('request_id')) out.str('request_id', v);
      out.map('attributes', 'transaction.id', v);
      return true;
    case IdRole.Traceparent:
      return writeTraceparent(v, out);
    case IdRole.Flags:
      out.map('attributes', 'trace_flags', v);
      return true;
  }
  return false;
}

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/**
 * Looks for correlation ids inside a nested object `o` reached under key `outer` (depth ≥ 1):
 * inner keys by their own name and by `outer + inner` (`dd` + `trace_id`, `trace` + `id`).
 * Writes only fields not yet set. Does not touch attributes other than trace_flags/transaction.id.
 */
export function findNestedIds(outer: string, o: Record<string, unknown>, out: FieldWriter, depth = 1): void {
  for (const k in o) {
    const v = o[k];
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') {
      if (!Array.isArray(v) && depth < 4) findNestedIds(k, v as Record<string, unknown>, out, depth + 1);
      continue;
    }
    let role = idRole(k);
    if (role === IdRole.None && (k === 'id' || k === 'trace_id' || k === 'span_id' || k === 'flags')) role = idRole(outer + k);
    if (role === IdRole.None) continue;
    const s = scalar(v);
    if (s !== undefined) writeId(role, s, out, true);
  }
}

const TEXT_ID =
  /\b(trace[_.-]?id|traceId|dd\.trace_id|span[_.-]?id|spanId|dd\.span_id|request[_.-]?id|requestId|req[_-]?id|reqId|x-request-id|correlation[_-]?id|correlationId|traceparent)["']?\s*[=:]\s*["']?([\w-]{6,})/gi;

const ID_GATE = /[iI][dD]["']?[=:]|traceparent[=:]/;

/**
 * Text lines (log4j `%X{trace_id}` / MDC patterns, logfmt-ish message tails, Spring Boot
 * `[traceId=…, spanId=…]`): `key=value` / `key: value` with the key names above. Only the first
 * line, only fields not yet set; a cheap substring gate runs first.
 */
export function scanTextIds(text: string, out: FieldWriter): void {
  let end = text.indexOf('\n');
  if (end < 0) end = text.length;
  if (end > 4096) end = 4096;
  const head = end === text.length ? text : text.slice(0, end);
  // gate: every key above ends in `id` (any case) or is `traceparent`, then `=` / `:` (maybe quoted)
  if (!ID_GATE.test(head)) return;
  TEXT_ID.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TEXT_ID.exec(head)) !== null) writeId(idRole(m[1]!), m[2]!, out, true);
}
