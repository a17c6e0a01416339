/** `loglake profile` command. */
import { openWarehouse } from '../sql/lake.js';
import { profileLake } from './profile-lake.js';
import { renderProfile } from './render-profile.js';
import { formatFlag, parseCommandArgs, requireWarehouse, writeOut } from '../patterns/command-args.js';

/**
 * `profile --warehouse <dir> [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function profileCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandArgs('profile', argv, { warehouse: { type: 'string' }, format: { type: 'string' } });
  const warehouse = requireWarehouse('profile', values.warehouse);
  const format = formatFlag('profile', values.format);
  const { con, close } = await openWarehouse(warehouse);
  try {
    const r = await profileLake(con);
    await writeOut(out, format === 'json' ? JSON.stringify(r, null, 2) + '\n' : renderProfile(r));
  } finally {
    close();
  }
  return 0;
}
