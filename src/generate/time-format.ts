/**
 * Timestamp renderings used by the simulated applications and container runtimes. All UTC.
 * Inputs are integer milliseconds since the epoch; runtime timestamps add nanoseconds within the
 * millisecond (0–999999) so they can carry dockerd/containerd's 9 fractional digits.
 *
 * Imports nothing internal.
 */

let cachedSecond = Number.NaN;
let cachedDate = '';
let cachedClock = '';

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

function pad3(n: number): string {
  return n < 10 ? '00' + n : n < 100 ? '0' + n : String(n);
}

/** Fills the per-second cache: `YYYY-MM-DD` and `HH:MM:SS` of the given instant. */
function parts(ms: number): void {
  const sec = Math.floor(ms / 1000);
  if (sec === cachedSecond) return;
  cachedSecond = sec;
  const d = new Date(sec * 1000);
  cachedDate = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  cachedClock = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

function milli(ms: number): number {
  return ((ms % 1000) + 1000) % 1000;
}

/** RFC 3339 with 9 fractional digits, as dockerd and containerd write: `2026-03-02T08:00:01.123456789Z`. */
export function isoNano(ms: number, nanosInMs: number): string {
  parts(ms);
  return `${cachedDate}T${cachedClock}.${pad3(milli(ms))}${String(nanosInMs).padStart(6, '0')}Z`;
}

/** RFC 3339 with milliseconds: `2026-03-02T08:00:01.123Z`. */
export function isoMillis(ms: number): string {
  parts(ms);
  return `${cachedDate}T${cachedClock}.${pad3(milli(ms))}Z`;
}

/** log4j `%d` (ISO8601 with comma), as Kafka's server.log: `2026-03-02 08:00:01,123`. */
export function log4jTs(ms: number): string {
  parts(ms);
  return `${cachedDate} ${cachedClock},${pad3(milli(ms))}`;
}

/** PostgreSQL `%m` with `log_timezone = 'UTC'`: `2026-03-02 08:00:01.123 UTC`. */
export function pgTs(ms: number): string {
  parts(ms);
  return `${cachedDate} ${cachedClock}.${pad3(milli(ms))} UTC`;
}

/** PostgreSQL `%t`-style seconds timestamp (used inside messages): `2026-03-02 08:00:01 UTC`. */
export function pgSeconds(ms: number): string {
  parts(ms);
  return `${cachedDate} ${cachedClock} UTC`;
}

/** Spark's log4j pattern `%d{yy/MM/dd HH:mm:ss}`: `26/03/02 08:00:01`. */
export function sparkTs(ms: number): string {
  parts(ms);
  return `${cachedDate.slice(2, 4)}/${cachedDate.slice(5, 7)}/${cachedDate.slice(8, 10)} ${cachedClock}`;
}

/** `HHMMSS` of the instant (Fluent Bit `%H%M%S` in an S3 key). */
export function hhmmss(ms: number): string {
  parts(ms);
  return cachedClock.replaceAll(':', '');
}

/** `YYYYMMDD-HHMMSS`, the suffix kubelet gives rotated container logs. */
export function rotationStamp(ms: number): string {
  parts(ms);
  return cachedDate.replaceAll('-', '') + '-' + cachedClock.replaceAll(':', '');
}

/** Seconds as zap's float epoch with microseconds: `1772438401.123456`. */
export function epochSecondsMicro(ms: number, micros: number): string {
  const s = Math.floor(ms / 1000);
  return `${s}.${pad3(milli(ms))}${pad3(micros)}`;
}
