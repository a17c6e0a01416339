/** `loglake profile` command. */
import { profileLake } from './profile-lake.js';
import { renderProfile } from './render-profile.js';
import { formatFlag, parseCommandArgs, runOnLake, LAKE_FLAG_OPTIONS, lakeRef } from '../patterns/command-args.js';

/**
 * `profile --warehouse <dir> [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function profileCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandArgs('profile', argv, { ...LAKE_FLAG_OPTIONS, warehouse: { type: 'string' }, format: { type: 'string' } });
  const format = formatFlag('profile', values.format);
  return runOnLake(lakeRef('profile', values), out, format, (con) => profileLake(con), renderProfile);
}
