// Kafka broker (config/log4j.properties: ConversionPattern=[%d] %p %m (%c)%n, %d = ISO8601
// "yyyy-MM-dd HH:mm:ss,SSS") and Kafka Connect (connect-log4j.properties:
// connect.log.pattern=[%d] %p %X{connector.context}%m (%c:%L)%n). Message shapes follow the log
// statements of apache/kafka (GroupCoordinator.scala, GroupMetadataManager, Partition.scala,
// AbstractFetcherManager/Thread, UnifiedLog/LocalLog, TransactionCoordinator, ConsumerCoordinator /
// AbstractCoordinator / ConsumerUtils / SubscriptionState, WorkerSinkTask, DistributedHerder).
import { strftime } from './common.mjs';

const TOPICS = ['orders', 'payments', 'inventory.events', 'user_signups', 'audit-log'];
const GROUPS = ['orders-service', 'billing-consumer', 'fraud.detector.v2', 'analytics_etl', 'search-indexer'];
const DIR = '/var/lib/kafka/data';

function log4jTs(ms) { return strftime(ms, '%Y-%m-%d %H:%M:%S') + ',' + String(ms % 1000).padStart(3, '0'); }

/** Partition to __consumer_offsets partition: Utils.abs(groupId.hashCode) % 50 (Java String.hashCode). */
function partitionFor(id, n = 50) {
  let h = 0;
  for (const ch of id) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return (h === -2147483648 ? 0 : Math.abs(h)) % n;
}

const tp = (t, p) => `${t}-${p}`;

/** Truth for a set of named partitions: topic when all share one, partition only when exactly one. */
function parts(list) {
  const topics = [...new Set(list.map((x) => x[0]))];
  return { kafka_topic: topics.length === 1 ? topics[0] : null, kafka_partition: list.length === 1 ? list[0][1] : null, multi: list.length > 1 };
}

function brokerEvents(r, id) {
  const t = () => r.pick(TOPICS), p = () => r.int(0, 11), g = () => r.pick(GROUPS);
  const gen = () => r.int(1, 60);
  const member = (G) => `consumer-${G}-${r.int(1, 4)}-${r.uuid()}`;
  return [
    [8, () => { const G = g(); return { lvl: 'INFO', c: 'kafka.coordinator.group.GroupCoordinator', m: `[GroupCoordinator ${id}]: Preparing to rebalance group ${G} in state PreparingRebalance with old generation ${gen()} (__consumer_offsets-${partitionFor(G)}) (reason: Adding new member ${member(G)} with group instance id None; client reason: rebalance failed due to MemberIdRequiredException)`, f: { kafka_topic: '__consumer_offsets', kafka_partition: partitionFor(G), kafka_consumer_group: G } }; }],
    [8, () => { const G = g(); return { lvl: 'INFO', c: 'kafka.coordinator.group.GroupCoordinator', m: `[GroupCoordinator ${id}]: Stabilized group ${G} generation ${gen()} (__consumer_offsets-${partitionFor(G)}) with ${r.int(1, 6)} members`, f: { kafka_topic: '__consumer_offsets', kafka_partition: partitionFor(G), kafka_consumer_group: G } }; }],
    [5, () => { const G = g(); return { lvl: 'INFO', c: 'kafka.coordinator.group.GroupCoordinator', m: `[GroupCoordinator ${id}]: Assignment received from leader ${member(G)} for group ${G} for generation ${gen()}. The group has ${r.int(1, 6)} members, 0 of which are static.`, f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: G } }; }],
    [4, () => { const G = g(); return { lvl: 'INFO', c: 'kafka.coordinator.group.GroupCoordinator', m: `[GroupCoordinator ${id}]: Member ${member(G)} in group ${G} has failed, removing it from the group`, f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: G } }; }],
    [3, () => { const G = g(); return { lvl: 'INFO', c: 'kafka.coordinator.group.GroupCoordinator', m: `[GroupCoordinator ${id}]: Group ${G} with generation ${gen()} is now empty (__consumer_offsets-${partitionFor(G)})`, f: { kafka_topic: '__consumer_offsets', kafka_partition: partitionFor(G), kafka_consumer_group: G } }; }],
    [3, () => { const G = g(); return { lvl: 'INFO', c: 'kafka.coordinator.group.GroupCoordinator', m: `[GroupCoordinator ${id}]: Dynamic member with unknown member id joins group ${G} in Stable state. Created a new member id ${member(G)} and request the member to rejoin with this id.`, f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: G } }; }],
    [3, () => { const P = r.int(0, 49); return { lvl: 'INFO', c: 'kafka.coordinator.group.GroupMetadataManager', m: `[GroupMetadataManager brokerId=${id}] Finished loading offsets and group metadata from __consumer_offsets-${P} in ${r.int(2, 900)} milliseconds for epoch ${r.int(0, 30)}, of which ${r.int(0, 5)} milliseconds was spent in the scheduler.`, f: { kafka_topic: '__consumer_offsets', kafka_partition: P, kafka_consumer_group: null } }; }],
    [3, () => ({ lvl: 'INFO', c: 'kafka.coordinator.group.GroupMetadataManager', m: `[GroupMetadataManager brokerId=${id}] Removed ${r.int(0, 40)} expired offsets in ${r.int(0, 9)} milliseconds.`, f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: null } })],
    [8, () => { const T = t(), P = p(); return { lvl: 'INFO', c: 'kafka.log.LocalLog', m: `[LocalLog partition=${tp(T, P)}, dir=${DIR}] Rolled new log segment at offset ${r.int(1000, 9999999)} in ${r.int(0, 40)} ms.`, f: { kafka_topic: T, kafka_partition: P, kafka_consumer_group: null } }; }],
    [5, () => { const T = t(), P = p(); return { lvl: 'INFO', c: 'kafka.log.UnifiedLog', m: `[UnifiedLog partition=${tp(T, P)}, dir=${DIR}] Deleting segment LogSegment(baseOffset=${r.int(0, 99999)}, size=${r.int(1000, 1073741824)}, lastModifiedTime=${1772000000000 + r.int(0, 9e8)}, largestRecordTimestamp=Some(${1772000000000 + r.int(0, 9e8)})) due to retention time 604800000ms breach based on the largest record timestamp in the segment`, f: { kafka_topic: T, kafka_partition: P, kafka_consumer_group: null } }; }],
    [4, () => { const T = t(), P = p(); return { lvl: 'INFO', c: 'org.apache.kafka.storage.internals.log.ProducerStateManager', m: `[ProducerStateManager partition=${tp(T, P)}] Wrote producer snapshot at offset ${r.int(1000, 999999)} with ${r.int(0, 5)} producer ids in ${r.int(0, 20)} ms.`, f: { kafka_topic: T, kafka_partition: P, kafka_consumer_group: null } }; }],
    [5, () => { const T = t(), P = p(); return { lvl: 'INFO', c: 'kafka.cluster.Partition', m: `[Partition ${tp(T, P)} broker=${id}] Shrinking ISR from ${id},2,3 to ${id},2. Leader: (highWatermark: ${r.int(100, 99999)}, endOffset: ${r.int(100, 99999)}). Out of sync replicas: (brokerId: 3, endOffset: ${r.int(100, 99999)}, lastCaughtUpTimeMs: ${1772000000000 + r.int(0, 9e8)}).`, f: { kafka_topic: T, kafka_partition: P, kafka_consumer_group: null } }; }],
    [4, () => { const T = t(), P = p(); return { lvl: 'INFO', c: 'kafka.cluster.Partition', m: `[Partition ${tp(T, P)} broker=${id}] ISR updated to ${id},2,3 and version updated to ${r.int(1, 99)}`, f: { kafka_topic: T, kafka_partition: P, kafka_consumer_group: null } }; }],
    [4, () => { const T = t(), P = p(); return { lvl: 'INFO', c: 'state.change.logger', m: `[Broker id=${id}] Leader ${tp(T, P)} with topic id Some(${r.hex(22)}) starts at leader epoch ${r.int(1, 40)} from offset ${r.int(0, 99999)} with partition epoch ${r.int(1, 90)}, high watermark ${r.int(0, 99999)}, ISR [${id},2,3], adding replicas [] and removing replicas [] . Previous leader epoch was ${r.int(0, 39)}.`, f: { kafka_topic: T, kafka_partition: P, kafka_consumer_group: null } }; }],
    [5, () => { const k = r.int(1, 4); const list = Array.from({ length: k }, () => [r.chance(0.6) ? 'orders' : t(), p()]); const u = [...new Map(list.map((x) => [tp(...x), x])).values()]; return { lvl: 'INFO', c: 'kafka.server.ReplicaFetcherManager', m: `[ReplicaFetcherManager on broker ${id}] Removed fetcher for partitions Set(${u.map((x) => tp(...x)).join(', ')})`, f: { ...parts(u), kafka_consumer_group: null } }; }],
    [3, () => { const k = r.int(2, 3); const T = t(); const ps = [...new Set(Array.from({ length: k }, () => p()))]; const u = ps.map((P) => [T, P]); return { lvl: 'INFO', c: 'kafka.server.ReplicaFetcherManager', m: `[ReplicaFetcherManager on broker ${id}] Added fetcher to broker 2 for partitions Map(${u.map((x) => `${tp(...x)} -> InitialFetchState(Some(${r.hex(22)}),BrokerEndPoint(id=2, host=kafka-2:9092),${r.int(1, 30)},${r.int(0, 99999)})`).join(', ')})`, f: { ...parts(u), kafka_consumer_group: null } }; }],
    [3, () => { const T = t(), P = p(), off = r.int(0, 99999); return { lvl: 'INFO', c: 'kafka.server.ReplicaFetcherThread', m: `[ReplicaFetcher replicaId=${id}, leaderId=2, fetcherId=0] Truncating partition ${tp(T, P)} with TruncationState(offset=${off}, completed=true) due to leader epoch and offset EpochEndOffset(errorCode=0, partition=${P}, leaderEpoch=${r.int(1, 30)}, endOffset=${off})`, f: { kafka_topic: T, kafka_partition: P, kafka_consumer_group: null } }; }],
    [2, () => { const T = t(), P = p(); return { lvl: 'ERROR', c: 'kafka.server.ReplicaFetcherThread', m: `[ReplicaFetcher replicaId=${id}, leaderId=3, fetcherId=0] Error for partition ${tp(T, P)} at offset ${r.int(0, 99999)}`, exc: 'org.apache.kafka.common.errors.NotLeaderOrFollowerException: For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.', cls: 'org.apache.kafka.common.errors.NotLeaderOrFollowerException', f: { kafka_topic: T, kafka_partition: P, kafka_consumer_group: null } }; }],
    [2, () => { const list = [[t(), p()], [t(), p()]]; const u = [...new Map(list.map((x) => [tp(...x), x])).values()]; return { lvl: 'WARN', c: 'kafka.server.ReplicaFetcherThread', m: `[ReplicaFetcher replicaId=${id}, leaderId=3, fetcherId=0] Error in response for fetch request (type=FetchRequest, replicaId=${id}, maxWait=500, minBytes=1, maxBytes=10485760, fetchData={${u.map((x) => `${tp(...x)}=PartitionData(topicId=${r.hex(22)}, fetchOffset=${r.int(0, 99999)}, logStartOffset=0, maxBytes=1048576, currentLeaderEpoch=Optional[${r.int(1, 20)}], lastFetchedEpoch=Optional[${r.int(1, 20)}])`).join(', ')}}, isolationLevel=READ_UNCOMMITTED, removed=, replaced=, metadata=(sessionId=${r.int(1, 2e9)}, epoch=${r.int(1, 9999)}), rackId=)`,
      exc: 'java.io.IOException: Connection to 3 was disconnected before the response was read\n\tat org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)\n\tat kafka.server.BrokerBlockingSender.sendRequest(BrokerBlockingSender.scala:113)\n\tat kafka.server.RemoteLeaderEndPoint.fetch(RemoteLeaderEndPoint.scala:79)\n\tat kafka.server.AbstractFetcherThread.processFetchRequest(AbstractFetcherThread.scala:316)\n\tat kafka.server.AbstractFetcherThread.$anonfun$maybeFetch$3(AbstractFetcherThread.scala:130)\n\tat kafka.server.AbstractFetcherThread.maybeFetch(AbstractFetcherThread.scala:129)\n\tat kafka.server.AbstractFetcherThread.doWork(AbstractFetcherThread.scala:112)\n\tat org.apache.kafka.server.util.ShutdownableThread.run(ShutdownableThread.java:130)',
      cls: 'java.io.IOException', f: { ...parts(u), kafka_consumer_group: null } }; }],
    [3, () => { const P = r.int(0, 49); const tx = `tx-${r.pick(['orders', 'payments'])}-${r.int(0, 9)}`; return { lvl: 'INFO', c: 'kafka.coordinator.transaction.TransactionCoordinator', m: `[TransactionCoordinator id=${id}] Initialized transactionalId ${tx} with producerId ${r.int(1000, 99999)} and producer epoch ${r.int(0, 30)} on partition __transaction_state-${P}`, f: { kafka_topic: '__transaction_state', kafka_partition: P, kafka_consumer_group: null } }; }],
    [2, () => ({ lvl: 'INFO', c: 'kafka.controller.KafkaController', m: `[Controller id=${id}] Processing automatic preferred replica leader election`, f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: null } })],
    [2, () => ({ lvl: 'WARN', c: 'kafka.network.Processor', m: `[SocketServer listenerType=ZK_BROKER, nodeId=${id}] Unexpected error from /10.0.${r.int(0, 9)}.${r.int(1, 254)} (channelId=10.0.0.11:9092-10.0.3.4:${r.int(30000, 60000)}-${r.int(0, 99)}); closing connection`, exc: 'org.apache.kafka.common.network.InvalidReceiveException: Invalid receive (size = 1195725856 larger than 104857600)\n\tat org.apache.kafka.common.network.NetworkReceive.readFrom(NetworkReceive.java:94)\n\tat org.apache.kafka.common.network.KafkaChannel.receive(KafkaChannel.java:462)\n\tat org.apache.kafka.common.network.Selector.poll(Selector.java:481)\n\tat kafka.network.Processor.run(SocketServer.scala:1092)\n\tat java.base/java.lang.Thread.run(Thread.java:840)', cls: 'org.apache.kafka.common.network.InvalidReceiveException', f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: null } })],
  ];
}

function connectEvents(r, worker) {
  const conns = [['orders-sink', 'orders'], ['payments-es-sink', 'payments'], ['audit-s3-sink', 'audit-log']];
  const pick = () => { const [name, topic] = r.pick(conns); const task = r.int(0, 2); return { name, topic, task, ctx: `[${name}|task-${task}] `, pre: `[Consumer clientId=connector-consumer-${name}-${task}, groupId=connect-${name}] `, G: `connect-${name}` }; };
  return [
    [6, () => { const x = pick(), P = r.int(0, 11); return { lvl: 'INFO', c: 'org.apache.kafka.clients.consumer.internals.ConsumerUtils', L: 209, ctx: x.ctx, m: `${x.pre}Setting offset for partition ${tp(x.topic, P)} to the committed offset FetchPosition{offset=${r.int(0, 999999)}, offsetEpoch=Optional[${r.int(1, 20)}], currentLeader=LeaderAndEpoch{leader=Optional[kafka-${r.int(1, 3)}:9092 (id: ${r.int(1, 3)} rack: null)], epoch=${r.int(1, 20)}}}`, f: { kafka_topic: x.topic, kafka_partition: P, kafka_consumer_group: x.G } }; }],
    [4, () => { const x = pick(); const ps = [...new Set([r.int(0, 11), r.int(0, 11), r.int(0, 11)])]; return { lvl: 'INFO', c: 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator', L: 324, ctx: x.ctx, m: `${x.pre}Adding newly assigned partitions: ${ps.map((P) => tp(x.topic, P)).join(', ')}`, f: { ...parts(ps.map((P) => [x.topic, P])), kafka_consumer_group: x.G } }; }],
    [3, () => { const x = pick(); const ps = [...new Set([r.int(0, 11), r.int(0, 11)])]; return { lvl: 'INFO', c: 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator', L: 343, ctx: x.ctx, m: `${x.pre}Revoke previously assigned partitions ${ps.map((P) => tp(x.topic, P)).join(', ')}`, f: { ...parts(ps.map((P) => [x.topic, P])), kafka_consumer_group: x.G } }; }],
    [4, () => { const x = pick(); return { lvl: 'INFO', c: 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator', L: 906, ctx: x.ctx, m: `${x.pre}Discovered group coordinator kafka-${r.int(1, 3)}:9092 (id: ${2147483647 - r.int(1, 3)} rack: null)`, f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: x.G } }; }],
    [4, () => { const x = pick(); return { lvl: 'INFO', c: 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator', L: 566, ctx: x.ctx, m: `${x.pre}(Re-)joining group`, f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: x.G } }; }],
    [3, () => { const x = pick(); return { lvl: 'INFO', c: 'org.apache.kafka.clients.consumer.internals.ConsumerCoordinator', L: 627, ctx: x.ctx, m: `${x.pre}Successfully joined group with generation Generation{generationId=${r.int(1, 90)}, memberId='connector-consumer-${x.name}-${x.task}-${r.uuid()}', protocol='range'}`, f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: x.G } }; }],
    [3, () => ({ lvl: 'INFO', c: 'org.apache.kafka.connect.runtime.distributed.DistributedHerder', L: 1730, ctx: '', m: `[Worker clientId=connect-${worker}, groupId=connect-cluster] Finished starting connectors and tasks`, f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: 'connect-cluster' } })],
    [3, () => { const x = pick(), P = r.int(0, 11); return { lvl: 'INFO', c: 'org.apache.kafka.connect.runtime.WorkerSinkTask', L: 353, ctx: x.ctx, m: `WorkerSinkTask{id=${x.name}-${x.task}} Committing offsets asynchronously using sequence number ${r.int(1, 9999)}: {${tp(x.topic, P)}=OffsetAndMetadata{offset=${r.int(0, 99999)}, leaderEpoch=null, metadata=''}}`, f: { kafka_topic: x.topic, kafka_partition: P, kafka_consumer_group: null } }; }],
    [2, () => { const x = pick(); return { lvl: 'ERROR', c: 'org.apache.kafka.connect.runtime.WorkerTask', L: 212, ctx: x.ctx, m: `WorkerSinkTask{id=${x.name}-${x.task}} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted`,
      exc: `org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.\n\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:632)\n\tat org.apache.kafka.connect.runtime.WorkerSinkTask.poll(WorkerSinkTask.java:350)\n\tat org.apache.kafka.connect.runtime.WorkerTask.doRun(WorkerTask.java:204)\n\tat java.base/java.lang.Thread.run(Thread.java:840)\nCaused by: org.apache.kafka.connect.errors.DataException: Failed to deserialize data for topic ${x.topic} to Avro: \n\tat io.confluent.connect.avro.AvroConverter.toConnectData(AvroConverter.java:148)\n\tat org.apache.kafka.connect.runtime.WorkerSinkTask.convertAndTransformRecord(WorkerSinkTask.java:528)\n\t... 12 more`,
      cls: 'org.apache.kafka.connect.errors.ConnectException', f: { kafka_topic: null, kafka_partition: null, kafka_consumer_group: null }, skip: ['kafka_topic'] }; }],
  ];
}

function emitAll(r, c, table, { start, n, family, connect }) {
  let t = start;
  for (let i = 0; i < n; i++) {
    t += r.int(5, 4000);
    const e = r.weighted(table.map((x) => [x[0], x[1]]))();
    const head = connect ? `[${log4jTs(t)}] ${e.lvl} ${e.ctx}${e.m} (${e.c}:${e.L})` : `[${log4jTs(t)}] ${e.lvl} ${e.m} (${e.c})`;
    const text = e.exc ? `${head}\n${e.exc}` : head;
    const fields = {
      ts: new Date(t).toISOString(), ts_res_ms: 1, severity: e.lvl, component: e.c, thread: null,
      message: e.exc ? `${e.m}\n${e.exc}` : e.m, stack_trace: e.exc ?? null, error_class: e.cls ?? null, pg_sqlstate: null,
      kafka_topic: e.f.kafka_topic, kafka_partition: e.f.kafka_partition, kafka_consumer_group: e.f.kafka_consumer_group,
    };
    for (const k of e.skip ?? []) delete fields[k];
    c.emit('stdout', t + r.int(0, 2), text, { family, fields, tags: { multi_partition: !!e.f.multi } });
  }
}

export function genKafkaBroker(r, c, { id, start, n }) { emitAll(r, c, brokerEvents(r, id), { start, n, family: 'kafka/broker' }); }
export function genKafkaConnect(r, c, { worker, start, n }) { emitAll(r, c, connectEvents(r, worker), { start, n, family: 'kafka/connect', connect: true }); }
