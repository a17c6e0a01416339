/** Human rendering of a {@link FeaturesResult}. */
import { formatResult } from '../sql/lake.js';
import type { FeaturesResult } from './build-features.js';

/** Renders where the table went, its size and the windows with the highest error rate. */
export function renderFeatures(r: FeaturesResult): string {
  const head = { columns: ['service', 'window_start', 'rows', 'warn', 'error', 'fatal', 'error_rate', 'distinct_templates', 'new_templates', 'top_error_classes'], rows: [] as unknown[][] };
  const idx = head.columns.map((c) => r.head.columns.indexOf(c));
  head.rows = r.head.rows.map((row) => idx.map((i) => {
    const v = row[i];
    return typeof v === 'number' && !Number.isInteger(v) ? +v.toFixed(4) : v;
  }));
  return [
    `Wrote ${r.rows} feature rows (${r.services} services × ${r.window} windows) to ${r.file}`,
    `Columns: ${r.columns.join(', ')}`,
    '',
    'Windows with the highest error rate:',
    formatResult(head, 'table'),
  ].join('\n') + '\n';
}
