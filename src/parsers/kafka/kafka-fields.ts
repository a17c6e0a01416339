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
 * → kafka_request_type, the first topic of the request body → kafka_topic, and its partition →
 * kafka_partition when the body names only one; for the group APIs, the one group the body names →
 * kafka_consumer_group (kafka-request-group.ts; the rest of such a line, its clientId, is not read
 * for a group).
 *
 * kafka_partition is written only when the message means exactly one partition (topicPartitionOf):
 * a list of several gives their common topic, if any, and no partition.
 */
import type { FieldWriter } from '../../core/fields.js';
import { ownCopy } from '../shared/own-copy.js';
import { requestBodyGroup } from './kafka-request-group.js';

const BROKER_IN_COMPONENT =
  /(?:\b(?:brokerId|replicaId|nodeId|[Bb]roker|id)[= ]|(?:Controller|Coordinator|Manager)[= ]|\bon [Bb]roker |\bKafkaApi-)(\d+)\b/;
const BROKER_IN_MESSAGE = /\b(?:brokerId|broker\.id)[=:]\s?(\d+)\b/;
/**
 * One topic-partition as the message templates print it (TopicPartition.toString `t-3`), after its
 * keyword: `[Partition t-3 broker=1]` (Partition.scala logIdent), `partition t-3` / `Partition t-3`
 * (`for partition t-3`, `Partition t-3 has an older epoch`, `Truncating partition t-3 …`, the
 * producer's `on topic-partition t-3`), `partition=t-3` (`[Log partition=t-3, dir=…]`, LogLoader,
 * LocalLog, ProducerStateManager logIdents). The singular keyword only: `partitions` is a list.
 */
const PARTITION_ONE = /\b(?:[Tt]opic-)?[Pp]artition[ =]([A-Za-z0-9._-]+)-(\d+)(?=[\s,.:;)\]]|$)/;
/**
 * `topic=t, partition=3` (`Partition(topic=t, partition=3)`, the group coordinator's LogContext
 * `[GroupCoordinator id=1 topic=__consumer_offsets partition=13]`), kafka-python's
 * `TopicPartition(topic='t', partition=3)` namedtuple repr: every occurrence is read (a set of
 * them is several partitions).
 */
const TOPIC_EQ_PARTITION = /\btopic=(['"]?)([A-Za-z0-9._-]+)\1,? partition=(\d+)/g;
/** A list after `partitions` (`partitions Set(t-0, t-3)`, `partitions=[t-0]`, `partitions: t-0, t-1`, `partitions Map(t-0 -> …)`). */
const PARTITION_LIST = /\b[Pp]artitions(?:=|: ?| )(?:(?:Set|List|Map|HashSet|HashMap|ArrayBuffer|Vector|ListBuffer|Buffer)?([(\[{])|(?=[A-Za-z0-9._-]+-\d+(?:[\s,.;)\]]|$)))/;
const TP_TOKEN = /^([A-Za-z0-9._-]+)-(\d+)$/;
/** Kafka's internal topics (`__consumer_offsets-34` in group coordinator messages) wherever they appear. */
const INTERNAL_TP = /\b(__consumer_offsets|__transaction_state|__cluster_metadata|__share_group_state)-(\d+)\b/g;
/** ReplicaManager / Partition state messages: `Leader topic-3 with topic id …`, `Follower topic-3 starts at …`. */
const LEADER_FOLLOWER_TP = /\b(?:Leader|Follower) ([A-Za-z0-9._]+(?:-[A-Za-z0-9._]+)*?)-(\d+) (?:with|starts|has|is)\b/;
/** The request logger's JSON form (Kafka ≥ 2.8, RequestConvertToJson): header and request body. */
const JSON_API_KEY_NAME = /"requestApiKeyName":"([A-Z_]+)"/;
const JSON_API_KEY = /"requestApiKey":(\d+)/;
const REQUEST_BODY_TOPIC = /"(?:topic|name|topicName)":"([A-Za-z0-9._-]+)"|\btopic='?([A-Za-z0-9._-]+)|\bname='([A-Za-z0-9._-]+)'/;
const REQUEST_BODY_PARTITION = /"(?:partition|partitionIndex|index)":(\d+)|\b(?:partition|partitionIndex|index)=(\d+)/g;
/**
 * Kafka Connect's `topic T partition N` (WorkerSourceTask `Wrote record successfully: topic {}
 * partition {} offset {}`, WorkerSinkTask `Consuming and converting message in topic '{}'
 * partition {} at offset {}`): one partition.
 */
const TOPIC_THEN_PARTITION = /\btopic '?([A-Za-z0-9._-]+)'? partition (\d+)\b/;
/**
 * A sink task's offsets map `{t-0=OffsetAndMetadata{offset=…}, t-1=…}` (Map<TopicPartition,
 * OffsetAndMetadata>.toString in WorkerSinkTask's `Committing offsets … : {…}`, `Setting last
 * committed offsets to {…}`): a list of its keys.
 */
const OFFSETS_MAP = /\{[A-Za-z0-9._-]+-\d+=OffsetAndMetadata\{/;
/** WorkerSinkTask `Rewind t-3 to offset N`. */
const REWIND_TP = /\bRewind ([A-Za-z0-9._-]+)-(\d+) to offset\b/;
const TOPIC_WORD = /\b[Tt]opics? ([A-Za-z0-9._-]+)/;
const GROUP = /\bgroup(?:Id|\.id|_id)?[= ]([^\s,\])]+)/;
/**
 * Group ids in coordinator and client messages, leftmost first (apache/kafka GroupCoordinator.scala,
 * GroupMetadataManager.scala, group-coordinator GroupMetadataManager.java, AbstractCoordinator.java):
 * `Unloading group metadata for G with generation N`, `Group G with generation N is now empty`,
 * `Group G is dead, …`, `Group G removed dynamic members …`, `Group G transitioned to Dead …`, and
 * `group G` / `groupId=G` / `group.id=G` (`Preparing to rebalance group G`, `Stabilized group G
 * generation N`, `Member M in group G has failed`, `joins group G in Empty state`, `GroupMetadata(groupId=G, …)`).
 */
const GROUP_IN_MESSAGE =
  /\bgroup metadata for ([^\s,\])]+)|^Group ([^\s,\])]+) (?:with|is|removed|transitioned)\b|\bgroup(?:Id|\.id|_id)?[= ]([^\s,\])]+)/g;
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
const MSG_KEYWORDS = /roker|artition|opic|__|Leader |Follower |roup|equest|api|orrelation|=OffsetAndMetadata\{|Rewind /;
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
  } else if (hit && topicPartitionOf(msg) && tp.topic !== '') {
    out.str('kafka_topic', tp.topic);
    if (tp.partition === tp.partition) out.int('kafka_partition', tp.partition);
  }
  // a request description (request logger, `received request`, `Unexpected error handling request`):
  // its header's api key → request type, its body → topic / partition and, for the group APIs, the group
  let rt = '';
  let j = -1;
  const request = hit && (msg.indexOf('equest') >= 0 || msg.indexOf('api') >= 0);
  if (request) {
    j = msg.indexOf('"requestHeader"');
    const a = j >= 0 ? JSON_API_KEY_NAME.exec(msg) ?? JSON_API_KEY.exec(msg) : API_KEY.exec(msg);
    rt = a ? requestTypeOf((a[1] ?? a[2])!) : '';
  }
  // group: the client's `[Consumer clientId=…, groupId=G]` component first, then a request body of
  // a group API, then the message (GROUP_IN_MESSAGE needs "roup", which MSG_KEYWORDS covers); the
  // rest of a request description (its clientId, another API's body) does not name a group
  let group = cf !== undefined ? cf.group : undefined;
  if (group !== undefined && GROUP_STOP.has(group)) group = undefined;
  const from = rt === '' ? -1 : j >= 0 ? msg.indexOf('"request":', j) : msg.indexOf(' -- ');
  if (group === undefined && from >= 0) {
    const g = requestBodyGroup(msg, from, j >= 0 ? msg.indexOf('"response":', from) : msg.indexOf(',response:', from), j >= 0, rt);
    if (g !== undefined) out.str('kafka_consumer_group', g);
  } else if (group === undefined && hit && msg.indexOf('roup') >= 0) group = messageGroup(msg);
  if (group !== undefined) out.str('kafka_consumer_group', stripQuotes(group));
  if (rt !== '') {
    out.str('kafka_request_type', rt);
    // JoinGroup's `protocols[].name` is an assignor (`range`), not a topic
    if (!out.has('kafka_topic') && rt !== 'JoinGroup') writeRequestBodyTopic(msg, from, out);
  } else if (request) {
    const r = REQUEST_WORD.exec(msg);
    if (r) out.str('kafka_request_type', r[1]!);
    else {
      const l = REQUEST_LOWER.exec(msg);
      if (l) out.str('kafka_request_type', l[1]![0]!.toUpperCase() + l[1]!.slice(1));
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

/**
 * Topic of the first topic in a logged request body starting at `from` (-1: none), and its
 * partition when the body names exactly one partition.
 */
function writeRequestBodyTopic(msg: string, from: number, out: FieldWriter): void {
  if (from < 0) return;
  const end = msg.indexOf('"response":', from);
  const body = msg.slice(from, end > 0 ? end : msg.length);
  const t = REQUEST_BODY_TOPIC.exec(body);
  if (!t) return;
  out.str('kafka_topic', t[1] ?? t[2] ?? t[3]!);
  const rest = body.slice(t.index);
  REQUEST_BODY_PARTITION.lastIndex = 0;
  const p = REQUEST_BODY_PARTITION.exec(rest);
  if (p === null) return;
  const part = p[1] ?? p[2];
  let q: RegExpExecArray | null;
  while ((q = REQUEST_BODY_PARTITION.exec(rest)) !== null) if ((q[1] ?? q[2]) !== part) return;
  // the same partition number under a second topic is another partition
  if (countTopics(rest) > 1) return;
  out.int('kafka_partition', Number(part));
}

const REQUEST_BODY_TOPIC_G = new RegExp(REQUEST_BODY_TOPIC.source, 'g');

function countTopics(body: string): number {
  REQUEST_BODY_TOPIC_G.lastIndex = 0;
  let n = 0;
  let first = '';
  let m: RegExpExecArray | null;
  while ((m = REQUEST_BODY_TOPIC_G.exec(body)) !== null) {
    const name = (m[1] ?? m[2] ?? m[3])!;
    if (n === 0) first = name;
    else if (name !== first) return 2;
    n++;
  }
  return 1;
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

/**
 * Result of the last successful topicPartitionOf: topic ('' when the partitions named belong to
 * several topics), and partition (NaN when only a topic, or several partitions, are named).
 */
const tp = { topic: '', partition: NaN };

function setTp(topic: string, partition: number): true {
  tp.topic = topic;
  tp.partition = partition;
  return true;
}

/**
 * Every match of the global `re` in `s` as a topic-partition (topic in group `ti`, partition in group
 * `pi`): undefined when none matches, else the last-result object {@link tp} (overwritten) with the
 * topic when all matches name the same one ('' otherwise) and the partition when all name the same
 * topic-partition (NaN otherwise).
 */
export function matchedTopicPartition(re: RegExp, s: string, ti: number, pi: number): { readonly topic: string; readonly partition: number } | undefined {
  re.lastIndex = 0;
  let m = re.exec(s);
  if (m === null) return undefined;
  const topic = m[ti]!;
  const part = m[pi]!;
  let sameTopic = true;
  let samePart = true;
  while ((m = re.exec(s)) !== null) {
    if (m[ti] !== topic) sameTopic = false;
    if (m[ti] !== topic || m[pi] !== part) samePart = false;
  }
  setTp(sameTopic ? topic : '', samePart ? Number(part) : NaN);
  return tp;
}

/**
 * Finds the topic-partition `s` names, from the message templates' own notations (see
 * PARTITION_ONE, TOPIC_EQ_PARTITION, PARTITION_LIST, INTERNAL_TP, LEADER_FOLLOWER_TP, TOPIC_WORD);
 * fills `tp` and returns true when one of them matches. A partition is only given when exactly one
 * is meant: a list of several (`Set(t-0, t-3)`, `partitions=[t-0, t-1]`, two
 * `TopicPartition(…)`s) gives their topic when they share one, and no partition.
 */
function topicPartitionOf(s: string): boolean {
  if (s.length === 0) return false;
  if (s.indexOf('topic=') >= 0) {
    if (matchedTopicPartition(TOPIC_EQ_PARTITION, s, 2, 3)) return true;
  }
  if (s.indexOf('artition') >= 0) {
    const m = PARTITION_ONE.exec(s);
    if (m) return setTp(m[1]!, Number(m[2]));
    const l = PARTITION_LIST.exec(s);
    if (l && partitionList(s, l.index + l[0].length, l[1])) return true;
  }
  if (s.indexOf('__') >= 0) {
    if (matchedTopicPartition(INTERNAL_TP, s, 1, 2)) return true;
  }
  if (s.indexOf('Leader ') >= 0 || s.indexOf('Follower ') >= 0) {
    const m = LEADER_FOLLOWER_TP.exec(s);
    if (m) return setTp(m[1]!, Number(m[2]));
  }
  if (s.indexOf('=OffsetAndMetadata{') >= 0) {
    const m = OFFSETS_MAP.exec(s);
    if (m && partitionList(s, m.index + 1, '{')) return true;
  }
  if (s.indexOf('Rewind ') >= 0) {
    const m = REWIND_TP.exec(s);
    if (m) return setTp(m[1]!, Number(m[2]));
  }
  if (s.indexOf('opic') >= 0) {
    const m = TOPIC_THEN_PARTITION.exec(s);
    if (m && !TOPIC_STOP.has(m[1]!)) return setTp(m[1]!, Number(m[2]));
    const t = TOPIC_WORD.exec(s);
    if (t && !TOPIC_STOP.has(t[1]!)) return setTp(t[1]!, NaN);
  }
  return false;
}

const CLOSE: Readonly<Record<string, number>> = { '(': 41, '[': 93, '{': 125 };

/**
 * Reads the list of topic-partitions starting at `s[from]` (after its opening bracket `open`, or,
 * when `open` is undefined, an unbracketed `t-0, t-1` run): the first token of each top-level
 * element (a Map's key before ` -> ` / `=`, a bracketed pair's first member). Fills `tp` and returns true when every element is a
 * topic-partition and there is at least one.
 */
function partitionList(s: string, from: number, open: string | undefined): boolean {
  let topic = '';
  let part = '';
  let n = 0;
  let sameTopic = true;
  let p = from;
  const close = open === undefined ? -1 : CLOSE[open]!;
  for (;;) {
    while (s.charCodeAt(p) === 32) p++;
    // Kafka 2.0's AbstractFetcherManager element `[t-0, initOffset 0 to broker …] `: the pair's first
    let nested = 0;
    if (open !== undefined && (s.charCodeAt(p) === 91 || s.charCodeAt(p) === 40)) {
      p++;
      nested = 1;
    }
    const st = p;
    while (p < s.length && isTpChar(s.charCodeAt(p))) p++;
    const m = TP_TOKEN.exec(s.slice(st, p));
    if (m === null) {
      // an empty list, or an element that is not a topic-partition (`Map(0 -> …)`): nothing meant
      if (n === 0 || open !== undefined) return false;
      break;
    }
    if (n === 0) {
      topic = m[1]!;
      part = m[2]!;
    } else {
      if (m[1] !== topic) sameTopic = false;
      if (m[1] !== topic || m[2] !== part) part = '';
    }
    n++;
    if (open === undefined) {
      // unbracketed: `t-0, t-1` ends at anything but `, `
      if (s.charCodeAt(p) === 44 && s.charCodeAt(p + 1) === 32) {
        p += 2;
        continue;
      }
      break;
    }
    // skip the rest of the element (a Map value) to the next top-level `,` or the closing bracket
    let depth = nested;
    let end = false;
    for (; p < s.length; p++) {
      const c = s.charCodeAt(p);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) {
        if (depth === 0) {
          end = c === close;
          break;
        }
        depth--;
      } else if (c === 44 && depth === 0) break;
    }
    if (p >= s.length || end) break;
    if (s.charCodeAt(p) !== 44) return false; // unbalanced
    p++;
  }
  return setTp(sameTopic ? topic : '', part !== '' ? Number(part) : NaN);
}

function isTpChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 45;
}
