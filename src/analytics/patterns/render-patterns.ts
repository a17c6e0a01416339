/** Human rendering of a {@link PatternsResult}. */
import type { PatternRow, PatternsResult } from './mine-patterns.js';
import { humanSecs } from './sql-text.js';

function clip(s: string, n: number): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}

const ARROW: Record<PatternRow['trend'], string> = { new: 'new', up: '↑', down: '↓', flat: '→', gone: 'gone' };

/** Renders the patterns report as plain text (top templates with trend, then new ones). */
export function renderPatterns(r: PatternsResult): string {
  const out: string[] = [];
  const scope = [r.service ? `service ${r.service}` : 'all services', r.since ? `since ${r.since}` : '', r.until ? `until ${r.until}` : ''].filter(Boolean).join(', ');
  out.push(`${r.templates} templates over ${r.rows} rows (${scope}); trend = last ${humanSecs(r.window_secs)} vs the ${humanSecs(r.window_secs)} before.`);
  out.push(`Mined ${r.mining.newRows} new rows (${r.mining.distinctLines} distinct lines, ${r.mining.createdTemplates} new templates); table: ${r.templates_file}`);
  out.push('');
  out.push('Top templates');
  const w = Math.max(5, ...r.top.map((t) => String(t.count).length));
  for (const t of r.top) {
    const trend = `${ARROW[t.trend]} ${t.previous_window}→${t.last_window}`;
    out.push(`  ${String(t.count).padStart(w)}  ${trend.padEnd(14)} ${t.id}  [${clip(t.services.join(','), 24)}]  ${clip(t.text, 100)}`);
  }
  out.push('');
  if (r.new_in_window.length === 0) out.push(`No template first seen in the last ${humanSecs(r.window_secs)}.`);
  else {
    out.push(`New in the last ${humanSecs(r.window_secs)}`);
    for (const t of r.new_in_window) out.push(`  ${t.first_seen}  ${String(t.count).padStart(5)}  ${t.id}  [${t.services.join(',')}]  ${clip(t.text, 100)}`);
  }
  return out.join('\n') + '\n';
}
