/**
 * Kafka fields of records logged by a Kafka logger outside the broker's own text layouts: JSON
 * lines (log4j2 JsonLayout / JsonTemplateLayout, logstash-logback-encoder, ECS) whose logger is
 * `org.apache.kafka.*` / `kafka.*`, and kafka-python's Python logging records (loggers
 * `kafka.coordinator`, `kafka.consumer.fetcher`, `kafka.conn` …). The message is read like a
 * broker line's (its leading `[Consumer clientId=…, groupId=G]` / `[Component …]` prefix, then the
 * message templates, kafka-fields.ts); a JSON record's own keys `groupId` / `group_id` /
 * `group.id`, `topic` and `partition` (MDC-style fields) win over the message. confluent-kafka
 * forwards librdkafka's logs to the Python logger it is given (any name) as `FAC [rdkafka#name]
 * message` (`logger.log(level, "%s [%s] %s", fac, name, message)`): librdkafka names a group
 * `Group "G"` and a partition `topic [3]` (its toppar format `%s [%d]`).
 */
import type { FieldWriter } from '../../core/fields.js';
import { matchedTopicPartition, writeKafkaFields } from './kafka-fields.js';

/** Whether `logger` names a Kafka logger: `kafka.*` (broker, kafka-python), `org.apache.kafka.*` (Java clients, Connect, Streams), `state.change.logger`. */
export function isKafkaLogger(logger: string): boolean {
  return logger.startsWith('kafka.') || logger.startsWith('org.apache.kafka.') || logger === 'state.change.logger';
}

/** Writes the Kafka fields of the message `message` (its first line) of a Kafka logger's record. */
export function writeKafkaLoggerFields(message: string, out: FieldWriter): void {
  const nl = message.indexOf('\n');
  const first = nl < 0 ? message : message.slice(0, nl);
  let component = '';
  let msg = first;
  if (first.charCodeAt(0) === 91 /* [ */) {
    const e = first.indexOf(']');
    if (e > 1) {
      component = first.slice(1, e);
      let p = e + 1;
      if (first.charCodeAt(p) === 58 /* : */) p++;
      while (first.charCodeAt(p) === 32) p++;
      msg = first.slice(p);
    }
  }
  writeKafkaFields(component, msg, out);
}

/** confluent-kafka's record message: `FAC [rdkafka#client-name] …` (librdkafka facility, client instance name). */
const RDKAFKA = /^[A-Z][A-Z0-9_]* \[rdkafka#[^\]\s]+\] /;
const RDKAFKA_GROUP = /\bGroup "([^"\s]+)"/;
const RDKAFKA_TOPPAR = /(?:^|[\s(,])([A-Za-z0-9._-]+) \[(\d+)\]/g;

/**
 * Kafka fields of a Python logging record (family python): kafka-python's loggers (`kafka.*`)
 * read like broker messages, confluent-kafka's forwarded librdkafka lines by librdkafka's notations.
 */
export function writeKafkaPythonFields(out: FieldWriter): void {
  const message = out.getStr('message');
  if (message === undefined) return;
  if (isKafkaLogger(out.getStr('component') ?? '')) writeKafkaLoggerFields(message, out);
  else if (message.charCodeAt(0) >= 65 && message.charCodeAt(0) <= 90 && RDKAFKA.test(message)) writeRdkafkaFields(message, out);
}

/** librdkafka's `Group "G"` and `topic [N]` (one partition only; several of one topic give the topic). */
function writeRdkafkaFields(message: string, out: FieldWriter): void {
  const nl = message.indexOf('\n');
  const first = nl < 0 ? message : message.slice(0, nl);
  const g = RDKAFKA_GROUP.exec(first);
  if (g) out.str('kafka_consumer_group', g[1]!);
  const tp = matchedTopicPartition(RDKAFKA_TOPPAR, first, 1, 2);
  if (tp === undefined || tp.topic === '') return;
  out.str('kafka_topic', tp.topic);
  if (tp.partition === tp.partition) out.int('kafka_partition', tp.partition);
}

const GROUP_KEYS = ['groupId', 'group_id', 'group.id', 'consumerGroup', 'consumer_group'] as const;

/** Kafka fields of a parsed JSON record whose logger is a Kafka one: from its message, then its own keys. */
export function writeKafkaJsonFields(o: Record<string, unknown>, out: FieldWriter): void {
  const message = out.getStr('message');
  if (message !== undefined) writeKafkaLoggerFields(message, out);
  for (const k of GROUP_KEYS) {
    const g = o[k];
    if (typeof g === 'string' && g !== '') {
      out.str('kafka_consumer_group', g);
      break;
    }
  }
  const t = o['topic'];
  if (typeof t === 'string' && t !== '') {
    out.str('kafka_topic', t);
    const p = o['partition'];
    const n = typeof p === 'number' ? p : typeof p === 'string' && /^\d{1,9}$/.test(p) ? Number(p) : NaN;
    if (Number.isInteger(n) && n >= 0 && n <= 2147483647) out.int('kafka_partition', n);
  }
}
