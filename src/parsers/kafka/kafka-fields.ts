/**
 * Kafka-specific fields found in a broker/client log message and its `[component]` prefix:
 * broker_id, kafka_topic + kafka_partition, kafka_consumer_group, kafka_request_type,
 * kafka_correlation_id. Each regex runs only after a cheap `indexOf` of its keyword.
 *
 * Request logger (`kafka.request.logger`, RequestChannel): `Completed request:RequestHeader(apiKey=FETCH,
 * apiVersion=…, clientId=…, correlationId=…) -- {body},response:…` (Kafka 2.x–2.7 text), the JSON
 * `Completed request:{"isForwarded":…,"requestHeader":{"requestApiKey":1,…,"correlationId":…,
 * "clientId":…,"requestApiKeyName":"FETCH"},"request":{…},"response":{…},…}` (Kafka ≥ 2.8,
 * RequestConvertToJson) and `{api_key=1,…}` (0.10/0.11): the api key (name or number, API_KEY_NAMES)
 * → kafka_request_type, the first topic/partition of the request body → kafka_topic/kafka_partition.
 */
import type { FieldWriter } from '../../core/fields.js';
import { ownCopy } from '../shared/own-copy.js';

const BROKER_IN_COMPONENT =
  /(?:\b(?:brokerId|replicaId|nodeId|[Bb]roker|id)[= ]|(?:Controller|Coordinator|Manager)[= ]|\bon [Bb]roker |\bKafkaApi-)(\d+)\b/;
const BROKER_IN_MESSAGE = /\b(?:brokerId|broker\.id)[=:]\s?(\d+)\b/;
const TOPIC_EQ_PARTITION = /\btopic=([\w.-]+), partition=(\d+)/;
const PARTITION_WORD = /[Pp]artitions?[ =:(\[]+(?:Set\(|List\(|Map\(|HashSet\(|HashMap\(|\[)*([A-Za-z0-9._-]+)-(\d+)\b/;
/** Kafka's internal topics (`__consumer_offsets-34` in group coordinator messages) wherever they appear. */
const INTERNAL_TP = /\b(__consumer_offsets|__transaction_state|__cluster_metadata|__share_group_state)-(\d+)\b/;
/** ReplicaManager / Partition state messages: `Leader topic-3 with topic id …`, `Follower topic-3 starts at …`. */
const LEADER_FOLLOWER_TP = /\b(?:Leader|Follower) ([A-Za-z0-9._]+(?:-[A-Za-z0-9._]+)*?)-(\d+) (?:with|starts|has|is)\b/;
/** The request logger's JSON form (Kafka ≥ 2.8, RequestConvertToJson): header and request body. */
const JSON_API_KEY_NAME = /"requestApiKeyName":"([A-Z_]+)"/;
const JSON_API_KEY = /"requestApiKey":(\d+)/;
const REQUEST_BODY_TOPIC = /"(?:topic|name|topicName)":"([A-Za-z0-9._-]+)"|\btopic='?([A-Za-z0-9._-]+)|\bname='([A-Za-z0-9._-]+)'/;
const REQUEST_BODY_PARTITION = /"(?:partition|partitionIndex|index)":(\d+)|\b(?:partition|partitionIndex|index)=(\d+)/;
const TOPIC_PARTITION_ANY = /(?:^|[\s(\[,])([A-Za-z_][A-Za-z0-9._-]*)-(\d+)(?=[\s,)\]]|$)/;
const TOPIC_WORD = /\b[Tt]opics? ([A-Za-z0-9._-]+)/;
const GROUP = /\bgroup(?:Id|\.id)?[= ]([^\s,\])]+)/;
/**
 * Group ids in coordinator and client messages, leftmost first (apache/kafka GroupCoordinator.scala,
 * GroupMetadataManager.scala, group-coordinator GroupMetadataManager.java, AbstractCoordinator.java):
 * `Unloading group metadata for G with generation N`, `Group G with generation N is now empty`,
 * `Group G is dead, …`, `Group G removed dynamic members …`, `Group G transitioned to Dead …`, and
 * `group G` / `groupId=G` / `group.id=G` (`Preparing to rebalance group G`, `Stabilized group G
 * generation N`, `Member M in group G has failed`, `joins group G in Empty state`, `GroupMetadata(groupId=G, …)`).
 */
const GROUP_IN_MESSAGE =
  /\bgroup metadata for ([^\s,\])]+)|^Group ([^\s,\])]+) (?:with|is|removed|transitioned)\b|\bgroup(?:Id|\.id)?[= ]([^\s,\])]+)/g;
/** `RequestHeader(apiKey=FETCH, …)` (Kafka 2.x–3.x toString), `{api_key=1,…}` (0.10/0.11 Struct), `api=FETCH` (KafkaApis errors). */
const API_KEY = /\b(?:apiKey|api_key|api)=([A-Z][A-Z_]+)\b|\bapi_key=(\d+)\b/;
const REQUEST_WORD =
  /\b(Produce|Fetch|ListOffsets|Metadata|LeaderAndIsr|StopReplica|UpdateMetadata|ControlledShutdown|OffsetCommit|OffsetFetch|FindCoordinator|JoinGroup|Heartbeat|LeaveGroup|SyncGroup|DescribeGroups|ListGroups|SaslHandshake|ApiVersions|CreateTopics|DeleteTopics|DeleteRecords|InitProducerId|OffsetForLeaderEpoch|AddPartitionsToTxn|AddOffsetsToTxn|EndTxn|WriteTxnMarkers|TxnOffsetCommit|DescribeConfigs|AlterConfigs|AlterPartition|Vote|FetchSnapshot|BrokerRegistration|BrokerHeartbeat|ConsumerGroupHeartbeat)(?:Request\b| request\b)/;
const REQUEST_LOWER = /\b(fetch|produce|metadata|heartbeat) request\b/;
/**
 * Gate of writeKafkaFields' message checks: one scan that matches whenever any of them could (each
 * alternative is a keyword a check or topicPartitionOf needs: `opic` covers `topic=`), so most
 * messages skip the dozen separate `indexOf` scans. Matching more changes nothing but speed.
 */
const MSG_KEYWORDS = /roker|artition|opic|__|Leader |Follower |roup|equest|api|orrelation/;
const CORRELATION = /\bcorrelation[ _]?[Ii]d"?[=: ]+(-?\d+)/;

/**
 * Request names by api key number (ApiKeys.java / `apiKey` of clients/src/main/resources/common/
 * message/*Request.json, Kafka 3.9 / trunk 2024-10): index = key.
 */
export const API_KEY_NAMES: readonly string[] = [
  'Produce', 'Fetch', 'ListOffsets', 'Metadata', 'LeaderAndIsr', 'StopReplica', 'UpdateMetadata', 'ControlledShutdown',
  'OffsetCommit', 'OffsetFetch', 'FindCoordinator', 'JoinGroup', 'Heartbeat', 'LeaveGroup', 'SyncGroup', 'DescribeGroups',
  'ListGroups', 'SaslHandshake', 'ApiVersions', 'CreateTopics', 'DeleteTopics', 'DeleteRecords', 'InitProducerId',
  'OffsetForLeaderEpoch', 'AddPartitionsToTxn', 'AddOffsetsToTxn', 'EndTxn', 'WriteTxnMarkers', 'TxnOffsetCommit',
  'DescribeAcls', 'CreateAcls', 'DeleteAcls', 'DescribeConfigs', 'AlterConfigs', 'AlterReplicaLogDirs', 'DescribeLogDirs',
  'SaslAuthenticate', 'CreatePartitions', 'CreateDelegationToken', 'RenewDelegationToken', 'ExpireDelegationToken',
  'DescribeDelegationToken', 'DeleteGroups', 'ElectLeaders', 'IncrementalAlterConfigs', 'AlterPartitionReassignments',
  'ListPartitionReassignments', 'OffsetDelete', 'DescribeClientQuotas', 'AlterClientQuotas', 'DescribeUserScramCredentials',
  'AlterUserScramCredentials', 'Vote', 'BeginQuorumEpoch', 'EndQuorumEpoch', 'DescribeQuorum', 'AlterPartition',
  'UpdateFeatures', 'Envelope', 'FetchSnapshot', 'DescribeCluster', 'DescribeProducers', 'BrokerRegistration',
  'BrokerHeartbeat', 'UnregisterBroker', 'DescribeTransactions', 'ListTransactions', 'AllocateProducerIds',
  'ConsumerGroupHeartbeat', 'ConsumerGroupDescribe', 'ControllerRegistration', 'GetTelemetrySubscriptions', 'PushTelemetry',
  'AssignReplicasToDirs', 'ListClientMetricsResources', 'DescribeTopicPartitions', 'ShareGroupHeartbeat',
  'ShareGroupDescribe', 'ShareFetch', 'ShareAcknowledge', 'AddRaftVoter', 'RemoveRaftVoter', 'UpdateRaftVoter',
  'InitializeShareGroupState', 'ReadShareGroupState', 'WriteShareGroupState', 'DeleteShareGroupState',
  'ReadShareGroupStateSummary',
];

/** Request name of an api key given as ApiKeys enum name (FETCH) or number (1); '' when unknown. */
export function requestTypeOf(key: string): string {
  const c = key.charCodeAt(0);
  if (c >= 48 && c <= 57) return API_KEY_NAMES[Number(key)] ?? '';
  return apiKeyToRequestType(key);
}

const TOPIC_STOP = new Set(['partition', 'partitions', 'metadata', 'id', 'ids', 'with', 'and', 'the', 'to', 'of', 'for', 'in', 'is', 'name', 'names', 'creation', 'deletion', 'config', 'configs']);
const GROUP_STOP = new Set(['metadata', 'coordinator', 'membership', 'with', 'is', 'of', 'for', 'in', 'the', 'and', 'to', 'state', 'id', 'leader', 'generation', 'through', 'protocol', 'instance', 'because', 'which', 'since', 'as', 'at', 'from', 'after']);

/** Request names by ApiKeys enum name seen so far (a few dozen names; request logs repeat them on every line). */
const requestTypes = new Map<string, string>();
const MAX_REQUEST_TYPES = 1024;

/** Maps an ApiKeys enum name (FETCH, JOIN_GROUP) to its request name (Fetch, JoinGroup). */
export function apiKeyToRequestType(apiKey: string): string {
  let t = requestTypes.get(apiKey);
  if (t === undefined) {
    t = camelOfApiKey(apiKey);
    if (requestTypes.size >= MAX_REQUEST_TYPES) requestTypes.clear();
    requestTypes.set(ownCopy(apiKey), t);
  }
  return t;
}

function camelOfApiKey(apiKey: string): string {
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
  /** GROUP's capture in the component, undefined when it does not match. */
  group: string | undefined;
}

const components = new Map<string, ComponentFields>();
const MAX_COMPONENTS = 4096;

function componentFields(component: string): ComponentFields {
  let f = components.get(component);
  if (f !== undefined) return f;
  const b = BROKER_IN_COMPONENT.exec(component);
  const g = component.indexOf('roup') >= 0 ? GROUP.exec(component) : null;
  f = { broker: b ? Number(b[1]) : NaN, topic: '', partition: NaN, group: g ? ownCopy(g[1]!) : undefined };
  if (topicPartitionOf(component)) {
    f.topic = ownCopy(tp.topic);
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
  // false: none of the keywords the message checks below need is in msg (see MSG_KEYWORDS)
  const hit = MSG_KEYWORDS.test(msg);
  let broker = false;
  if (cf !== undefined && cf.broker === cf.broker) {
    out.int('broker_id', cf.broker);
    broker = true;
  }
  if (!broker && hit && msg.indexOf('roker') >= 0 && !out.has('broker_id')) {
    const b = BROKER_IN_MESSAGE.exec(msg);
    if (b) out.int('broker_id', Number(b[1]));
  }
  // topic / partition: component first ("Partition test-3 broker=10", "Log partition=foo-0")
  if (cf !== undefined && cf.topic !== '') {
    out.str('kafka_topic', cf.topic);
    if (cf.partition === cf.partition) out.int('kafka_partition', cf.partition);
  } else if (hit && topicPartitionOf(msg)) {
    out.str('kafka_topic', tp.topic);
    if (tp.partition === tp.partition) out.int('kafka_partition', tp.partition);
  }
  // group: the client's `[Consumer clientId=…, groupId=G]` component first, then the message
  // (GROUP_IN_MESSAGE needs "roup", which MSG_KEYWORDS covers)
  let group = cf !== undefined ? cf.group : undefined;
  if (group !== undefined && GROUP_STOP.has(group)) group = undefined;
  if (group === undefined && hit && msg.indexOf('roup') >= 0) group = messageGroup(msg);
  if (group !== undefined) out.str('kafka_consumer_group', stripQuotes(group));
  if (hit && (msg.indexOf('equest') >= 0 || msg.indexOf('api') >= 0)) {
    const j = msg.indexOf('"requestHeader"');
    const a = j >= 0 ? JSON_API_KEY_NAME.exec(msg) ?? JSON_API_KEY.exec(msg) : API_KEY.exec(msg);
    const rt = a ? requestTypeOf((a[1] ?? a[2])!) : '';
    if (rt !== '') {
      out.str('kafka_request_type', rt);
      if (!out.has('kafka_topic')) writeRequestBodyTopic(msg, j >= 0 ? msg.indexOf('"request":', j) : msg.indexOf(' -- '), out);
    } else {
      const r = REQUEST_WORD.exec(msg);
      if (r) out.str('kafka_request_type', r[1]!);
      else {
        const l = REQUEST_LOWER.exec(msg);
        if (l) out.str('kafka_request_type', l[1]![0]!.toUpperCase() + l[1]!.slice(1));
      }
    }
  }
  if (hit && msg.indexOf('orrelation') >= 0) {
    const c = CORRELATION.exec(msg);
    if (c) out.int('kafka_correlation_id', Number(c[1]));
  }
}

const CONFIG_GROUP = '\n\tgroup.id = ';

/**
 * The group of a client's configuration dump (AbstractConfig.logAll: `ConsumerConfig values: ` then
 * one `\tkey = value` line per setting, `group.id` among them): `msg` is the first line's message,
 * `text` the event, its continuation lines from `from`. Writes nothing for `null` / an empty group
 * or when a group is already set.
 */
export function writeConfigGroup(msg: string, text: string, from: number, out: FieldWriter): void {
  if (from >= text.length || msg.charCodeAt(0) !== 67 /* C */ || !msg.startsWith('ConsumerConfig values:') || out.has('kafka_consumer_group')) return;
  const k = text.indexOf(CONFIG_GROUP, from);
  if (k < 0) return;
  const s = k + CONFIG_GROUP.length;
  let e = text.indexOf('\n', s);
  if (e < 0) e = text.length;
  const g = text.slice(s, e).trimEnd();
  if (g !== '' && g !== 'null') out.str('kafka_consumer_group', g);
}

/** Topic (+ partition) of the first topic in a logged request body starting at `from` (-1: none). */
function writeRequestBodyTopic(msg: string, from: number, out: FieldWriter): void {
  if (from < 0) return;
  const end = msg.indexOf('"response":', from);
  const body = msg.slice(from, end > 0 ? end : msg.length);
  const t = REQUEST_BODY_TOPIC.exec(body);
  if (!t) return;
  out.str('kafka_topic', t[1] ?? t[2] ?? t[3]!);
  const p = REQUEST_BODY_PARTITION.exec(body.slice(t.index));
  if (p) out.int('kafka_partition', Number(p[1] ?? p[2]));
}

/**
 * The group a message names: the group coordinator's (Kafka ≥ 3.7) `[Group G] …` / `[GroupId G] …`
 * message prefix, else the first GROUP_IN_MESSAGE match that is not a plain word (`group coordinator`,
 * `the consumer group.`); a sentence's final `.` is not part of the id.
 */
function messageGroup(msg: string): string | undefined {
  if (msg.charCodeAt(0) === 91 && msg.startsWith('[Group')) {
    const sp = msg.startsWith('[Group ') ? 7 : msg.startsWith('[GroupId ') ? 9 : -1;
    const e = sp > 0 ? msg.indexOf(']', sp) : -1;
    if (e > sp) return msg.slice(sp, e);
  }
  GROUP_IN_MESSAGE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = GROUP_IN_MESSAGE.exec(msg)) !== null) {
    let g = (m[1] ?? m[2] ?? m[3])!;
    if (g.length > 1 && g.charCodeAt(g.length - 1) === 46 && (m.index + m[0].length === msg.length || msg.charCodeAt(m.index + m[0].length) === 32)) g = g.slice(0, -1);
    if (!GROUP_STOP.has(g)) return g;
  }
  return undefined;
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
  if (s.indexOf('__') >= 0) {
    const m = INTERNAL_TP.exec(s);
    if (m) {
      tp.topic = m[1]!;
      tp.partition = Number(m[2]);
      return true;
    }
  }
  if (s.indexOf('Leader ') >= 0 || s.indexOf('Follower ') >= 0) {
    const m = LEADER_FOLLOWER_TP.exec(s);
    if (m) {
      tp.topic = m[1]!;
      tp.partition = Number(m[2]);
      return true;
    }
  }
  if (s.indexOf('opic') >= 0) {
    const t = TOPIC_WORD.exec(s);
    if (t && !TOPIC_STOP.has(t[1]!)) {
      tp.topic = t[1]!;
      tp.partition = NaN;
      return true;
    }
  }
  return false;
}
