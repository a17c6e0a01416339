/** Human-readable run summary. */
import type { RunSummary, Counts } from '../pipeline/ingest.js';
import { formatCount as n } from '../core/format-count.js';

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string => '  ' + r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  return [fmt(head), ...rows.map(fmt)].join('\n');
}

/** Rows a summary table or list shows; the rest is one "… N more" line (`--json` has them all). */
export const SUMMARY_ROWS = 20;

/** The first {@link SUMMARY_ROWS} rows of `rows` as a table, then "… N more <what>" when some were left out. */
function cappedTable(head: string[], rows: string[][], what: string): string {
  const shown = table(head, rows.slice(0, SUMMARY_ROWS));
  return rows.length > SUMMARY_ROWS ? `${shown}\n  … ${n(rows.length - SUMMARY_ROWS)} more ${what} (ingest --json lists them all)` : shown;
}

/** At most {@link SUMMARY_ROWS} quoted names, then "and N more". */
function cappedNames(names: string[]): string {
  const shown = names.slice(0, SUMMARY_ROWS).map((x) => `'${x}'`).join(', ');
  return names.length > SUMMARY_ROWS ? `[${shown}, … ${n(names.length - SUMMARY_ROWS)} more]` : `[${shown}]`;
}

/** Renders the summary of one ingest run (long tables and lists capped at {@link SUMMARY_ROWS} rows). */
export function renderSummary(s: RunSummary): string {
  const t = s.totals;
  const secs = s.duration_ms / 1000;
  const row = (k: string, c: Counts): string[] => [k, n(c.lines), n(c.rows), n(c.merged), n(c.quarantined)];
  const out = [
    `loglake ingest ${s.run_id} → ${s.warehouse}`,
    `  ${n(s.files_read)} sources read (${n(s.files_seen)} seen, ${n(s.files_skipped_unchanged)} unchanged), ${(t.bytes / 1048576).toFixed(1)} MiB in ${secs.toFixed(2)} s` +
      (secs > 0 ? ` (${n(Math.round(t.lines / secs))} lines/s, ${(t.bytes / 1048576 / secs).toFixed(1)} MiB/s)` : ''),
    `  lines read ${n(t.lines)} = rows written ${n(t.rows)} + merged into multi-line ${n(t.merged)} + quarantined ${n(t.quarantined)}` +
      (t.blank ? ` + blank ${n(t.blank)}` : '') + (s.balanced ? '  ✓' : '  ✗ UNBALANCED'),
    `  ${n(s.files_written)} files written (${(s.bytes_written / 1048576).toFixed(2)} MiB), ${n(s.commits)} commit(s)` +
      (s.recovered_orphans ? `, ${n(s.recovered_orphans)} leftover file(s) of a crashed run removed` : '') +
      (s.held_back_bytes ? `, ${n(s.held_back_bytes)} bytes of unterminated lines left for the next run` : '') +
      (s.oversize_splits ? `, ${n(s.oversize_splits)} over-long merged line(s) split` : ''),
  ];
  const fmts = Object.entries(s.by_format);
  if (fmts.length) out.push('', '  by source format', cappedTable(['format', 'lines', 'rows', 'merged', 'quarantined'], fmts.map(([k, c]) => row(k, c)), 'formats'));
  const svcs = Object.entries(s.by_service).sort((a, b) => b[1].rows - a[1].rows);
  if (svcs.length) out.push('', svcs.length > SUMMARY_ROWS ? `  by service (top ${SUMMARY_ROWS} of ${n(svcs.length)})` : '  by service', cappedTable(['service', 'rows'], svcs.map(([k, v]) => [k, n(v.rows)]), 'services'));
  if (s.spark_apps.length) {
    const ok = s.spark_apps.filter((a) => a.status === 'SUCCESS');
    const bad = s.spark_apps.filter((a) => a.status === 'FAILED');
    out.push('', '🎯 Processing Summary:',
      `  📊 Total records processed: ${n(s.spark_apps.reduce((k, a) => k + a.records_processed, 0))}`,
      `  ✅ Successful folders: ${ok.length}`,
      `  ❌ Failed folders: ${bad.length}`);
    if (ok.length) out.push(`  ✅ Successfully processed: ${cappedNames(ok.map((a) => a.spark_app_selector))}`);
    if (bad.length) out.push(`  ❌ Failed: ${cappedNames(bad.map((a) => a.spark_app_selector))}`);
  }
  if (s.source_errors.length) {
    out.push('', '  sources that could not be read to the end (what was read is committed; the next run retries):');
    for (const e of s.source_errors.slice(0, SUMMARY_ROWS)) out.push(`    ${e.path}: ${e.error}`);
    if (s.source_errors.length > SUMMARY_ROWS) out.push(`    … ${n(s.source_errors.length - SUMMARY_ROWS)} more (ingest --json lists them all)`);
  }
  if (s.refused_links?.length) {
    out.push('', `  symlinks not followed (target outside the inputs and runtime log roots, or a system path; --follow-any-symlink to read them): ${n(s.refused_links.length)}`);
    for (const r of s.refused_links.slice(0, 10)) out.push(`    ${r.path} -> ${r.target} (${r.reason})`);
    if (s.refused_links.length > 10) out.push(`    … and ${n(s.refused_links.length - 10)} more (see the quarantine view)`);
  }
  const reasons = Object.entries(s.quarantine_reasons);
  reasons.sort((a, b) => b[1] - a[1]);
  if (reasons.length) out.push('', '  quarantined (see the quarantine view)', cappedTable(['reason', 'lines'], reasons.map(([k, v]) => [k, n(v)]), 'reasons'));
  return out.join('\n');
}
