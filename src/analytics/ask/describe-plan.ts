/** Renders a query plan back as a plain-English question (what the translator understood). */
import type { QueryPlan } from './query-plan.js';
import { RARE_BELOW } from './query-plan.js';

const DIM_WORDS: Record<string, string> = {
  service: 'service', severity: 'severity', component: 'component', broker: 'Kafka broker', topic: 'Kafka topic', partition: 'Kafka partition',
  consumer_group: 'consumer group', database: 'database', pg_user: 'database user', statement_kind: 'statement kind', spark_app: 'Spark application',
  spark_app_id: 'Spark application id', error_class: 'error class', event_type: 'event type', template: 'template', host: 'host', pod: 'pod',
  namespace: 'namespace', container: 'container', environment: 'environment', cluster: 'cluster', stream: 'stream',
};

function what(p: QueryPlan): string {
  const sev = p.condition.severities.join(',');
  const parts: string[] = [];
  if (sev === 'ERROR,FATAL' || sev === 'FATAL,ERROR') parts.push('errors');
  else if (sev === 'WARN') parts.push('warnings');
  else if (sev) parts.push(`${p.condition.severities.join(' or ')} logs`);
  if (p.condition.eventTypes.length > 0) parts.push(`${p.condition.eventTypes.join(' or ')} events`);
  return parts.join(' that are ') || 'log lines';
}

/** A one-line English rendering of the plan. */
export function describePlan(p: QueryPlan): string {
  let head: string;
  switch (p.measure) {
    case 'rate': head = `percentage of log lines that are ${what(p)}`; break;
    case 'slowest': head = p.groupBy.length > 0 ? 'slowest statement duration' : `the ${p.limit ?? 10} slowest statements`; break;
    case 'max_duration': head = 'maximum statement duration'; break;
    case 'avg_duration': head = 'average statement duration'; break;
    case 'min_duration': head = 'minimum statement duration'; break;
    case 'p95_duration': head = '95th percentile statement duration'; break;
    case 'median_duration': head = 'median statement duration'; break;
    case 'new_templates': head = 'templates first seen'; break;
    case 'rare_templates': head = `rare templates (seen fewer than ${RARE_BELOW} times)`; break;
    default: head = `number of ${what(p)}`;
  }
  if (p.limit !== undefined && p.groupBy.length > 0) head = `${p.order === 'asc' ? 'bottom' : 'top'} ${p.limit} by ${head}`;
  const bits = [head];
  if (p.groupBy.length > 0) bits.push('per ' + p.groupBy.map((d) => DIM_WORDS[d]).join(' and '));
  if (p.bucket) bits.push(`per ${p.bucket.n === 1 ? '' : p.bucket.n + ' '}${p.bucket.unit}${p.bucket.n === 1 ? '' : 's'}`);
  for (const f of p.filters) bits.push(`for ${DIM_WORDS[f.dimension]} ${f.values.join(' or ')}`);
  if (p.time) bits.push(p.measure === 'new_templates' ? `in ${p.time.label}` : p.time.label.startsWith('the last') || p.time.label.startsWith('this') ? `in ${p.time.label}` : p.time.label);
  return bits.join(' ');
}
