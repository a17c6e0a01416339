/**
 * The ground truth written beside a generated tree (`ground-truth.json`): the plan's incidents,
 * the deliberately bad lines, the services with their layouts, and counts of physical lines and
 * logical events per file, layout and service, computed from exactly what was written.
 *
 * Imports the plan and layout output types only.
 */
import type { ClusterPlan, ExpectedSignal, Incident } from './plan.js';
import type { BadLine, LayoutName, LogFile } from './layout-output.js';
import { PG_LOG_LINE_PREFIX } from './postgres-logs.js';

/** Version of the ground-truth document. */
export const GROUND_TRUTH_VERSION = 1;

/** How a service's logical events begin, by service kind (regular-expression sources). */
export const EVENT_START: Readonly<Record<string, string>> = {
  kafka: '^\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}\\] ',
  postgres: '^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} UTC \\[\\d+\\] (?:\\S+@\\S+ )?(?:LOG|ERROR|FATAL|WARNING|PANIC|NOTICE|INFO):  ',
  pino: '^(?:\\{|/app/)',
  zap: '^(?:\\{|\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} )',
  'spark-json': '^\\{',
  spark: '^',
};

/** A service of the synthetic cluster. */
export interface ServiceInfo {
  name: string;
  /** Application family: kafka, postgres, pino, zap, spark, spark-json. */
  kind: string;
  layout: LayoutName;
  format: string;
  container_id?: string;
  container_name?: string;
  image?: string;
  namespace?: string;
  pod?: string;
  container?: string;
  labels?: Record<string, string>;
  paths?: string[];
}

/** Physical lines, logical events, files and stored bytes. */
export interface Counts {
  files: number;
  lines: number;
  events: number;
  bytes: number;
}

/** The document written to ground-truth.json (times as RFC 3339 strings). */
export interface GroundTruth {
  version: number;
  seed: number;
  scale: 'small' | 'large';
  start: string;
  end: string;
  conventions: Record<string, unknown>;
  services: ServiceInfo[];
  spark_apps: { app_id: string; name: string; version: string; layout: LayoutName; start: string; end: string; pods: string[] }[];
  incidents: (Omit<Incident, 'start' | 'end' | 'expected_signals'> & { start: string; end: string; expected_signals: (Omit<ExpectedSignal, 'start' | 'end'> & { start?: string; end?: string })[] })[];
  bad_lines: BadLine[];
  counts: {
    total: Counts;
    layouts: Record<string, Counts>;
    services: Record<string, Counts & { layout: LayoutName }>;
    files: { path: string; layout: LayoutName; service: string; lines: number; events: number; bytes: number; gzip: boolean }[];
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function add(c: Counts, lines: number, events: number, bytes: number): void {
  c.files++;
  c.lines += lines;
  c.events += events;
  c.bytes += bytes;
}

/** Builds the ground-truth document from the plan and what was written. */
export function buildGroundTruth(input: {
  plan: ClusterPlan;
  files: { file: LogFile; bytes: number }[];
  bad: BadLine[];
  services: ServiceInfo[];
  sparkApps: { app_id: string; name: string; version: string; layout: LayoutName; start: number; end: number; pods: string[] }[];
}): GroundTruth {
  const { plan } = input;
  const zero = (): Counts => ({ files: 0, lines: 0, events: 0, bytes: 0 });
  const total = zero();
  const layouts: Record<string, Counts> = {};
  const services: Record<string, Counts & { layout: LayoutName }> = {};
  const files: GroundTruth['counts']['files'] = [];
  for (const { file, bytes } of [...input.files].sort((a, b) => (a.file.path < b.file.path ? -1 : 1))) {
    add(total, file.lines, file.events, bytes);
    add((layouts[file.layout] ??= zero()), file.lines, file.events, bytes);
    add((services[file.service] ??= { ...zero(), layout: file.layout }), file.lines, file.events, bytes);
    files.push({ path: file.path, layout: file.layout, service: file.service, lines: file.lines, events: file.events, bytes, gzip: file.gzip });
  }
  return {
    version: GROUND_TRUTH_VERSION,
    seed: plan.seed,
    scale: plan.scale,
    start: iso(plan.start),
    end: iso(plan.end),
    conventions: {
      lines: 'physical newline-terminated lines (runtime records) of a file after gunzip; Docker partial records and CRI P records count separately',
      events: 'logical events: one application write, i.e. a Java/Go/Node stack trace, a KafkaConfig dump, or a PostgreSQL message with its DETAIL/HINT/CONTEXT/STATEMENT and tab-continued lines counts once, and partial records of one line count once; each bad line counts as one event',
      event_start: EVENT_START,
      pg_log_line_prefix: PG_LOG_LINE_PREFIX,
      fluentbit: 'one record per logical event (stack traces already joined by Fluent Bit\'s multiline java filter)',
      times: 'RFC 3339 UTC; incident windows are [start, end)',
    },
    services: input.services,
    spark_apps: input.sparkApps.map((a) => ({ ...a, start: iso(a.start), end: iso(a.end) })),
    incidents: plan.incidents.map((i) => ({
      ...i,
      start: iso(i.start),
      end: iso(i.end),
      expected_signals: i.expected_signals.map((s) => ({ ...s, start: s.start === undefined ? undefined : iso(s.start), end: s.end === undefined ? undefined : iso(s.end) })),
    })),
    bad_lines: [...input.bad].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line)),
    counts: { total, layouts, services, files },
  };
}
