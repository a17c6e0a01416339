/**
 * Kafka 3.7 (KRaft, combined broker+controller) server.log lines for a 3-broker cluster, in the
 * default log4j layout `[%d] %p %m (%c)%n` that the apache/kafka image writes to stdout:
 * `[2026-03-02 08:00:01,123] INFO [LocalLog partition=orders-3, dir=/var/lib/kafka/data] Rolled new log segment ... (kafka.log.LocalLog)`.
 *
 * All three brokers are simulated together because incidents span them: a broker restart makes
 * the other brokers shrink ISRs, take over leadership, elect a controller and move group
 * coordinators; consumer-group generations are shared state.
 *
 * Imports the PRNG, the plan, the model and the formatters.
 */
import type { Rng } from './prng.js';
import { arrivals, inWindows, RateProfile, sortEvents, ticks, type AppEvent } from './model.js';
import { GROUPS, offsetsPartitionLeader, type ClusterPlan } from './plan.js';
import { javaStack } from './stack-traces.js';
import { log4jTs } from './time-format.js';

const BROKERS = [1, 2, 3] as const;
const DATA_DIR = '/var/lib/kafka/data';
const TOPICS: readonly { name: string; partitions: number }[] = [
  { name: 'orders', partitions: 6 },
  { name: 'payments', partitions: 6 },
  { name: 'inventory-events', partitions: 3 },
  { name: 'order-audit', partitions: 3 },
];
const CLUSTER_ID = 'MkU3OEVBNTcwNTJENDM2Qk';
/** Container IPs on the compose network, by broker id. */
const BROKER_IP: Record<number, string> = { 1: '172.18.0.3', 2: '172.18.0.4', 3: '172.18.0.5' };
const CLIENT_IPS = ['172.18.0.7', '172.18.0.8', '172.18.0.9', '172.18.0.11', '10.0.4.23', '10.0.4.57'];

interface PartitionRef {
  topic: string;
  partition: number;
  /** Replica list in preference order; the first is the preferred leader. */
  replicas: number[];
}

const PARTITIONS: PartitionRef[] = [];
TOPICS.forEach((topic, ti) => {
  for (let p = 0; p < topic.partitions; p++) {
    const lead = ((p + ti) % 3) + 1;
    const a = (lead % 3) + 1;
    const c = ((lead + 1) % 3) + 1;
    PARTITIONS.push({ topic: topic.name, partition: p, replicas: p % 2 === 0 ? [lead, a, c] : [lead, c, a] });
  }
});

function line(t: number, level: string, body: string, logger: string): string {
  return `[${log4jTs(t)}] ${level} ${body} (${logger})`;
}

function name(p: PartitionRef): string {
  return `${p.topic}-${p.partition}`;
}

/** A broker restart window derived from the plan. */
interface Restart {
  broker: number;
  shutdownAt: number;
  downAt: number;
  upAt: number;
  end: number;
  /** Broker that takes over the KRaft leadership and the restarted broker's groups. */
  successor: number;
}

/** Everything the brokers share while simulating. */
class KafkaSim {
  readonly out = new Map<number, AppEvent[]>();
  readonly restarts: Restart[];
  private readonly offsets = new Map<string, number>();
  private correlation = 1000;
  raftEpoch = 7;
  /** Active KRaft controller. */
  controller = 2;

  constructor(readonly plan: ClusterPlan, readonly rng: Rng) {
    for (const b of BROKERS) this.out.set(b, []);
    this.restarts = plan.incidents
      .filter((i) => i.type === 'broker_restart')
      .map((i) => ({
        broker: Number(i.params.broker_id),
        shutdownAt: i.start,
        downAt: Number(i.params.down_at),
        upAt: Number(i.params.up_at),
        end: i.end,
        successor: rng.pick(BROKERS.filter((b) => b !== Number(i.params.broker_id))),
      }));
  }

  emit(broker: number, t: number, lines: string[]): void {
    (this.out.get(broker) as AppEvent[]).push({ t: Math.floor(t), stream: 'stdout', lines });
  }

  one(broker: number, t: number, level: string, body: string, logger: string): void {
    this.emit(broker, t, [line(t, level, body, logger)]);
  }

  /** Whether the broker process is running at `t` (down between shutdown end and startup). */
  alive(broker: number, t: number): boolean {
    for (const r of this.restarts) if (r.broker === broker && t >= r.downAt && t < r.upAt) return false;
    return true;
  }

  /** Whether the broker is out of the ISR / not leading at `t` (down or catching up). */
  unavailable(broker: number, t: number): Restart | undefined {
    for (const r of this.restarts) if (r.broker === broker && t >= r.shutdownAt && t < r.end) return r;
    return undefined;
  }

  /** Current leader of a partition: the first replica that is available. */
  leader(p: PartitionRef, t: number): number {
    for (const b of p.replicas) if (!this.unavailable(b, t)) return b;
    return p.replicas[0] as number;
  }

  /** Coordinator of a group: leader of its __consumer_offsets partition, moved while that broker restarts. */
  coordinator(offsetsPartition: number, t: number): number {
    const preferred = offsetsPartitionLeader(offsetsPartition);
    for (const r of this.restarts) {
      // Leadership comes back with the preferred-leader election ~5 minutes after startup.
      if (r.broker === preferred && t >= r.shutdownAt && t < r.upAt + 300_000) return r.successor;
    }
    return preferred;
  }

  /** Advances a per-key counter (partition offsets, ISR versions...) and returns the new value. */
  nextOffset(p: string, by: number, init: readonly [number, number] = [200_000, 9_000_000]): number {
    const cur = this.offsets.get(p) ?? this.rng.int(init[0], init[1]);
    const next = cur + by;
    this.offsets.set(p, next);
    return next;
  }

  corr(): number {
    this.correlation += this.rng.int(1, 4000);
    return this.correlation;
  }
}

/** The KafkaConfig dump printed at startup: one multi-line INFO event. */
function kafkaConfigDump(t: number, b: number): string[] {
  const kv: [string, string][] = [
    ['advertised.listeners', `PLAINTEXT://kafka-${b}:9092`],
    ['auto.create.topics.enable', 'false'],
    ['auto.leader.rebalance.enable', 'true'],
    ['broker.id', String(b)],
    ['broker.rack', 'null'],
    ['compression.type', 'producer'],
    ['controller.listener.names', 'CONTROLLER'],
    ['controller.quorum.voters', '1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093'],
    ['default.replication.factor', '3'],
    ['delete.topic.enable', 'true'],
    ['group.initial.rebalance.delay.ms', '3000'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['leader.imbalance.check.interval.seconds', '300'],
    ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
    ['listeners', 'PLAINTEXT://:9092,CONTROLLER://:9093'],
    ['log.cleaner.enable', 'true'],
    ['log.dirs', DATA_DIR],
    ['log.retention.check.interval.ms', '300000'],
    ['log.retention.hours', '168'],
    ['log.segment.bytes', '1073741824'],
    ['message.max.bytes', '1048588'],
    ['min.insync.replicas', '2'],
    ['node.id', String(b)],
    ['num.io.threads', '8'],
    ['num.network.threads', '3'],
    ['num.partitions', '6'],
    ['offsets.retention.check.interval.ms', '600000'],
    ['offsets.topic.num.partitions', '50'],
    ['offsets.topic.replication.factor', '3'],
    ['process.roles', 'broker,controller'],
    ['replica.fetch.max.bytes', '1048576'],
    ['replica.lag.time.max.ms', '30000'],
    ['socket.request.max.bytes', '104857600'],
    ['transaction.state.log.min.isr', '2'],
    ['transaction.state.log.replication.factor', '3'],
    ['unclean.leader.election.enable', 'false'],
    ['zookeeper.connect', 'null'],
  ];
  return [`[${log4jTs(t)}] INFO KafkaConfig values: `, ...kv.map(([k, v]) => `\t${k} = ${v}`), ' (kafka.server.KafkaConfig)'];
}

function startup(sim: KafkaSim, b: number, t0: number, first: boolean): number {
  const rng = sim.rng;
  let t = t0;
  const step = (lo: number, hi: number): number => (t += rng.int(lo, hi));
  sim.one(b, t, 'INFO', 'Registered kafka:type=kafka.Log4jController MBean', 'kafka.utils.Log4jControllerRegistration$');
  sim.one(b, step(20, 90), 'INFO', 'Registered signal handlers for TERM, INT, HUP', 'org.apache.kafka.common.utils.LoggingSignalHandler');
  sim.one(b, step(100, 300), 'INFO', `[ControllerServer id=${b}] Starting controller`, 'kafka.server.ControllerServer');
  sim.one(b, step(5, 40), 'INFO', `[SharedServer id=${b}] Starting SharedServer`, 'kafka.server.SharedServer');
  sim.one(b, step(50, 200), 'INFO', `[LogLoader partition=__cluster_metadata-0, dir=${DATA_DIR}] Loading producer state till offset ${sim.nextOffset('__cluster_metadata-0', rng.int(10, 900))} with message format version 2`, 'kafka.log.UnifiedLog$');
  sim.one(b, step(100, 400), 'INFO', `[RaftManager id=${b}] Completed transition to Unattached(epoch=${sim.raftEpoch}, voters=[1, 2, 3], electionTimeoutMs=${rng.int(1000, 2000)}) from null`, 'org.apache.kafka.raft.QuorumState');
  sim.one(b, step(200, 900), 'INFO', `[BrokerServer id=${b}] Transition from SHUTDOWN to STARTING`, 'kafka.server.BrokerServer');
  sim.emit(b, step(5, 30), kafkaConfigDump(t, b));
  sim.one(b, step(10, 60), 'INFO', `[BrokerLifecycleManager id=${b}] Incarnation ${rng.alnum(22)} of broker ${b} in cluster ${CLUSTER_ID} is now STARTING.`, 'kafka.server.BrokerLifecycleManager');
  sim.one(b, step(10, 80), 'INFO', `[LogManager id=${b}] Loading logs from log dirs ArrayBuffer(${DATA_DIR})`, 'kafka.log.LogManager');
  if (!first) sim.one(b, step(5, 30), 'WARN', `[LogManager id=${b}] Found clean shutdown file. Skipping recovery for all logs in data directory: '${DATA_DIR}'`, 'kafka.log.LogManager');
  for (const p of PARTITIONS) {
    if (!rng.chance(0.35)) continue;
    sim.one(b, step(3, 25), 'INFO', `[LogLoader partition=${name(p)}, dir=${DATA_DIR}] Loading producer state till offset ${sim.nextOffset(name(p), 0)} with message format version 2`, 'kafka.log.UnifiedLog$');
  }
  sim.one(b, step(50, 300), 'INFO', `[LogManager id=${b}] Loaded ${PARTITIONS.length + 51} logs in ${rng.int(180, 900)}ms`, 'kafka.log.LogManager');
  sim.one(b, step(20, 120), 'INFO', `[SocketServer listenerType=BROKER, nodeId=${b}] Created data-plane acceptor and processors for endpoint : ListenerName(PLAINTEXT)`, 'kafka.network.SocketServer');
  sim.one(b, step(200, 1500), 'INFO', `[BrokerLifecycleManager id=${b}] The broker has caught up. Transitioning from STARTING to RECOVERY.`, 'kafka.server.BrokerLifecycleManager');
  sim.one(b, step(100, 900), 'INFO', `[BrokerLifecycleManager id=${b}] The broker has been unfenced. Transitioning from RECOVERY to RUNNING.`, 'kafka.server.BrokerLifecycleManager');
  sim.one(b, step(5, 40), 'INFO', `[BrokerServer id=${b}] Transition from STARTING to STARTED`, 'kafka.server.BrokerServer');
  sim.one(b, step(1, 5), 'INFO', 'Kafka version: 3.7.0', 'org.apache.kafka.common.utils.AppInfoParser');
  sim.one(b, step(0, 2), 'INFO', 'Kafka commitId: 2ae524ed625438c5', 'org.apache.kafka.common.utils.AppInfoParser');
  sim.one(b, step(0, 2), 'INFO', `Kafka startTimeMs: ${t}`, 'org.apache.kafka.common.utils.AppInfoParser');
  sim.one(b, step(1, 10), 'INFO', `[KafkaRaftServer nodeId=${b}] Kafka Server started`, 'kafka.server.KafkaRaftServer');
  return t;
}

function raftElection(sim: KafkaSim, t: number, leader: number, others: number[]): void {
  const rng = sim.rng;
  const prev = sim.raftEpoch;
  sim.raftEpoch++;
  const e = sim.raftEpoch;
  const hw = sim.nextOffset('__cluster_metadata-0', rng.int(50, 400));
  sim.one(leader, t, 'INFO', `[RaftManager id=${leader}] Completed transition to CandidateState(localId=${leader}, epoch=${e}, retries=1, voteStates={${[1, 2, 3].map((v) => `${v}=${v === leader ? 'GRANTED' : 'UNRECORDED'}`).join(', ')}}, highWatermark=Optional[LogOffsetMetadata(offset=${hw}, metadata=Optional.empty)], electionTimeoutMs=${rng.int(1000, 2000)}) from FollowerState(fetchTimeoutMs=2000, epoch=${prev}, leaderId=${others.length === 1 ? 2 : others[0]}, voters=[1, 2, 3], highWatermark=Optional[LogOffsetMetadata(offset=${hw}, metadata=Optional.empty)], fetchingSnapshot=Optional.empty)`, 'org.apache.kafka.raft.QuorumState');
  for (const o of others) {
    sim.one(o, t + rng.int(2, 20), 'INFO', `[RaftManager id=${o}] Completed transition to Voted(epoch=${e}, votedId=${leader}, voters=[1, 2, 3], electionTimeoutMs=${rng.int(1000, 2000)}) from FollowerState(fetchTimeoutMs=2000, epoch=${prev}, leaderId=2, voters=[1, 2, 3], highWatermark=Optional[LogOffsetMetadata(offset=${hw}, metadata=Optional.empty)], fetchingSnapshot=Optional.empty)`, 'org.apache.kafka.raft.QuorumState');
  }
  const t2 = t + rng.int(20, 80);
  sim.one(leader, t2, 'INFO', `[RaftManager id=${leader}] Completed transition to Leader(localId=${leader}, epoch=${e}, epochStartOffset=${hw + 1}, highWatermark=Optional.empty, voterStates={${[1, 2, 3].map((v) => `${v}=ReplicaState(nodeId=${v}, endOffset=Optional.empty, lastFetchTimestamp=-1, hasAcknowledgedLeader=${v === leader})`).join(', ')}}) from CandidateState(localId=${leader}, epoch=${e}, retries=1, electionTimeoutMs=${rng.int(1000, 2000)})`, 'org.apache.kafka.raft.QuorumState');
  sim.one(leader, t2 + rng.int(2, 30), 'INFO', `[QuorumController id=${leader}] Becoming the active controller at epoch ${e}, next write offset ${hw + 1}.`, 'org.apache.kafka.controller.QuorumController');
  for (const o of others) {
    sim.one(o, t2 + rng.int(5, 40), 'INFO', `[RaftManager id=${o}] Completed transition to FollowerState(fetchTimeoutMs=2000, epoch=${e}, leaderId=${leader}, voters=[1, 2, 3], highWatermark=Optional.empty, fetchingSnapshot=Optional.empty) from Voted(epoch=${e}, votedId=${leader}, voters=[1, 2, 3], electionTimeoutMs=${rng.int(1000, 2000)})`, 'org.apache.kafka.raft.QuorumState');
  }
}

function shrinkIsr(sim: KafkaSim, t: number, leader: number, p: PartitionRef, from: number[], to: number[], outOfSync: number): void {
  const rng = sim.rng;
  const hw = sim.nextOffset(name(p), rng.int(0, 40));
  sim.one(leader, t, 'INFO', `[Partition ${name(p)} broker=${leader}] Shrinking ISR from ${from.join(',')} to ${to.join(',')}. Leader: (highWatermark: ${hw}, endOffset: ${hw + rng.int(1, 60)}). Out of sync replicas: (brokerId: ${outOfSync}, endOffset: ${hw - rng.int(0, 30)}, lastCaughtUpTimeMs: ${t - rng.int(30_000, 45_000)}).`, 'kafka.cluster.Partition');
  sim.one(leader, t + rng.int(1, 15), 'INFO', `[Partition ${name(p)} broker=${leader}] ISR updated to ${to.join(',')}  and version updated to ${sim.nextOffset(name(p) + '/isr-version', 1, [8, 40])}`, 'kafka.cluster.Partition');
}

function expandIsr(sim: KafkaSim, t: number, leader: number, p: PartitionRef, from: number[], to: number[]): void {
  sim.one(leader, t, 'INFO', `[Partition ${name(p)} broker=${leader}] Expanding ISR from ${from.join(',')} to ${to.join(',')}`, 'kafka.cluster.Partition');
  sim.one(leader, t + sim.rng.int(1, 15), 'INFO', `[Partition ${name(p)} broker=${leader}] ISR updated to ${to.join(',')}  and version updated to ${sim.nextOffset(name(p) + '/isr-version', 1, [8, 40])}`, 'kafka.cluster.Partition');
}

function fetcherDisconnect(sim: KafkaSim, t: number, follower: number, leader: number): void {
  const rng = sim.rng;
  const header = `[${log4jTs(t)}] INFO [ReplicaFetcher replicaId=${follower}, leaderId=${leader}, fetcherId=0] Error sending fetch request (sessionId=${rng.int(100_000_000, 2_000_000_000)}, epoch=${rng.int(1000, 90000)}) to node ${leader}: (org.apache.kafka.clients.FetchSessionHandler)`;
  sim.emit(follower, t, [header, ...javaStack(rng, `java.io.IOException: Connection to ${leader} was disconnected before the response was read`, 'kafkaNetwork')]);
  sim.one(follower, t + rng.int(5, 50), 'WARN', `[ReplicaFetcher replicaId=${follower}, leaderId=${leader}, fetcherId=0] Error in response for fetch request (type=FetchRequest, replicaId=${follower}, maxWait=500, minBytes=1, maxBytes=10485760, fetchData={}, isolationLevel=READ_UNCOMMITTED, removed=, replaced=, metadata=(sessionId=${rng.int(100_000_000, 2_000_000_000)}, epoch=INITIAL), rackId=)`, 'kafka.server.ReplicaFetcherThread');
}

function restartIncident(sim: KafkaSim, r: Restart): void {
  const rng = sim.rng;
  const b = r.broker;
  const others = BROKERS.filter((x) => x !== b);
  // Clean shutdown sequence on the restarting broker.
  let t = r.shutdownAt;
  const step = (lo: number, hi: number): number => (t += rng.int(lo, hi));
  sim.one(b, t, 'INFO', 'Terminating process due to signal SIGTERM', 'org.apache.kafka.common.utils.LoggingSignalHandler');
  sim.one(b, step(1, 10), 'INFO', `[BrokerServer id=${b}] Transition from STARTED to SHUTTING_DOWN`, 'kafka.server.BrokerServer');
  sim.one(b, step(1, 5), 'INFO', `[BrokerServer id=${b}] shutting down`, 'kafka.server.BrokerServer');
  sim.one(b, step(1, 10), 'INFO', `[BrokerLifecycleManager id=${b}] Beginning controlled shutdown.`, 'kafka.server.BrokerLifecycleManager');
  sim.one(b, step(50, 400), 'INFO', `[BrokerLifecycleManager id=${b}] The controller has asked us to exit controlled shutdown.`, 'kafka.server.BrokerLifecycleManager');
  sim.one(b, step(5, 30), 'INFO', `[ReplicaFetcherManager on broker ${b}] shutting down`, 'kafka.server.ReplicaFetcherManager');
  for (const o of others) {
    sim.one(b, step(1, 20), 'INFO', `[ReplicaFetcher replicaId=${b}, leaderId=${o}, fetcherId=0] Shutting down`, 'kafka.server.ReplicaFetcherThread');
    sim.one(b, step(1, 60), 'INFO', `[ReplicaFetcher replicaId=${b}, leaderId=${o}, fetcherId=0] Shutdown completed`, 'kafka.server.ReplicaFetcherThread');
  }
  sim.one(b, step(1, 10), 'INFO', `[ReplicaFetcherManager on broker ${b}] shutdown completed`, 'kafka.server.ReplicaFetcherManager');
  sim.one(b, step(5, 40), 'INFO', `[GroupCoordinator ${b}]: Shutting down.`, 'kafka.coordinator.group.GroupCoordinator');
  sim.one(b, step(5, 40), 'INFO', `[GroupCoordinator ${b}]: Shutdown complete.`, 'kafka.coordinator.group.GroupCoordinator');
  sim.one(b, step(20, 200), 'INFO', `[ReplicaManager broker=${b}] Shut down completely`, 'kafka.server.ReplicaManager');
  sim.one(b, step(5, 30), 'INFO', `[LogManager id=${b}] Shutting down.`, 'kafka.log.LogManager');
  sim.one(b, step(100, 900), 'INFO', `[LogManager id=${b}] Shutdown complete.`, 'kafka.log.LogManager');
  const wasController = sim.controller === b;
  if (wasController) {
    sim.one(b, step(5, 40), 'INFO', `[RaftManager id=${b}] Completed transition to Resigned(localId=${b}, epoch=${sim.raftEpoch}, voters=[1, 2, 3], electionTimeoutMs=${rng.int(1000, 2000)}, unackedVoters=[${others.join(', ')}], preferredSuccessors=[${others.join(', ')}]) from Leader(localId=${b}, epoch=${sim.raftEpoch})`, 'org.apache.kafka.raft.QuorumState');
    sim.one(b, step(20, 200), 'INFO', `[QuorumController id=${b}] QuorumController shutdown completed`, 'org.apache.kafka.controller.QuorumController');
  }
  sim.one(b, step(5, 30), 'INFO', `[SharedServer id=${b}] Stopping SharedServer`, 'kafka.server.SharedServer');
  sim.one(b, step(5, 60), 'INFO', `[BrokerServer id=${b}] shut down completed`, 'kafka.server.BrokerServer');
  sim.one(b, step(1, 5), 'INFO', `App info kafka.server for ${b} unregistered`, 'org.apache.kafka.common.utils.AppInfoParser');
  sim.one(b, Math.min(step(1, 10), r.downAt - 1), 'INFO', `[KafkaRaftServer nodeId=${b}] shut down completed`, 'kafka.server.KafkaRaftServer');

  // The quorum elects a new active controller when the departing broker held that role.
  if (wasController) {
    raftElection(sim, r.shutdownAt + rng.int(600, 1500), r.successor, others.filter((o) => o !== r.successor));
    sim.controller = r.successor;
  }
  sim.one(sim.controller, r.shutdownAt + rng.int(300, 600), 'INFO', `[QuorumController id=${sim.controller}] Fenced broker ${b} after controlled shutdown.`, 'org.apache.kafka.controller.BrokerHeartbeatManager');

  // Leadership moves to the next replica; leaders drop the broker from their ISRs.
  for (const o of others) {
    const taken = PARTITIONS.filter((p) => p.replicas[0] === b && p.replicas.find((x) => x !== b) === o);
    const tt = r.shutdownAt + rng.int(200, 900);
    if (taken.length > 0) {
      sim.one(o, tt, 'INFO', `[Broker id=${o}] Transitioning ${taken.length} partition(s) to local leaders.`, 'state.change.logger');
      sim.one(o, tt + rng.int(1, 20), 'INFO', `[ReplicaFetcherManager on broker ${o}] Removed fetcher for partitions Set(${taken.map(name).join(', ')})`, 'kafka.server.ReplicaFetcherManager');
    }
    for (const p of PARTITIONS) {
      if (!p.replicas.includes(b)) continue;
      const leader = p.replicas[0] === b ? p.replicas.find((x) => x !== b) : p.replicas[0];
      if (leader !== o) continue;
      const full = p.replicas.slice().sort();
      shrinkIsr(sim, r.shutdownAt + rng.int(10_000, 32_000), o, p, full, full.filter((x) => x !== b), b);
    }
    // Fetchers that followed the departing broker notice the lost connection.
    fetcherDisconnect(sim, r.shutdownAt + rng.int(1_000, 4_000), o, b);
    const retries = rng.int(2, 5);
    for (let i = 0; i < retries; i++) {
      sim.one(o, r.downAt + rng.int(2_000, Math.max(3_000, r.upAt - r.downAt - 1_000)), 'WARN', `[ReplicaFetcher replicaId=${o}, leaderId=${b}, fetcherId=0] Connection to node ${b} (kafka-${b}/${BROKER_IP[b]}:9092) could not be established. Node may not be available.`, 'org.apache.kafka.clients.NetworkClient');
    }
  }
  // Group coordination moves to the successor.
  for (const g of GROUPS) {
    if (offsetsPartitionLeader(g.offsetsPartition) !== b) continue;
    const tt = r.shutdownAt + rng.int(400, 1200);
    sim.one(r.successor, tt, 'INFO', `[GroupCoordinator ${r.successor}]: Elected as the group coordinator for partition ${g.offsetsPartition} in epoch ${rng.int(10, 40)}`, 'kafka.coordinator.group.GroupCoordinator');
    sim.one(r.successor, tt + rng.int(1, 10), 'INFO', `[GroupMetadataManager brokerId=${r.successor}] Scheduling loading of offsets and group metadata from __consumer_offsets-${g.offsetsPartition} for epoch ${rng.int(10, 40)}`, 'kafka.coordinator.group.GroupMetadataManager');
    sim.one(r.successor, tt + rng.int(20, 80), 'INFO', `[GroupMetadataManager brokerId=${r.successor}] Finished loading offsets and group metadata from __consumer_offsets-${g.offsetsPartition} in ${rng.int(12, 70)} milliseconds for epoch ${rng.int(10, 40)}, of which ${rng.int(0, 9)} milliseconds was spent in the scheduler.`, 'kafka.coordinator.group.GroupMetadataManager');
  }

  // The broker starts again, catches up, and the leaders expand their ISRs.
  const started = startup(sim, b, r.upAt, false);
  for (const o of others) {
    sim.one(b, started + rng.int(50, 400), 'INFO', `[ReplicaFetcherManager on broker ${b}] Added fetcher to broker ${o} for partitions Map(${PARTITIONS.filter((p) => p.replicas.includes(b) && p.replicas[0] !== b && (p.replicas[0] === o)).slice(0, 6).map((p) => `${name(p)} -> InitialFetchState(Some(${rng.alnum(22)}),BrokerEndPoint(id=${o}, host=kafka-${o}:9092),${rng.int(5, 40)},${sim.nextOffset(name(p), 0)})`).join(', ')})`, 'kafka.server.ReplicaFetcherManager');
    sim.one(b, started + rng.int(100, 600), 'INFO', `[ReplicaFetcher replicaId=${b}, leaderId=${o}, fetcherId=0] Starting`, 'kafka.server.ReplicaFetcherThread');
    for (const p of PARTITIONS) {
      if (!p.replicas.includes(b)) continue;
      const leader = p.replicas[0] === b ? p.replicas.find((x) => x !== b) : p.replicas[0];
      if (leader !== o) continue;
      const full = p.replicas.slice().sort();
      const lacking = full.filter((x) => x !== b);
      expandIsr(sim, started + rng.int(5_000, Math.max(6_000, r.end - started - 2_000)), o, p, lacking, [...lacking, b]);
    }
  }
  // Preferred leader election (auto.leader.rebalance) gives leadership back ~5 minutes later.
  const back = PARTITIONS.filter((p) => p.replicas[0] === b);
  const tb = r.upAt + rng.int(240_000, 300_000);
  sim.one(b, tb, 'INFO', `[Broker id=${b}] Transitioning ${back.length} partition(s) to local leaders.`, 'state.change.logger');
  for (const g of GROUPS) {
    if (offsetsPartitionLeader(g.offsetsPartition) !== b) continue;
    sim.one(r.successor, tb + rng.int(5, 60), 'INFO', `[GroupCoordinator ${r.successor}]: Resigned as the group coordinator for partition ${g.offsetsPartition} in epoch ${rng.int(10, 40)}`, 'kafka.coordinator.group.GroupCoordinator');
    sim.one(b, tb + rng.int(5, 60), 'INFO', `[GroupCoordinator ${b}]: Elected as the group coordinator for partition ${g.offsetsPartition} in epoch ${rng.int(10, 40)}`, 'kafka.coordinator.group.GroupCoordinator');
  }
}

type Trigger = 'failed' | 'left' | 'joined';

/** Simulates every consumer group's rebalances (normal ones and storms) and logs them on the coordinator. */
function groupRebalances(sim: KafkaSim, profile: RateProfile): void {
  const { plan } = sim;
  for (const g of GROUPS) {
    const rng = sim.rng.fork('group/' + g.name);
    let generation = rng.int(8, 30);
    let members = g.members;
    const memberIds = (): string => `consumer-${g.name}-${rng.int(1, 6)}-${rng.uuid()}`;
    const episodes: { t: number; trigger: Trigger }[] = [];
    for (const t of arrivals(rng, plan.start + 120_000, plan.end, plan.rate / 2700, profile)) episodes.push({ t, trigger: rng.pick(['failed', 'left', 'joined'] as const) });
    for (const inc of plan.incidents) {
      if (inc.type !== 'rebalance_storm' || inc.params.group !== g.name) continue;
      const n = Number(inc.params.rebalances);
      for (let i = 0; i < n; i++) {
        episodes.push({ t: Math.floor(inc.start + ((i + rng.float(0.05, 0.95)) * (inc.end - inc.start - 60_000)) / n), trigger: i % 3 === 2 ? 'left' : i % 2 === 0 ? 'failed' : 'joined' });
      }
    }
    episodes.sort((a, b) => a.t - b.t);
    for (const ep of episodes) {
      const c = sim.coordinator(g.offsetsPartition, ep.t);
      if (!sim.alive(c, ep.t)) continue;
      const id = memberIds();
      let t = ep.t;
      let reason: string;
      if (ep.trigger === 'failed') {
        sim.one(c, t, 'INFO', `[GroupCoordinator ${c}]: Member ${id} in group ${g.name} has failed, removing it from the group`, 'kafka.coordinator.group.GroupCoordinator');
        reason = `removing member ${id} on heartbeat expiration`;
        members = Math.max(1, members - 1);
      } else if (ep.trigger === 'left') {
        sim.one(c, t, 'INFO', `[GroupCoordinator ${c}]: Member MemberMetadata(memberId=${id}, groupInstanceId=None, clientId=${id.slice(0, id.length - 37)}, clientHost=/${rng.pick(CLIENT_IPS)}, sessionTimeoutMs=45000, rebalanceTimeoutMs=300000, supportedProtocols=List(range, cooperative-sticky)) has left group ${g.name} through explicit \`LeaveGroup\`; client reason: the consumer is being closed`, 'kafka.coordinator.group.GroupCoordinator');
        reason = `Removing member ${id} on LeaveGroup; client reason: the consumer is being closed`;
        members = Math.max(1, members - 1);
      } else {
        sim.one(c, t, 'INFO', `[GroupCoordinator ${c}]: Dynamic member with unknown member id joins group ${g.name} in Stable state. Created a new member id ${id} and request the member to rejoin with this id.`, 'kafka.coordinator.group.GroupCoordinator');
        reason = `Adding new member ${id} with group instance id None; client reason: need to re-join with the given member-id: ${id}`;
        members = Math.min(g.members + 2, members + 1);
      }
      t += rng.int(2, 40);
      sim.one(c, t, 'INFO', `[GroupCoordinator ${c}]: Preparing to rebalance group ${g.name} in state PreparingRebalance with old generation ${generation} (__consumer_offsets-${g.offsetsPartition}) (reason: ${reason})`, 'kafka.coordinator.group.GroupCoordinator');
      generation++;
      t += rng.int(3_000, 25_000);
      sim.one(c, t, 'INFO', `[GroupCoordinator ${c}]: Stabilized group ${g.name} generation ${generation} (__consumer_offsets-${g.offsetsPartition}) with ${members} members`, 'kafka.coordinator.group.GroupCoordinator');
      t += rng.int(5, 200);
      sim.one(c, t, 'INFO', `[GroupCoordinator ${c}]: Assignment received from leader ${memberIds()} for group ${g.name} for generation ${generation}. The group has ${members} members, 0 of which are static.`, 'kafka.coordinator.group.GroupCoordinator');
      if (ep.trigger !== 'joined' && rng.chance(0.6)) members = Math.min(g.members, members + 1);
    }
  }
}

/** Background traffic of one broker: segment rolls, retention, transactions, cleaner, noise. */
function background(sim: KafkaSim, b: number, rng: Rng, profile: RateProfile): void {
  const { plan } = sim;
  const rate = plan.rate;
  const from = plan.start + 60_000;
  const to = plan.end;
  const hosted = PARTITIONS;
  const alive = (t: number): boolean => sim.alive(b, t) && !inWindows(t, sim.restarts.filter((r) => r.broker === b).map((r) => ({ start: r.shutdownAt, end: r.upAt + 30_000 })));

  for (const t of arrivals(rng, from, to, 0.11 * rate, profile)) {
    if (!alive(t)) continue;
    const p = rng.pick(hosted);
    const off = sim.nextOffset(name(p), rng.int(2_000, 90_000));
    sim.one(b, t, 'INFO', `[LocalLog partition=${name(p)}, dir=${DATA_DIR}] Rolled new log segment at offset ${off} in ${rng.int(0, 6)} ms.`, 'kafka.log.LocalLog');
    sim.one(b, t + rng.int(0, 3), 'INFO', `[ProducerStateManager partition=${name(p)}] Wrote producer snapshot at offset ${off} with ${rng.int(0, 12)} producer ids in ${rng.int(0, 4)} ms.`, 'org.apache.kafka.storage.internals.log.ProducerStateManager');
  }
  for (const t of arrivals(rng, from, to, 0.022 * rate, profile)) {
    if (!alive(t)) continue;
    const p = rng.pick(hosted);
    const base = sim.nextOffset(name(p) + '/start', rng.int(20_000, 200_000));
    const size = rng.int(200_000, 1_073_741_000);
    const modified = t - rng.int(604_800_000, 700_000_000);
    const largest = modified - rng.int(1_000, 3_600_000);
    sim.one(b, t, 'INFO', `[UnifiedLog partition=${name(p)}, dir=${DATA_DIR}] Deleting segment LogSegment(baseOffset=${base}, size=${size}, lastModifiedTime=${modified}, largestRecordTimestamp=${largest}) due to log retention time 604800000ms breach based on the largest record timestamp in the segment`, 'kafka.log.UnifiedLog');
    sim.one(b, t + rng.int(0, 3), 'INFO', `[UnifiedLog partition=${name(p)}, dir=${DATA_DIR}] Incremented log start offset to ${base + rng.int(2_000, 90_000)} due to segment deletion`, 'kafka.log.UnifiedLog');
    const later = t + 60_000 + rng.int(0, 50);
    if (alive(later)) sim.one(b, later, 'INFO', `[LocalLog partition=${name(p)}, dir=${DATA_DIR}] Deleting segment files LogSegment(baseOffset=${base}, size=${size}, lastModifiedTime=${modified}, largestRecordTimestamp=${largest})`, 'kafka.log.LocalLog$');
  }
  for (const t of arrivals(rng, from, to, 0.02 * rate, profile)) {
    if (!alive(t)) continue;
    sim.one(b, t, 'INFO', `[TransactionCoordinator id=${b}] Initialized transactionalId orders-api-tx-${rng.int(0, 11)} with producerId ${rng.int(4000, 9000)} and producer epoch ${rng.int(0, 60)} on partition __transaction_state-${rng.int(0, 49)}`, 'kafka.coordinator.transaction.TransactionCoordinator');
  }
  for (const t of ticks(rng, from, to, 600_000)) {
    if (!alive(t)) continue;
    sim.one(b, t, 'INFO', `[GroupMetadataManager brokerId=${b}] Removed ${rng.chance(0.8) ? 0 : rng.int(1, 40)} expired offsets in ${rng.int(0, 3)} milliseconds.`, 'kafka.coordinator.group.GroupMetadataManager');
  }
  for (const t of ticks(rng, from, to, 900_000, 180_000)) {
    if (!alive(t)) continue;
    const p = rng.int(0, 49);
    const start = sim.nextOffset('__consumer_offsets-' + p, rng.int(1_000, 9_000));
    const msgs = rng.int(800, 20_000);
    const kept = Math.floor(msgs * rng.float(0.02, 0.2));
    sim.emit(b, t, [
      `[${log4jTs(t)}] INFO [kafka-log-cleaner-thread-0]: `,
      `\tLog cleaner thread 0 cleaned log __consumer_offsets-${p} (dirty section = [${start}, ${start + msgs}])`,
      `\t${(msgs / 9000).toFixed(1)} MB of log processed in ${rng.float(0, 0.3).toFixed(1)} seconds (${rng.float(0.5, 30).toFixed(1)} MB/sec).`,
      `\tIndexed ${(msgs / 9000).toFixed(1)} MB in ${rng.float(0, 0.2).toFixed(1)} seconds (${rng.float(0.5, 40).toFixed(1)} Mb/sec, ${rng.float(40, 80).toFixed(1)}% of total time)`,
      `\tBuffer utilization: ${rng.float(0, 2).toFixed(1)}%`,
      `\tCleaned ${(msgs / 9000).toFixed(1)} MB in ${rng.float(0, 0.2).toFixed(1)} seconds (${rng.float(0.5, 40).toFixed(1)} Mb/sec, ${rng.float(20, 60).toFixed(1)}% of total time)`,
      `\tStart size: ${(msgs / 9000).toFixed(1)} MB (${msgs.toLocaleString('en-US')} messages)`,
      `\tEnd size: ${(kept / 9000).toFixed(1)} MB (${kept.toLocaleString('en-US')} messages)`,
      `\t${(100 - (kept / msgs) * 100).toFixed(1)}% size reduction (${(100 - (kept / msgs) * 100).toFixed(1)}% fewer messages)`,
      ' (kafka.log.LogCleaner)',
    ]);
  }
  for (const t of ticks(rng, from, to, 3_600_000, 120_000)) {
    if (!alive(t)) continue;
    sim.one(b, t, 'INFO', `[SnapshotEmitter id=${b}] Successfully wrote snapshot ${String(sim.nextOffset('__cluster_metadata-0', rng.int(3000, 9000))).padStart(20, '0')}-${String(sim.raftEpoch).padStart(10, '0')}`, 'org.apache.kafka.image.publisher.SnapshotEmitter');
  }
  // Noise: warnings and isolated errors, including request-processing failures with stack traces.
  for (const t of arrivals(rng, from, to, rate / 1500)) {
    if (!alive(t)) continue;
    const ip = rng.pick(CLIENT_IPS);
    sim.one(b, t, 'INFO', `[SocketServer listenerType=BROKER, nodeId=${b}] Failed authentication with /${ip} (channelId=${BROKER_IP[b]}:9092-${ip}:${rng.int(32768, 60999)}-${rng.int(0, 300)}) (Unexpected Kafka request of type METADATA during SASL handshake.)`, 'org.apache.kafka.common.network.Selector');
  }
  for (const t of arrivals(rng, from, to, rate / 2400)) {
    if (!alive(t)) continue;
    const kind = rng.int(0, 3);
    const ip = rng.pick(CLIENT_IPS);
    const p = rng.pick(PARTITIONS.filter((x) => x.replicas[0] === b));
    const corr = sim.corr();
    const client = rng.pick(['orders-api-producer-1', 'payments-producer-2', `consumer-orders-consumers-${rng.int(1, 4)}`, 'producer-inventory-sync-1']);
    if (kind === 0) {
      const api = rng.pick(['PRODUCE', 'FETCH', 'METADATA', 'OFFSET_COMMIT']);
      const header = `RequestHeader(apiKey=${api}, apiVersion=${rng.int(7, 15)}, clientId=${client}, correlationId=${corr}, headerVersion=2)`;
      sim.emit(b, t, [
        `[${log4jTs(t)}] ERROR [KafkaApi-${b}] Unexpected error handling request ${header} -- ${api === 'PRODUCE' ? `ProduceRequestData(transactionalId=null, acks=-1, timeoutMs=30000, topicData=[TopicProduceData(name='${p.topic}', partitionData=[PartitionProduceData(index=${p.partition}, records=MemoryRecords(size=${rng.int(200, 9000)}, buffer=java.nio.HeapByteBuffer[pos=0 lim=1214 cap=1214]))])])` : `${api[0]}${api.slice(1).toLowerCase().replace(/_(\w)/g, (_m, c: string) => c.toUpperCase())}RequestData(topics=[${p.topic}])`} with context RequestContext(header=${header}, connectionId='${BROKER_IP[b]}:9092-${ip}:${rng.int(32768, 60999)}-${rng.int(0, 300)}', clientAddress=/${ip}, principal=User:ANONYMOUS, listenerName=ListenerName(PLAINTEXT), securityProtocol=PLAINTEXT, clientInformation=ClientInformation(softwareName=apache-kafka-java, softwareVersion=3.7.0), fromPrivilegedListener=false, principalSerde=Optional[org.apache.kafka.common.security.authenticator.DefaultKafkaPrincipalBuilder@${rng.hex(8)}]) (kafka.server.KafkaApis)`,
        ...javaStack(rng, `java.lang.IllegalStateException: Unexpected state while processing ${api.toLowerCase()} request for ${name(p)}`, 'kafkaApis'),
      ]);
    } else if (kind === 1) {
      sim.emit(b, t, [
        `[${log4jTs(t)}] ERROR [ReplicaManager broker=${b}] Error processing append operation on partition ${name(p)} (kafka.server.ReplicaManager)`,
        ...javaStack(rng, `org.apache.kafka.common.errors.RecordTooLargeException: The record batch size in the append to ${name(p)} is ${rng.int(1_048_589, 4_000_000)} bytes which exceeds the maximum configured value of 1048588.`, 'kafkaApis'),
      ]);
    } else if (kind === 2) {
      sim.emit(b, t, [
        `[${log4jTs(t)}] WARN [SocketServer listenerType=BROKER, nodeId=${b}] Unexpected error from /${ip} (channelId=${BROKER_IP[b]}:9092-${ip}:${rng.int(32768, 60999)}-${rng.int(0, 300)}); closing connection (org.apache.kafka.common.network.Selector)`,
        ...javaStack(rng, 'org.apache.kafka.common.network.InvalidReceiveException: Invalid receive (size = 1195725856 larger than 104857600)', 'kafkaSelector'),
      ]);
    } else {
      sim.emit(b, t, [
        `[${log4jTs(t)}] INFO [KafkaApi-${b}] Closing connection due to error during produce request with correlation id ${corr} from client id ${client} with ack=0`,
        `Topic and partition to exceptions: ${name(p)} -> org.apache.kafka.common.errors.NotLeaderOrFollowerException (kafka.server.KafkaApis)`,
      ]);
    }
  }
  // A slow follower now and then: ISR shrinks, then expands again.
  for (const t of arrivals(rng, from, to, rate / 9000)) {
    if (!alive(t) || !alive(t + 90_000)) continue;
    const p = rng.pick(PARTITIONS.filter((x) => x.replicas[0] === b));
    const lagging = rng.pick(p.replicas.slice(1));
    if (sim.unavailable(lagging, t) || sim.unavailable(lagging, t + 90_000)) continue;
    const full = p.replicas.slice().sort();
    shrinkIsr(sim, t, b, p, full, full.filter((x) => x !== lagging), lagging);
    expandIsr(sim, t + rng.int(15_000, 80_000), b, p, full.filter((x) => x !== lagging), full);
  }
}

/** Simulates the three brokers; returns each broker's events in time order, keyed by broker id. */
export function kafkaBrokerEvents(plan: ClusterPlan, rng: Rng): Map<number, AppEvent[]> {
  const sim = new KafkaSim(plan, rng.fork('kafka/shared'));
  const profile = new RateProfile(rng.fork('kafka/profile'), plan.start, plan.end);
  for (const b of BROKERS) startup(sim, b, plan.start + 500 + b * rng.int(300, 1500), true);
  // Initial KRaft election: broker 2 becomes the active controller.
  raftElection(sim, plan.start + 9_000 + rng.int(0, 2000), 2, [1, 3]);
  for (const b of BROKERS) {
    background(sim, b, rng.fork('kafka/bg/' + b), profile);
  }
  groupRebalances(sim, profile);
  for (const r of sim.restarts) restartIncident(sim, r);
  for (const b of BROKERS) {
    const ev = sim.out.get(b) as AppEvent[];
    // Nothing is logged while the process is down, even by the incident helpers.
    const kept = ev.filter((e) => sim.alive(b, e.t) && e.t < plan.end);
    sim.out.set(b, sortEvents(kept));
  }
  return sim.out;
}
