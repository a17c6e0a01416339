/** `loglake profile` command. */
import { profileLake } from './profile-lake.js';
import { renderProfile } from './render-profile.js';
import { formatFlag, parseCommandArgs, requireWarehouse, runOnLake } from '../patterns/command-args.js';

/**
 * `profile --warehouse <dir> [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function profileCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandArgs('profile', argv, { warehouse: { type: 'string' }, format: { type: 'string' } });
  const warehouse = requireWarehouse('profile', values.warehouse);
  const format = formatFlag('profile', values.format);
  return runOnLake(warehouse, out, format, (con) => profileLake(con), renderProfile);
}
