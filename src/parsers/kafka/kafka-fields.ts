/**
 * Kafka-specific fields found in a broker/client log message and its `[component]` prefix:
 * broker_id, kafka_topic + kafka_partition, kafka_consumer_group, kafka_request_type,
 * kafka_correlation_id. Each regex runs only after a cheap `indexOf` of its keyword.
 */
import type { FieldWriter } from '../../core/fields.js';
import { ownCopy } from '../shared/own-copy.js';

const BROKER_IN_COMPONENT =
  /(?:\b(?:brokerId|replicaId|[Bb]roker|id)[= ]|(?:Controller|Coordinator|Manager)[= ]|\bon [Bb]roker )(\d+)\b/;
const BROKER_IN_MESSAGE = /\b(?:brokerId|broker\.id)[=:]\s?(\d+)\b/;
const TOPIC_EQ_PARTITION = /\btopic=([\w.-]+), partition=(\d+)/;
const PARTITION_WORD = /[Pp]artitions?[ =:(\[]+(?:Set\(|List\(|\[)*([A-Za-z0-9._-]+)-(\d+)\b/;
const TOPIC_PARTITION_ANY = /(?:^|[\s(\[,])([A-Za-z_][A-Za-z0-9._-]*)-(\d+)(?=[\s,)\]]|$)/;
const TOPIC_WORD = /\b[Tt]opics? ([A-Za-z0-9._-]+)/;
const GROUP = /\bgroup(?:Id|\.id)?[= ]([^\s,\])]+)/;
const API_KEY = /\bapiKey=([A-Z_]+)/;
const REQUEST_WORD =
  /\b(Produce|Fetch|ListOffsets|Metadata|LeaderAndIsr|StopReplica|UpdateMetadata|ControlledShutdown|OffsetCommit|OffsetFetch|FindCoordinator|JoinGroup|Heartbeat|LeaveGroup|SyncGroup|DescribeGroups|ListGroups|SaslHandshake|ApiVersions|CreateTopics|DeleteTopics|DeleteRecords|InitProducerId|OffsetForLeaderEpoch|AddPartitionsToTxn|AddOffsetsToTxn|EndTxn|WriteTxnMarkers|TxnOffsetCommit|DescribeConfigs|AlterConfigs|AlterPartition|Vote|FetchSnapshot|BrokerRegistration|BrokerHeartbeat|ConsumerGroupHeartbeat)(?:Request\b| request\b)/;
const REQUEST_LOWER = /\b(fetch|produce|metadata|heartbeat) request\b/;
const CORRELATION = /\bcorrelation ?[Ii]d[=: ]+(-?\d+)/;

const GROUP_STOP = new Set(['metadata', 'coordinator', 'membership', 'with', 'is', 'of', 'for', 'in', 'the', 'and', 'to', 'state', 'id', 'leader', 'generation']);

/** Maps an ApiKeys enum name (FETCH, JOIN_GROUP) to its request name (Fetch, JoinGroup). */
export function apiKeyToRequestType(apiKey: string): string {
  let out = '';
  let up = true;
  for (let i = 0; i < apiKey.length; i++) {
    const ch = apiKey[i]!;
    if (ch === '_') {
      up = true;
      continue;
    }
    out += up ? ch : ch.toLowerCase();
    up = false;
  }
  return out;
}

/** What the `[component]` text alone yields (cached per distinct component text). */
interface ComponentFields {
  /** broker_id from the component, NaN when none. */
  broker: number;
  /** kafka_topic from the component, '' when none. */
  topic: string;
  /** kafka_partition from the component, NaN when none. */
  partition: number;
}

const components = new Map<string, ComponentFields>();
const MAX_COMPONENTS = 4096;

function componentFields(component: string): ComponentFields {
  let f = components.get(component);
  if (f !== undefined) return f;
  const b = BROKER_IN_COMPONENT.exec(component);
  f = { broker: b ? Number(b[1]) : NaN, topic: '', partition: NaN };
  if (topicPartitionOf(component)) {
    f.topic = tp.topic;
    f.partition = tp.partition;
  }
  if (components.size >= MAX_COMPONENTS) components.clear();
  components.set(ownCopy(component), f);
  return f;
}

/**
 * Writes Kafka fields found in `component` (text of the leading `[...]`, may be '') and `msg`
 * (first line of the message). Writes only what it finds.
 */
export function writeKafkaFields(component: string, msg: string, out: FieldWriter): void {
  const cf = component.length > 0 ? componentFields(component) : undefined;
  let broker = false;
  if (cf !== undefined && cf.broker === cf.broker) {
    out.int('broker_id', cf.broker);
    broker = true;
  }
  if (!broker && msg.indexOf('roker') >= 0 && !out.has('broker_id')) {
    const b = BROKER_IN_MESSAGE.exec(msg);
    if (b) out.int('broker_id', Number(b[1]));
  }
  // topic / partition: component first ("Partition test-3 broker=10", "Log partition=foo-0")
  if (cf !== undefined && cf.topic !== '') {
    out.str('kafka_topic', cf.topic);
    if (cf.partition === cf.partition) out.int('kafka_partition', cf.partition);
  } else if (topicPartitionOf(msg)) {
    out.str('kafka_topic', tp.topic);
    if (tp.partition === tp.partition) out.int('kafka_partition', tp.partition);
  }
  if (msg.indexOf('roup') >= 0 || component.indexOf('roup') >= 0) {
    const g = GROUP.exec(msg) ?? GROUP.exec(component);
    if (g && !GROUP_STOP.has(g[1]!)) out.str('kafka_consumer_group', stripQuotes(g[1]!));
  }
  if (msg.indexOf('equest') >= 0 || msg.indexOf('apiKey') >= 0) {
    const a = API_KEY.exec(msg);
    if (a) out.str('kafka_request_type', apiKeyToRequestType(a[1]!));
    else {
      const r = REQUEST_WORD.exec(msg);
      if (r) out.str('kafka_request_type', r[1]!);
      else {
        const l = REQUEST_LOWER.exec(msg);
        if (l) out.str('kafka_request_type', l[1]![0]!.toUpperCase() + l[1]!.slice(1));
      }
    }
  }
  if (msg.indexOf('orrelation') >= 0) {
    const c = CORRELATION.exec(msg);
    if (c) out.int('kafka_correlation_id', Number(c[1]));
  }
}

function stripQuotes(s: string): string {
  const c = s.charCodeAt(0);
  if ((c === 39 || c === 34) && s.length > 1 && s.charCodeAt(s.length - 1) === c) return s.slice(1, -1);
  return s;
}

/** Result of the last successful topicPartitionOf: topic, and partition (NaN when only a topic). */
const tp = { topic: '', partition: NaN };

/** Finds a topic (and partition) in `s`; fills `tp` and returns true when found. */
function topicPartitionOf(s: string): boolean {
  if (s.length === 0) return false;
  if (s.indexOf('topic=') >= 0) {
    const m = TOPIC_EQ_PARTITION.exec(s);
    if (m) {
      tp.topic = m[1]!;
      tp.partition = Number(m[2]);
      return true;
    }
  }
  const a = s.indexOf('artition');
  if (a >= 0) {
    const m = PARTITION_WORD.exec(s);
    if (m) {
      tp.topic = m[1]!;
      tp.partition = Number(m[2]);
      return true;
    }
    const any = TOPIC_PARTITION_ANY.exec(s.slice(a));
    if (any) {
      tp.topic = any[1]!;
      tp.partition = Number(any[2]);
      return true;
    }
  }
  if (s.indexOf('opic') >= 0) {
    const t = TOPIC_WORD.exec(s);
    if (t && t[1] !== 'partition' && t[1] !== 'metadata') {
      tp.topic = t[1]!;
      tp.partition = NaN;
      return true;
    }
  }
  return false;
}
