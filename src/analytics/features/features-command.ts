/** `loglake features` command. */
import { buildFeatures } from './build-features.js';
import { renderFeatures } from './render-features.js';
import { parseDurationSecs } from '../patterns/sql-text.js';
import { formatFlag, parseCommandArgs, requireWarehouse, runOnLake, LAKE_FLAG_OPTIONS, lakeRef } from '../patterns/command-args.js';

/**
 * `features --warehouse <dir> [--window 5m] [--rolling 1h] [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function featuresCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandArgs('features', argv, { ...LAKE_FLAG_OPTIONS,
    warehouse: { type: 'string' }, window: { type: 'string' }, rolling: { type: 'string' }, format: { type: 'string' },
  });
  const warehouse = requireWarehouse('features', values.warehouse);
  const format = formatFlag('features', values.format);
  const window = values.window ?? '5m';
  parseDurationSecs(window);
  const rollingSecs = parseDurationSecs(values.rolling ?? '1h');
  return runOnLake(lakeRef('features', values), out, format, (con) => buildFeatures(con, { warehouse, window, rollingSecs }), renderFeatures, (r) => ({ ...r, head: undefined }));
}
