/** `loglake anomalies` command: flags → {@link detectAnomalies} → text or JSON. */
import { UsageError } from '../../core/errors.js';
import { detectAnomalies, type AnomalyOptions } from './detect-anomalies.js';
import { renderAnomalies } from './render-anomalies.js';
import type { AnomalyKind } from './detectors.js';
import { parseDurationSecs, parseTimeBound } from '../patterns/sql-text.js';
import { formatFlag, intFlag, lakeTarget, LAKE_FLAGS, parseCommandArgs, runOnLake } from '../patterns/command-args.js';

const KINDS: readonly AnomalyKind[] = ['volume_spike', 'error_spike', 'silence', 'new_template', 'template_burst', 'sequence'];

/**
 * `anomalies --warehouse <dir> [--window 5m] [--service s] [--since t] [--until t]
 * [--kind k]... [--season 1d|off] [--no-sequence] [--no-split-brokers] [--samples 3] [--no-write]
 * [--include-benign] [--state file] [--format text|json]`
 * @returns exit code 0
 * @throws UsageError on bad flags
 */
export async function anomaliesCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values } = parseCommandArgs('anomalies', argv, {
    warehouse: { type: 'string' }, window: { type: 'string' }, service: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' },
    kind: { type: 'string', multiple: true }, season: { type: 'string' }, 'no-sequence': { type: 'boolean' }, 'no-split-brokers': { type: 'boolean' },
    samples: { type: 'string' }, 'no-write': { type: 'boolean' }, 'include-benign': { type: 'boolean' }, state: { type: 'string' }, format: { type: 'string' }, ...LAKE_FLAGS,
  });
  const target = lakeTarget('anomalies', values);
  const format = formatFlag('anomalies', values.format);
  const windowSecs = parseDurationSecs(values.window ?? '5m');
  for (const k of values.kind ?? []) if (!KINDS.includes(k as AnomalyKind)) throw new UsageError(`anomalies: unknown --kind ${k} (one of ${KINDS.join(', ')})`);
  const config: NonNullable<AnomalyOptions['config']> = {};
  if (values.season) config.seasonPeriodWindows = values.season === 'off' ? 0 : Math.round(parseDurationSecs(values.season) / windowSecs);
  if (values['no-sequence']) config.sequence = false;
  const opts: Omit<AnomalyOptions, 'warehouse'> = {
    windowSecs, config,
    samples: intFlag('anomalies', 'samples', values.samples, 3),
    write: !values['no-write'],
    includeBenign: values['include-benign'] === true,
    splitBrokers: !values['no-split-brokers'],
    ...(values.kind ? { kinds: values.kind as AnomalyKind[] } : {}),
    ...(values.service ? { service: values.service } : {}),
    ...(values.since ? { since: parseTimeBound(values.since) } : {}),
    ...(values.until ? { until: parseTimeBound(values.until) } : {}),
  };
  return runOnLake(target, out, format, (con, place) => detectAnomalies(con, { ...opts, ...place, ...(values.state ? { statePath: values.state } : {}) }), renderAnomalies);
}
