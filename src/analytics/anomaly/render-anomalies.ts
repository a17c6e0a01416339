/** Human rendering of an {@link AnomaliesResult}. */
import type { AnomaliesResult } from './detect-anomalies.js';
import { humanSecs } from '../patterns/sql-text.js';

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}

/** Renders anomalies, one block each: time, entity, kind, score, explanation, evidence, correlations. */
export function renderAnomalies(r: AnomaliesResult): string {
  const out: string[] = [];
  out.push(`${r.anomalies.length} anomal${r.anomalies.length === 1 ? 'y' : 'ies'} in ${r.entities.length} services/brokers over ${r.windows} windows of ${humanSecs(r.window_secs)}` +
    (r.start ? ` (${r.start} → ${r.end})` : '') + (r.table_file ? `; table: ${r.table_file}` : ''));
  for (const a of r.anomalies) {
    out.push('');
    out.push(`${a.window_start.slice(0, 16).replace('T', ' ')}–${a.window_end.slice(11, 16)}  ${a.entity}  ${a.kind}  score ${a.score}`);
    out.push(`  ${a.explanation}`);
    for (const t of a.evidence.templates.slice(0, 3)) out.push(`  template ${t.id} ×${t.count} (usually ${t.baseline}/window): ${clip(t.text, 100)}`);
    for (const s of a.evidence.sample_rows) out.push(`  row ${s.ts} ${s.severity ?? '-'} ${clip(s.message, 100)}  [${s.source_path}@${s.source_offset}]`);
    for (const c of a.correlated.slice(0, 3)) out.push(`  related: ${c.explanation}`);
    if (a.incident_id) out.push(`  incident ${a.incident_id} (root-cause rank ${a.root_cause_rank})`);
    if (a.benign_reason) out.push(`  benign: ${a.benign_reason}`);
  }
  const multi = (r.incidents ?? []).filter((i) => i.entities.length > 1);
  if (multi.length) {
    out.push('', `${multi.length} incident${multi.length === 1 ? '' : 's'} across services:`);
    for (const i of multi) out.push(`  ${i.start.slice(0, 16).replace('T', ' ')}–${i.end.slice(11, 16)}  ${i.incident_id}  ${i.ranking.map((c) => `${c.rank}. ${c.entity}`).join(', ')}`, `    ${i.explanation}`);
  }
  const benign = r.benign ?? [];
  if (benign.length) {
    out.push('', `${benign.length} benign (not alerted):`);
    for (const b of benign) out.push(`  ${b.window_start.slice(0, 16).replace('T', ' ')}–${b.window_end.slice(11, 16)}  ${b.entity}  ${b.kind}: ${b.benign_reason}`);
  }
  return out.join('\n') + '\n';
}
