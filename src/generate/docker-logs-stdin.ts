/**
 * `docker logs --timestamps <container>` output, as piped to loglake's stdin source: each
 * physical line prefixed with the runtime timestamp in RFC3339Nano with a fixed 9-digit fraction
 * (`2026-03-02T08:00:01.123456789Z <text>`), stdout and stderr interleaved.
 *
 * Imports the PRNG, the model, the layout output helpers and the formatters.
 */
import type { Rng } from './prng.js';
import type { AppEvent } from './model.js';
import { rawLine, RuntimeClock, type BadLine, type LogFile } from './layout-output.js';
import { isoNano } from './time-format.js';

/** Renders one container's events as a `docker logs --timestamps` file. */
export function dockerLogsTimestampsFile(path: string, service: string, events: AppEvent[], rng: Rng): { file: LogFile; bad: BadLine[] } {
  const clock = new RuntimeClock();
  const chunks: (string | Buffer)[] = [];
  const bad: BadLine[] = [];
  let lines = 0;
  for (const e of events) {
    if (e.raw) {
      bad.push({ path, line: lines + 1, count: 1, kind: e.raw.kind, reason: e.raw.reason });
      chunks.push(rawLine(e.raw));
      lines++;
      continue;
    }
    let ms = e.t + rng.int(0, 2);
    for (const line of e.lines) {
      const s = clock.stamp(ms, rng.int(1_000, 999_999));
      ms = s.ms;
      chunks.push(`${isoNano(s.ms, s.ns)} ${line}\n`);
      lines++;
    }
  }
  return { file: { path, layout: 'stdin', service, chunks, lines, events: events.length, gzip: false }, bad };
}
