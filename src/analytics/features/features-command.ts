/** `loglake features` command. */
import { openWarehouse } from '../sql/lake.js';
import { buildFeatures } from './build-features.js';
import { renderFeatures } from './render-features.js';
import { parseDurationSecs } from '../patterns/sql-text.js';
import { formatFlag, parseCommandArgs, requireWarehouse, writeOut } from '../patterns/command-args.js';

/**
 * `features --warehouse <dir> [--window 5m] [--rolling 1h] [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function featuresCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandArgs('features', argv, {
    warehouse: { type: 'string' }, window: { type: 'string' }, rolling: { type: 'string' }, format: { type: 'string' },
  });
  const warehouse = requireWarehouse('features', values.warehouse);
  const format = formatFlag('features', values.format);
  const window = values.window ?? '5m';
  parseDurationSecs(window);
  const rollingSecs = parseDurationSecs(values.rolling ?? '1h');
  const { con, close } = await openWarehouse(warehouse);
  try {
    const r = await buildFeatures(con, { warehouse, window, rollingSecs });
    await writeOut(out, format === 'json' ? JSON.stringify({ ...r, head: undefined }, null, 2) + '\n' : renderFeatures(r));
  } finally {
    close();
  }
  return 0;
}
