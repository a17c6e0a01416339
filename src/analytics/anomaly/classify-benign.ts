/**
 * Recognizes benign anomalies, pure over the window series:
 * - `deploy`: the anomaly starts within `deployGraceWindows` after a deploy or restart seen in the
 *   envelope (new container id, pod or image; see `DeployEvent`) and carries no errors: the new
 *   start-up lines, the short gap and the new INFO/WARN lines of a new version. Start-up lines
 *   alone are not taken as a deploy: an unplanned restart (a crashed broker) prints them too;
 * - `periodic`: the template behind it had episodes at a regular spacing before (an hourly or
 *   daily job), and this one continues the rhythm;
 * - `scheduled`: it is driven by a template whose episode starts within the first minute of an
 *   hour or half hour (when cron jobs run), as every earlier episode of it did, and it carries no
 *   errors; a first run (no earlier episode) must also be made of never-seen lines that are mostly
 *   WARN, and be alone: no other entity alerting within a window of it.
 * Error spikes and anomalies with ERROR/FATAL rows in their templates are never benign: a bad
 * deploy or a failing job is an incident.
 */
import type { Anomaly } from './assemble-anomalies.js';
import type { EntitySeries, TemplateSeries, WindowSeries } from './window-series.js';

/** Options of {@link classifyBenign}. */
export interface BenignOptions {
  /** Windows after a deploy in which its side effects are benign (default 6 = 30 min at 5 min). */
  deployGraceWindows?: number;
  /** ERROR/FATAL rows in the anomaly's templates that make it non-benign (default 3). */
  maxErrors?: number;
  /** Seconds after a full hour / half hour that count as "on schedule" (default 60). */
  scheduleSlackSecs?: number;
}

/**
 * Why an anomaly is benign, or undefined.
 * @param others all anomalies of the run (a job's first run must be alone among them)
 */
export function benignReason(s: WindowSeries, e: EntitySeries, a: Anomaly, opts: BenignOptions = {}, others?: readonly Anomaly[]): string | undefined {
  if (a.kind === 'error_spike') return undefined;
  const w0 = Math.round((Date.parse(a.window_start) - s.start) / (s.windowSecs * 1000));
  const w1 = Math.round((Date.parse(a.window_end) - s.start) / (s.windowSecs * 1000)) - 1;
  const ts = templatesOf(e, a);
  if (errorsIn(s, e, a) >= (opts.maxErrors ?? 3)) return undefined;
  const grace = opts.deployGraceWindows ?? 6;
  const d = (e.deploys ?? []).filter((x) => w0 >= x.w - 1 && w0 <= x.w + grace).pop();
  if (d) return `deploy: ${d.what} at ${new Date(d.t).toISOString().slice(11, 19)} UTC`;
  const driver = driverTemplate(a.kind === 'template_burst' || a.kind === 'new_template' ? ts : e.templates, w0);
  if (!driver) return undefined;
  const es = episodeStart(driver, w0);
  if (es < 0) return undefined;
  const period = periodOf(driver, es);
  if (period > 0) return `periodic: '${clip(driver.text)}' recurs every ${human(period * s.windowSecs)}`;
  // A job before its rhythm can be seen: the episode starts within the first minute of an hour or
  // half hour, and so did every earlier episode of the template (none, for a job's first run). A
  // template that was logged at other times and now bursts at a round time is no job.
  const slack = (opts.scheduleSlackSecs ?? 60) * 1000;
  const starts = episodeStarts(driver, es);
  const onTime = (w: number): boolean => {
    const on = driver.onset?.[w];
    return on !== undefined && Number.isFinite(on) && on % 1_800_000 < slack;
  };
  // A first run has no rhythm to go by: it must also be alone (no other entity alerting around
  // it), since an incident can start on the hour too, and incidents spread.
  // Its lines must be new and mostly warnings (what jobs print when something is off but not
  // failing); INFO-only novelty on the hour is as likely an incident's first sign.
  let before = 0;
  for (let i = 0; i < es; i++) before += driver.counts[i] as number;
  let rows = 0;
  let warns = 0;
  for (let w = es; w <= w1; w++) {
    rows += driver.counts[w] as number;
    warns += driver.warns[w] as number;
  }
  const firstRun = starts.length === 0 && before === 0 && warns >= 0.5 * rows && !(others ?? []).some((o) => o.entity !== a.entity
    && Date.parse(o.window_start) <= Date.parse(a.window_end) + s.windowSecs * 1000
    && Date.parse(o.window_end) >= Date.parse(a.window_start) - s.windowSecs * 1000);
  if ((starts.length > 0 || firstRun) && onTime(es) && starts.every(onTime)) {
    const onset = driver.onset![es] as number;
    return `scheduled: '${clip(driver.text)}' started at ${new Date(onset).toISOString().slice(11, 19)} UTC, on the ${new Date(onset).getUTCMinutes() === 0 ? 'hour' : 'half hour'}` +
      (starts.length ? ` (as its ${starts.length} earlier run${starts.length === 1 ? '' : 's'})` : ' (first run)');
  }
  return undefined;
}

function templatesOf(e: EntitySeries, a: Anomaly): TemplateSeries[] {
  return a.evidence.templates.map((x) => e.templates.find((t) => t.id === x.id)).filter((t): t is TemplateSeries => t !== undefined);
}

/** ERROR/FATAL rows of the anomaly's evidence templates in its windows. */
function errorsIn(s: WindowSeries, e: EntitySeries, a: Anomaly): number {
  const w0 = Math.round((Date.parse(a.window_start) - s.start) / (s.windowSecs * 1000));
  const w1 = Math.round((Date.parse(a.window_end) - s.start) / (s.windowSecs * 1000)) - 1;
  let errors = 0;
  for (const t of templatesOf(e, a)) for (let w = w0; w <= w1; w++) errors += t.errors[w] as number;
  return errors;
}

/** The template that rose most in window w against its trailing 24 windows. */
function driverTemplate(candidates: readonly TemplateSeries[], w: number): TemplateSeries | undefined {
  let best: TemplateSeries | undefined;
  let bestRise = 0;
  for (const t of candidates) {
    const c = t.counts[w] as number;
    if (c === 0) continue;
    const hist: number[] = [];
    for (let i = Math.max(0, w - 24); i < w; i++) hist.push(t.counts[i] as number);
    hist.sort((x, y) => x - y);
    const med = hist.length ? (hist[hist.length >> 1] as number) : 0;
    const rise = c - med;
    if (rise > bestRise) {
      bestRise = rise;
      best = t;
    }
  }
  return best;
}

/**
 * First window of the episode of `t` that contains w: walking back (at most 12 windows) while the
 * window before is still busy (over a quarter of the level at w). -1 when the template was
 * already busy 12 windows before (no clear start).
 */
export function episodeStart(t: TemplateSeries, w: number): number {
  const level = Math.max(1, 0.25 * (t.counts[w] as number));
  let i = w;
  while (i > 0 && (t.counts[i - 1] as number) > level) {
    i--;
    if (w - i > 12) return -1;
  }
  return i;
}

/**
 * Regular spacing of a template's episodes before window w ({@link episodeStarts}): the period
 * (windows) when the last two earlier episodes are equally spaced and w continues the rhythm (±1
 * window); else 0. Two earlier episodes are the least evidence of a rhythm.
 */
export function periodOf(t: TemplateSeries, w: number): number {
  const starts = episodeStarts(t, w);
  if (starts.length < 2) return 0;
  const a = starts[starts.length - 2] as number;
  const b = starts[starts.length - 1] as number;
  const p = b - a;
  if (p < 2) return 0;
  return Math.abs(w - b - p) <= 1 ? p : 0;
}

/**
 * Earlier episode starts of a template before window w: windows where it rises above its quiet
 * level (twice its median before w, plus one) and to at least a fifth of its count at w.
 */
export function episodeStarts(t: TemplateSeries, w: number): number[] {
  const hist = Array.from(t.counts.subarray(0, w)).sort((x, y) => x - y);
  const quiet = hist.length ? 2 * (hist[hist.length >> 1] as number) + 1 : 1;
  const level = Math.max(quiet, 0.2 * (t.counts[w] as number));
  const starts: number[] = [];
  for (let i = 0; i < w; i++) {
    if ((t.counts[i] as number) >= level && (i === 0 || (t.counts[i - 1] as number) < level)) starts.push(i);
  }
  // the episode containing w is not an earlier one
  while (starts.length && w - (starts[starts.length - 1] as number) <= 1 && (t.counts[w - 1] as number) >= level) starts.pop();
  return starts;
}

function clip(s: string, n = 60): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}

function human(secs: number): string {
  if (secs % 86400 === 0) return `${secs / 86400} d`;
  if (secs % 3600 === 0) return `${secs / 3600} h`;
  return `${Math.round(secs / 60)} min`;
}

/**
 * Splits anomalies into alerts and benign ones (which get `benign_reason`).
 * @returns `{alerts, benign}`, both in input order
 */
export function classifyBenign(s: WindowSeries, anomalies: readonly Anomaly[], opts: BenignOptions = {}): { alerts: Anomaly[]; benign: Anomaly[] } {
  const byKey = new Map(s.entities.map((e) => [e.key, e]));
  const reasons = anomalies.map((a) => {
    const e = byKey.get(a.entity);
    return e ? benignReason(s, e, a, opts, anomalies) : undefined;
  });
  // One episode (a job run, a deploy) usually trips several detectors on the same unit; those
  // without errors that start within the span of a benign one (±1 window) share its reason.
  const pad = s.windowSecs * 1000;
  anomalies.forEach((a, i) => {
    if (reasons[i] || a.kind === 'error_spike' || a.kind === 'silence') return;
    const e = byKey.get(a.entity);
    if (!e || errorsIn(s, e, a) >= (opts.maxErrors ?? 3)) return;
    const st = Date.parse(a.window_start);
    const j = anomalies.findIndex((b, k) => reasons[k] !== undefined && b.entity === a.entity
      && st >= Date.parse(b.window_start) - pad && st <= Date.parse(b.window_end) + pad);
    if (j >= 0) reasons[i] = `${reasons[j]} (same episode)`;
  });
  const alerts: Anomaly[] = [];
  const benign: Anomaly[] = [];
  anomalies.forEach((a, i) => {
    const why = reasons[i];
    if (why) benign.push({ ...a, benign_reason: why });
    else alerts.push(a);
  });
  return { alerts, benign };
}
