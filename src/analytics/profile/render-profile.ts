/** Human rendering of a {@link ProfileResult}. */
import type { ProfileResult } from './profile-lake.js';

const pct = (x: number): string => `${(x * 100).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;
/** A JSON-quoted example, at most 90 characters. */
function clipJson(s: string): string {
  const j = JSON.stringify(s);
  return j.length > 90 ? j.slice(0, 89) + '…' : j;
}

const secs = (x: number | null): string => (x === null ? '-' : Math.abs(x) < 10 ? x.toFixed(3) : x.toFixed(0));

/** Renders the profile: parse rates and skew per group, notable null rates, quarantine reasons. */
export function renderProfile(r: ProfileResult): string {
  const out: string[] = [];
  out.push(`${r.rows} rows; parsed by an application parser: ${pct(r.parse_success_rate)}; quarantined: ${r.quarantined_rows}`);
  out.push('');
  out.push('source_format          service        rows      parsed    skew p50 s  |skew| p99 s  mostly-null columns (>50%, of the usual ones)');
  // Columns that are null nearly everywhere (kafka_*, pg_*, spark_* outside their sources) are noise;
  // show per group the columns that are mostly null there but filled elsewhere.
  const usual = Object.entries(r.null_rate).filter(([, v]) => v < 0.5).map(([k]) => k);
  for (const g of r.groups) {
    const gaps = usual.filter((c) => (g.null_rate[c] ?? 0) > 0.5);
    out.push(`${g.source_format.padEnd(22)} ${g.service.padEnd(14)} ${String(g.rows).padStart(7)}  ${pct(g.parse_success_rate).padStart(8)}  ${secs(g.skew_p50_secs).padStart(10)}  ${secs(g.skew_abs_p99_secs).padStart(12)}  ${gaps.join(', ') || '-'}`);
  }
  out.push('');
  out.push('Null rate per column (whole lake):');
  const cols = Object.entries(r.null_rate).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  for (let i = 0; i < cols.length; i += 4) {
    out.push('  ' + cols.slice(i, i + 4).map(([k, v]) => `${k} ${pct(v)}`.padEnd(30)).join(''));
  }
  out.push('');
  if (r.quarantine.length === 0) out.push('Quarantine: empty.');
  else {
    out.push('Quarantine reasons:');
    for (const q of r.quarantine) out.push(`  ${String(q.rows).padStart(6)}  ${q.reason}${q.stage ? ` (${q.stage})` : ''}${q.example ? `  e.g. ${clipJson(q.example)}` : ''}`);
  }
  return out.join('\n') + '\n';
}
