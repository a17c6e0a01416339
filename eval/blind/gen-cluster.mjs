#!/usr/bin/env node
// gen-cluster.mjs — a seeded generator of a small cluster's runtime logs plus a ground-truth file.
// Usage: node gen-cluster.mjs [--out ./out/cluster] [--seed 11]
// Writes <out>/logs/... (the tree to ingest) and <out>/truth.jsonl (one expected event per line,
// keyed by file (relative to <out>/logs) + byte offset of the event's first physical line).
// Written from the formats' documentation only, not from loglake's code (see README.md).
import fs from 'node:fs';
import path from 'node:path';
import {
  rng, LogFile, writeJson, dockerConfig, isoMs, rfc3339Nano, log4jDate, sparkDate, pgT, pgM, clfDate,
  bsdDate, nginxErrDate, apacheErrDate, parseArgs,
} from './lib.mjs';

const args = parseArgs(process.argv.slice(2), { out: './out/cluster', seed: '11' });
const SEED = Number(args.seed);
const R = rng(SEED);
const OUT = path.resolve(args.out);
const LOGS = path.join(OUT, 'logs');
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(LOGS, { recursive: true });

const T0 = Date.UTC(2026, 2, 2, 8, 0, 0); // 2026-03-02T08:00:00Z
const DUR = 2 * 3600e3;
const sec = (ms) => Math.floor(ms / 1000) * 1000;
/** expected event time: exact (ms precision in the line) or the covering second. */
const tsExact = (ms) => ({ ts_min: ms - 1, ts_max: ms + 1 });
const tsSecond = (ms) => ({ ts_min: sec(ms) - 1, ts_max: sec(ms) + 1000 });

// ---------------------------------------------------------------------------------------------
// Sink: per-file pending events, sorted by runtime time at the end, then written with offsets.
const files = new Map();
function file(rel, envelope, meta) {
  if (!files.has(rel)) files.set(rel, { lf: new LogFile(LOGS, rel, envelope, meta), pending: [] });
  return files.get(rel);
}
let seq = 0;
function emit(f, ms, text, opts) { f.pending.push({ ms, seq: seq++, text, opts: { ...opts, rtMs: ms + (opts.rtLag ?? R.int(2, 30)) } }); }

function times(n, from = T0, to = T0 + DUR) {
  const a = []; for (let i = 0; i < n; i++) a.push(Math.floor(from + R.next() * (to - from)));
  return a.sort((x, y) => x - y);
}

// ---------------------------------------------------------------------------------------------
// Kubernetes CRI pod files: /var/log/pods/<ns>_<pod>_<uid>/<container>/0.log, with the kubelet's
// /var/log/containers/<pod>_<ns>_<container>-<id>.log symlink.
function criFile(ns, pod, container, restart = 0) {
  const uid = R.uuid();
  const rel = `var/log/pods/${ns}_${pod}_${uid}/${container}/${restart}.log`;
  const f = file(rel, 'cri');
  f.lf.aliases.push(`var/log/containers/${pod}_${ns}_${container}-${R.hex(64)}.log`);
  f.origin = { namespace: ns, pod, container };
  return f;
}
// Docker json-file: /var/lib/docker/containers/<id>/<id>-json.log + config.v2.json
const dockerConfigs = [];
function dockerFile(name, image, composeService, env = []) {
  const id = R.hex(64);
  const rel = `var/lib/docker/containers/${id}/${id}-json.log`;
  const f = file(rel, 'docker-json');
  dockerConfigs.push([`var/lib/docker/containers/${id}/config.v2.json`, dockerConfig({
    id, name, image, hostname: id.slice(0, 12), env, created: isoMs(T0 - 3600e3),
    labels: { 'com.docker.compose.project': 'fjord', 'com.docker.compose.service': composeService, 'com.docker.compose.container-number': '1' },
  })]);
  f.origin = { service: composeService, container: name, image };
  return f;
}

// ---------------------------------------------------------------------------------------------
// 1. Spark on Kubernetes (spark-submit, cluster mode). Pod names: <app>-<hex16>-driver and
// <prefix>-exec-<N>; containers spark-kubernetes-driver / spark-kubernetes-executor; labels
// spark-app-selector, spark-role, spark-exec-id, spark-app-name, spark-version.
function sparkApp({ name, ns, nExec, start, fluent }) {
  const selector = 'spark-' + R.hex(32);
  const prefix = `${name}-${R.hex(16)}`;
  const node = `ip-10-42-${R.int(1, 9)}-${R.int(10, 250)}.ec2.internal`;
  const labelsFor = (role, exec) => ({
    'spark-app-selector': selector, 'spark-app-name': name, 'spark-role': role, 'spark-version': '3.5.1',
    ...(exec ? { 'spark-exec-id': String(exec), 'spark-exec-resourceprofile-id': '0' } : {}),
  });
  const image = 'registry.fjord.internal/data/spark-py:3.5.1-r4';
  const mk = (role, exec) => {
    const pod = role === 'driver' ? `${prefix}-driver` : `${prefix}-exec-${exec}`;
    const container = role === 'driver' ? 'spark-kubernetes-driver' : 'spark-kubernetes-executor';
    let f;
    if (fluent) {
      const k8s = {
        pod_name: pod, namespace_name: ns, pod_id: R.uuid(), labels: labelsFor(role, exec),
        annotations: {}, host: node, container_name: container, docker_id: R.hex(64),
        container_hash: image + '@sha256:' + R.hex(64), container_image: image,
      };
      f = file(`fluentbit/spark-application-logs/${ns}/${selector}/${pod}.json`, 'fluentbit', { kubernetes: k8s });
      f.origin = { namespace: ns, pod, container, host: node, image, spark_app_id: selector, spark_app_name: name };
    } else {
      f = criFile(ns, pod, container);
    }
    f.spark = { role, exec: role === 'driver' ? 'driver' : String(exec) };
    return f;
  };
  const drv = mk('driver');
  const execs = []; for (let i = 1; i <= nExec; i++) execs.push(mk('executor', i));
  const execIp = execs.map(() => `10.42.${R.int(1, 9)}.${R.int(2, 250)}`);

  const L = (f, ms, level, cls, msg, x = {}, more = {}) => {
    const sev = { INFO: 'INFO', WARN: 'WARN', ERROR: 'ERROR', DEBUG: 'DEBUG' }[level];
    const head = `${sparkDate(ms)} ${level} ${cls}: `;
    const text = head + msg;
    const expected = {
      ...f.origin, ...tsSecond(ms), severity: sev, component: cls,
      spark_role: f.spark.role, msg: msg.split('\n')[0], ...x,
    };
    if (!('spark_executor_id' in x)) expected.spark_executor_id = f.spark.exec;
    // a driver line that names another executor ("executor 2"): which id applies is ambiguous, not checked
    if (more.executorRef && f.spark.role === 'driver') delete expected.spark_executor_id;
    for (const k of ['spark_stage_id', 'spark_task_id']) if (!(k in expected)) expected[k] = null;
    emit(f, ms, text, { family: 'spark', stream: 'stderr', expected, rtLag: R.int(0, 900) });
  };
  let t = start;
  L(drv, t, 'INFO', 'SparkContext', 'Running Spark version 3.5.1');
  L(drv, t += 120, 'INFO', 'SparkContext', `Submitted application: ${name}`);
  L(drv, t += 800, 'INFO', 'Utils', "Successfully started service 'sparkDriver' on port 7078.");
  L(drv, t += 1500, 'INFO', 'KubernetesClusterSchedulerBackend', `SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8`);
  execs.forEach((e, i) => {
    L(e, t + 200 + i * 50, 'INFO', 'CoarseGrainedExecutorBackend', `Started daemon with process name: 14@${e.origin.pod}`);
    L(e, t + 900 + i * 50, 'INFO', 'CoarseGrainedExecutorBackend', 'Successfully registered with driver');
  });
  let tid = 0; let stage = 0;
  const failTid = new Set();
  for (let job = 0; job < 4; job++) {
    t += R.int(2000, 6000);
    L(drv, t, 'INFO', 'DAGScheduler', `Got job ${job} (parquet at RollupJob.scala:${80 + job}) with 8 output partitions`);
    for (let s = 0; s < 2; s++, stage++) {
      const kind = s === 0 ? 'ShuffleMapStage' : 'ResultStage';
      t += 300;
      L(drv, t, 'INFO', 'DAGScheduler', `Submitting ${kind} ${stage} (MapPartitionsRDD[${stage * 3 + 2}] at parquet at RollupJob.scala:${80 + job}), which has no missing parents`, { spark_stage_id: stage });
      L(drv, t += 40, 'INFO', 'DAGScheduler', `Submitting 8 missing tasks from ${kind} ${stage} (MapPartitionsRDD[${stage * 3 + 2}] at parquet at RollupJob.scala:${80 + job}) (first 15 tasks are for partitions Vector(0, 1, 2, 3, 4, 5, 6, 7))`, { spark_stage_id: stage });
      L(drv, t += 10, 'INFO', 'TaskSchedulerImpl', `Adding task set ${stage}.0 with 8 tasks resource profile 0`, { spark_stage_id: stage });
      for (let p = 0; p < 8; p++, tid++) {
        const ex = p % nExec; const e = execs[ex];
        const ts0 = t + p * 35;
        L(drv, ts0, 'INFO', 'TaskSetManager', `Starting task ${p}.0 in stage ${stage}.0 (TID ${tid}) (${execIp[ex]}, executor ${ex + 1}, partition ${p}, PROCESS_LOCAL, 9${R.int(100, 999)} bytes)`, { spark_stage_id: stage, spark_task_id: tid }, { executorRef: true });
        L(e, ts0 + 20, 'INFO', 'CoarseGrainedExecutorBackend', `Got assigned task ${tid}`, { spark_task_id: tid });
        L(e, ts0 + 25, 'INFO', 'Executor', `Running task ${p}.0 in stage ${stage}.0 (TID ${tid})`, { spark_stage_id: stage, spark_task_id: tid });
        const dur = R.int(400, 3000);
        if (job === 2 && s === 1 && p === 5) {
          failTid.add(tid);
          const trace = [
            `Exception in task ${p}.0 in stage ${stage}.0 (TID ${tid})`,
            'java.lang.OutOfMemoryError: Java heap space',
            '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)',
            '\tat org.apache.spark.sql.catalyst.expressions.UnsafeRow.copy(UnsafeRow.java:470)',
            '\tat org.apache.spark.sql.execution.SparkPlan.$anonfun$getByteArrayRdd$1(SparkPlan.scala:389)',
            '\tat org.apache.spark.scheduler.ResultTask.runTask(ResultTask.scala:93)',
            '\tat org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:620)',
            '\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)',
            '\tat java.base/java.lang.Thread.run(Thread.java:840)',
          ].join('\n');
          L(e, ts0 + dur, 'ERROR', 'Executor', trace, { spark_stage_id: stage, spark_task_id: tid, error_class: 'java.lang.OutOfMemoryError' });
          const lost = [
            `Lost task ${p}.0 in stage ${stage}.0 (TID ${tid}) (${execIp[ex]} executor ${ex + 1}): java.lang.OutOfMemoryError: Java heap space`,
            '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)',
            '\tat org.apache.spark.sql.catalyst.expressions.UnsafeRow.copy(UnsafeRow.java:470)',
            '\tat org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:620)',
            '\tat java.base/java.lang.Thread.run(Thread.java:840)',
            '',
          ].join('\n');
          L(drv, ts0 + dur + 30, 'WARN', 'TaskSetManager', lost.replace(/\n$/, ''), { spark_stage_id: stage, spark_task_id: tid, error_class: 'java.lang.OutOfMemoryError', event_type: 'task_failed' }, { executorRef: true });
          L(drv, ts0 + dur + 60, 'ERROR', 'TaskSchedulerImpl', `Lost executor ${ex + 1} on ${execIp[ex]}: The executor with id ${ex + 1} exited with exit code 137(SIGKILL, possible container OOM).`, { event_type: 'executor_lost' }, { executorRef: true });
        } else {
          L(e, ts0 + dur, 'INFO', 'Executor', `Finished task ${p}.0 in stage ${stage}.0 (TID ${tid}). ${R.int(1500, 4000)} bytes result sent to driver`, { spark_stage_id: stage, spark_task_id: tid });
          L(drv, ts0 + dur + 15, 'INFO', 'TaskSetManager', `Finished task ${p}.0 in stage ${stage}.0 (TID ${tid}) in ${dur} ms on ${execIp[ex]} (executor ${ex + 1}) (${p + 1}/8)`, { spark_stage_id: stage, spark_task_id: tid }, { executorRef: true });
        }
      }
      t += 3500;
      L(drv, t, 'INFO', 'DAGScheduler', `${kind} ${stage} (parquet at RollupJob.scala:${80 + job}) finished in ${(R.int(2000, 9000) / 1000).toFixed(3)} s`, { spark_stage_id: stage, event_type: 'stage_completed' });
    }
    L(drv, t += 20, 'INFO', 'DAGScheduler', `Job ${job} finished: parquet at RollupJob.scala:${80 + job}, took ${(R.int(4000, 20000) / 1000).toFixed(6)} s`, { event_type: 'job_completed' });
    // executors chatter without task ids
    execs.forEach((e) => L(e, t - R.int(100, 2000), 'INFO', 'MemoryStore', `Block broadcast_${job * 2 + 1} stored as values in memory (estimated size ${R.int(10, 90)}.${R.int(0, 9)} KiB, free 2004.${R.int(0, 9)} MiB)`));
  }
  L(drv, t += 1000, 'INFO', 'SparkContext', 'Successfully stopped SparkContext');
  return t;
}
let sparkEnd = sparkApp({ name: 'ledger-rollup', ns: 'batch-jobs', nExec: 3, start: T0 + 5 * 60e3, fluent: false });
sparkEnd = sparkApp({ name: 'ledger-rollup', ns: 'batch-jobs', nExec: 3, start: sparkEnd + 20 * 60e3, fluent: true });
sparkApp({ name: 'churn-features', ns: 'ml-platform', nExec: 2, start: T0 + 50 * 60e3, fluent: true });

// ---------------------------------------------------------------------------------------------
// 2. Kafka brokers (docker json-file). Default log4j layout "[%d] %p %m (%c)%n" for brokers 1 and 2,
// a custom ConversionPattern "%d{ISO8601} %-5p [%t] %c - %m%n" for broker 3. Request logger
// (kafka.request.logger) at DEBUG/TRACE: RequestHeader(apiKey=…) form on broker 1, JSON
// requestHeader form (KIP-673, Kafka 2.8+) on broker 2.
const TOPICS = ['ledger-events', 'settlement-commands', 'audit-trail'];
const GROUPS = ['settlement-workers', 'audit-sink', 'fraud-scorer'];
// message first line, with or without the log4j context prefix "[GroupCoordinator 1]: " Kafka puts first
const kmsg = (m) => { const l = m.split('\n')[0]; const s = l.replace(/^\[[^\]]*\]:? /, ''); return s === l ? l : [l, s]; };
function kafkaBroker(id, custom, reqForm) {
  const f = dockerFile(`fjord-kafka-${id}`, 'apache/kafka:3.7.0', `kafka-${id}`, [`KAFKA_NODE_ID=${id}`]);
  const line = (ms, level, logger, msg, x = {}, thread = 'kafka-scheduler-1') => {
    const text = custom
      ? `${log4jDate(ms)} ${level.padEnd(5)} [${thread}] ${logger} - ${msg}`
      : `[${log4jDate(ms)}] ${level} ${msg} (${logger})`;
    const expected = {
      service: [f.origin.service, 'kafka'], container: f.origin.container, ...tsExact(ms),
      severity: level === 'WARNING' ? 'WARN' : level, component: logger, msg: kmsg(msg), ...x,
    };
    if (custom) expected.thread = thread;
    for (const k of ['kafka_topic', 'kafka_partition', 'kafka_consumer_group', 'kafka_request_type']) if (!(k in expected)) expected[k] = null;
    emit(f, ms, text, { family: 'kafka', expected });
  };
  let t = T0 + R.int(0, 2000);
  line(t, 'INFO', 'kafka.server.KafkaRaftServer', `[KafkaRaftServer nodeId=${id}] Kafka Server started`, { broker_id: id, event_type: 'broker_start' }, 'main');
  line(t += 50, 'INFO', 'kafka.log.LogManager', `[LogManager broker=${id}] Loading logs from log dirs ArrayBuffer(/var/lib/kafka/data)`, { broker_id: id }, 'main');
  for (const ms of times(260)) {
    const r = R.next();
    const topic = R.pick(TOPICS); const part = R.int(0, 11); const group = R.pick(GROUPS);
    const thread = `data-plane-kafka-request-handler-${R.int(0, 7)}`;
    if (r < 0.12) {
      line(ms, 'INFO', 'kafka.coordinator.group.GroupCoordinator', `[GroupCoordinator ${id}]: Preparing to rebalance group ${group} in state PreparingRebalance with old generation ${R.int(3, 40)} (__consumer_offsets-${R.int(0, 49)}) (reason: Adding new member consumer-${group}-${R.int(1, 6)}-${R.uuid()} with group instance id None; client reason: need to re-join with the given member-id: consumer-${group}-1-${R.uuid()})`, { broker_id: id, kafka_consumer_group: group, kafka_topic: undefined, event_type: 'rebalance' }, thread);
    } else if (r < 0.22) {
      line(ms, 'INFO', 'kafka.coordinator.group.GroupCoordinator', `[GroupCoordinator ${id}]: Stabilized group ${group} generation ${R.int(3, 40)} (__consumer_offsets-${R.int(0, 49)}) with ${R.int(1, 6)} members`, { broker_id: id, kafka_consumer_group: group, kafka_topic: undefined }, thread);
    } else if (r < 0.30) {
      line(ms, 'INFO', 'kafka.cluster.Partition', `[Partition ${topic}-${part} broker=${id}] Shrinking ISR from ${id},${(id % 3) + 1},${((id + 1) % 3) + 1} to ${id}. Leader: (highWatermark: ${R.int(1000, 99999)}, endOffset: ${R.int(100000, 200000)}). Out of sync replicas: (brokerId: ${(id % 3) + 1}, endOffset: ${R.int(1000, 99999)}, lastCaughtUpTimeMs: ${ms - 31000}).`, { broker_id: id, kafka_topic: topic, kafka_partition: part, event_type: 'isr_change' }, 'kafka-scheduler-3');
    } else if (r < 0.38) {
      line(ms, 'INFO', 'kafka.cluster.Partition', `[Partition ${topic}-${part} broker=${id}] ISR updated to ${id},${(id % 3) + 1} and version updated to ${R.int(5, 90)}`, { broker_id: id, kafka_topic: topic, kafka_partition: part, event_type: 'isr_change' }, thread);
    } else if (r < 0.50) {
      line(ms, 'INFO', 'kafka.log.UnifiedLog', `[UnifiedLog partition=${topic}-${part}, dir=/var/lib/kafka/data] Incremented log start offset to ${R.int(1000, 90000)} due to SegmentDeletion`, { kafka_topic: topic, kafka_partition: part }, 'kafka-scheduler-5');
    } else if (r < 0.58) {
      line(ms, 'INFO', 'kafka.log.UnifiedLog', `[UnifiedLog partition=${topic}-${part}, dir=/var/lib/kafka/data] Deleting segment LogSegment(baseOffset=${R.int(0, 9000)}, size=1073741${R.int(100, 999)}, lastModifiedTime=${ms - 604900000}, largestRecordTimestamp=${ms - 604850000}) due to retention time 604800000ms breach based on the largest record timestamp in the segment`, { kafka_topic: topic, kafka_partition: part }, 'kafka-scheduler-5');
    } else if (r < 0.64) {
      line(ms, 'INFO', 'kafka.server.ReplicaFetcherManager', `[ReplicaFetcherManager on broker ${id}] Removed fetcher for partitions Set(${topic}-${part})`, { broker_id: id, kafka_topic: topic, kafka_partition: part }, thread);
    } else if (r < 0.69) {
      const leader = (id % 3) + 1;
      const text = [
        `[ReplicaFetcher replicaId=${id}, leaderId=${leader}, fetcherId=0] Error in response for fetch request (type=FetchRequest, replicaId=${id}, maxWait=500, minBytes=1, maxBytes=10485760, fetchData={${topic}-${part}=PartitionData(topicId=${R.hex(22)}, fetchOffset=${R.int(1000, 9000)}, logStartOffset=0, maxBytes=1048576, currentLeaderEpoch=Optional[${R.int(1, 30)}], lastFetchedEpoch=Optional[${R.int(1, 30)}])}, isolationLevel=READ_UNCOMMITTED, removed=, replaced=, metadata=(sessionId=${R.int(1e8, 9e8)}, epoch=${R.int(1, 9000)}), rackId=)`,
        `java.io.IOException: Connection to ${leader} was disconnected before the response was read`,
        '\tat org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)',
        '\tat kafka.server.BrokerBlockingSender.sendRequest(BrokerBlockingSender.scala:113)',
        '\tat kafka.server.RemoteLeaderEndPoint.fetch(RemoteLeaderEndPoint.scala:79)',
        '\tat kafka.server.AbstractFetcherThread.processFetchRequest(AbstractFetcherThread.scala:316)',
        '\tat kafka.server.AbstractFetcherThread.$anonfun$maybeFetch$3(AbstractFetcherThread.scala:130)',
        '\tat kafka.server.AbstractFetcherThread.doWork(AbstractFetcherThread.scala:112)',
        '\tat org.apache.kafka.server.util.ShutdownableThread.run(ShutdownableThread.java:130)',
      ].join('\n');
      if (custom) {
        // log4j prints the throwable after the formatted message line
        line(ms, 'WARN', 'kafka.server.ReplicaFetcherThread', text, { broker_id: id, kafka_topic: undefined, kafka_request_type: undefined, error_class: 'java.io.IOException' }, `ReplicaFetcherThread-0-${leader}`);
      } else {
        const [first, ...rest] = text.split('\n');
        const t2 = `[${log4jDate(ms)}] WARN ${first} (kafka.server.ReplicaFetcherThread)\n${rest.join('\n')}`;
        emit(f, ms, t2, { family: 'kafka', expected: { service: [f.origin.service, 'kafka'], ...tsExact(ms), severity: 'WARN', component: 'kafka.server.ReplicaFetcherThread', broker_id: id, error_class: 'java.io.IOException', msg: kmsg(first) } });
      }
    } else if (r < 0.72) {
      line(ms, 'ERROR', 'kafka.server.ReplicaManager', `[ReplicaManager broker=${id}] Error processing append operation on partition ${topic}-${part}`, { broker_id: id, kafka_topic: topic, kafka_partition: part }, thread);
    } else {
      // request logger
      const corr = R.int(1, 2_000_000);
      const client = R.chance(0.5) ? `producer-${R.int(1, 9)}` : `consumer-${group}-${R.int(1, 4)}`;
      const api = client.startsWith('producer') ? 'PRODUCE' : R.pick(['FETCH', 'OFFSET_COMMIT', 'HEARTBEAT', 'METADATA']);
      const verByApi = { PRODUCE: 9, FETCH: 15, OFFSET_COMMIT: 8, HEARTBEAT: 4, METADATA: 12 };
      const keyByApi = { PRODUCE: 0, FETCH: 1, OFFSET_COMMIT: 8, HEARTBEAT: 12, METADATA: 3 };
      const conn = `10.42.0.${10 + id}:9092-10.42.${R.int(1, 9)}.${R.int(2, 250)}:${R.int(30000, 60000)}-${R.int(0, 40)}`;
      const x = { kafka_request_type: api, kafka_correlation_id: corr, kafka_topic: undefined, kafka_partition: undefined };
      if (api === 'PRODUCE') { x.kafka_topic = topic; x.kafka_partition = part; }
      if (api === 'OFFSET_COMMIT' || api === 'HEARTBEAT') x.kafka_consumer_group = group;
      const lvl = api === 'PRODUCE' ? 'TRACE' : 'DEBUG';
      let msg;
      if (reqForm === 'header') {
        let details = '';
        if (api === 'PRODUCE') details = ` -- {acks=-1,timeout=30000,partitionSizes=[${topic}-${part}=${R.int(200, 40000)}]},response:{responses=[{topic=${topic},partition_responses=[{partition=${part},error_code=0,base_offset=${R.int(1, 99999)},log_append_time=-1,log_start_offset=0,record_errors=[],error_message=null}]}],throttle_time_ms=0}`;
        if (api === 'OFFSET_COMMIT' || api === 'HEARTBEAT') details = ` -- {group_id=${group},generation_id=${R.int(3, 40)},member_id=consumer-${group}-1-${R.uuid()}}`;
        msg = `Completed request:RequestHeader(apiKey=${api}, apiVersion=${verByApi[api]}, clientId=${client}, correlationId=${corr}, headerVersion=2)${details} from connection ${conn};totalTime:${(R.next() * 600).toFixed(3)},requestQueueTime:0.${R.int(10, 99)},localTime:${(R.next() * 3).toFixed(3)},remoteTime:${(R.next() * 500).toFixed(3)},throttleTime:0,responseQueueTime:0.${R.int(10, 99)},sendTime:0.${R.int(10, 99)},securityProtocol:PLAINTEXT,principal:User:ANONYMOUS,listener:PLAINTEXT,clientInformation:ClientInformation(softwareName=apache-kafka-java, softwareVersion=3.7.0)`;
      } else {
        let request = '';
        if (api === 'PRODUCE') request = { transactionalId: null, acks: -1, timeoutMs: 30000, topicData: [{ name: topic, partitionData: [{ index: part, recordsSizeInBytes: R.int(200, 40000) }] }] };
        if (api === 'OFFSET_COMMIT' || api === 'HEARTBEAT') request = { groupId: group, generationId: R.int(3, 40), memberId: `consumer-${group}-1-${R.uuid()}`, groupInstanceId: null };
        const desc = {
          isForwarded: false,
          requestHeader: { requestApiKey: keyByApi[api], requestApiVersion: verByApi[api], correlationId: corr, clientId: client, requestApiKeyName: api },
          request, response: '', connection: conn, totalTimeMs: +(R.next() * 600).toFixed(3), requestQueueTimeMs: 0.05, localTimeMs: 0.4,
          remoteTimeMs: 0.0, throttleTimeMs: 0, responseQueueTimeMs: 0.02, sendTimeMs: 0.03, securityProtocol: 'PLAINTEXT',
          principal: 'User:ANONYMOUS', listener: 'PLAINTEXT', clientInformation: { softwareName: 'apache-kafka-java', softwareVersion: '3.7.0' },
        };
        msg = `Completed request:${JSON.stringify(desc)}`;
      }
      line(ms, lvl, 'kafka.request.logger', msg, x, `data-plane-kafka-network-thread-${id}-ListenerName(PLAINTEXT)-PLAINTEXT-${R.int(0, 2)}`);
    }
  }
}
kafkaBroker(1, false, 'header');
kafkaBroker(2, false, 'json');
kafkaBroker(3, true, 'json');

// ---------------------------------------------------------------------------------------------
// 3. PostgreSQL. (a) docker stderr with log_line_prefix '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '
// (b) CRI pod with log_line_prefix '%m [%p] %q%u@%d %e ' (SQLSTATE in the prefix)
// (c) csvlog and (d) jsonlog files of the same server.
const SQLS = [
  ['SELECT', 'SELECT e.id, e.amount FROM ledger_entries e WHERE e.account_id = $1 ORDER BY e.posted_at DESC LIMIT 50'],
  ['UPDATE', 'UPDATE accounts SET balance = balance - $1 WHERE id = $2'],
  ['INSERT', 'INSERT INTO ledger_entries (account_id, amount, posted_at) VALUES ($1, $2, now())'],
  ['DELETE', 'DELETE FROM holds WHERE expires_at < now()'],
];
function postgres(kind) {
  const users = [['ledger_rw', 'ledger', 'settlement-api'], ['report_ro', 'ledger', 'metabase'], ['inv_app', 'inventory', 'gecko-inventory']];
  let f; let prefix;
  if (kind === 'docker') {
    f = dockerFile('fjord-ledger-db-1', 'postgres:16.2', 'ledger-db');
    prefix = (ms, pid, ln, u) => `${pgT(ms)} [${pid}]: [${ln}-1] user=${u?.[0] ?? ''},db=${u?.[1] ?? ''},app=${u?.[2] ?? ''},client=${u ? '10.42.3.' + R.int(2, 250) : ''} `;
  } else {
    f = criFile('data', 'inventory-db-0', 'postgres');
    prefix = (ms, pid, ln, u, st) => `${pgM(ms)} [${pid}] ${u ? `${u[0]}@${u[1]} ${st} ` : ''}`;
  }
  const tsOf = kind === 'docker' ? tsSecond : tsExact;
  const sevMap = { LOG: 'INFO', WARNING: 'WARN', ERROR: 'ERROR', FATAL: 'FATAL', PANIC: 'FATAL', NOTICE: 'INFO' };
  const ev = (ms, pid, u, level, msg, cont = [], x = {}, st = '00000') => {
    let ln = R.int(1, 40);
    const lines = [`${prefix(ms, pid, ln, u, st)}${level}:  ${msg}`];
    for (const c of cont) {
      if (c.startsWith('\t')) lines.push(c); // TAB continuation of the previous line
      else lines.push(`${prefix(ms, pid, ++ln, u, st)}${c}`); // DETAIL/HINT/STATEMENT/CONTEXT lines
    }
    const expected = {
      ...f.origin, ...tsOf(ms), severity: sevMap[level], pg_pid: pid, pg_user: u ? u[0] : null, pg_database: u ? u[1] : null,
      msg: `${msg}`, ...x,
    };
    if (kind === 'cri' && u) { expected.pg_sqlstate = st; }
    const lastText = cont.length ? cont[cont.length - 1].replace(/^\t/, '').replace(/^[A-Z]+:  /, '') : undefined;
    emit(f, ms, lines.join('\n'), { family: 'postgres', stream: 'stderr', expected, lastText });
  };
  let t = T0 + 500;
  ev(t, 1, null, 'LOG', 'starting PostgreSQL 16.2 (Debian 16.2-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit');
  ev(t += 5, 1, null, 'LOG', 'listening on IPv4 address "0.0.0.0", port 5432');
  ev(t += 30, 1, null, 'LOG', 'database system is ready to accept connections');
  for (const ms of times(420)) {
    const pid = R.int(200, 9000); const u = R.pick(users); const r = R.next();
    if (r < 0.35) {
      const [k, q] = R.pick(SQLS); const d = +(R.int(100000, 9000000) / 1000).toFixed(3);
      ev(ms, pid, u, 'LOG', `duration: ${d.toFixed(3)} ms  statement: ${q}`, [], { pg_duration_ms: d, pg_statement_kind: k });
    } else if (r < 0.47) {
      ev(ms, pid, u, 'LOG', `connection authorized: user=${u[0]} database=${u[1]} application_name=${u[2]}`, [], { event_type: 'connection' });
    } else if (r < 0.55) {
      ev(ms, R.int(30, 60), null, 'LOG', 'checkpoint starting: time', [], { event_type: 'checkpoint' });
    } else if (r < 0.60) {
      ev(ms, R.int(30, 60), null, 'LOG', `checkpoint complete: wrote ${R.int(10, 9000)} buffers (${R.int(0, 40)}.${R.int(0, 9)}%); 0 WAL file(s) added, 0 removed, ${R.int(0, 3)} recycled; write=${R.int(1, 200)}.${R.int(100, 999)} s, sync=0.${R.int(100, 999)} s, total=${R.int(1, 200)}.${R.int(100, 999)} s; sync files=${R.int(5, 90)}, longest=0.0${R.int(10, 99)} s, average=0.00${R.int(1, 9)} s; distance=${R.int(100, 90000)} kB, estimate=${R.int(100, 90000)} kB; lsn=${R.int(1, 9)}/${R.hex(8).toUpperCase()}, redo lsn=${R.int(1, 9)}/${R.hex(8).toUpperCase()}`, [], { event_type: 'checkpoint' });
    } else if (r < 0.70) {
      const id = R.int(1000, 99999);
      ev(ms, pid, u, 'ERROR', 'duplicate key value violates unique constraint "ledger_entries_pkey"', [
        `DETAIL:  Key (id)=(${id}) already exists.`,
        `STATEMENT:  INSERT INTO ledger_entries (id, account_id, amount) VALUES (${id}, ${R.int(1, 999)}, ${R.int(1, 9999)}.00)`,
      ], { ...(kind === 'cri' ? { error_class: 'unique_violation' } : {}) }, '23505');
    } else if (r < 0.75) {
      const p2 = pid + R.int(1, 90); const x1 = R.int(100000, 999999);
      ev(ms, pid, u, 'ERROR', 'deadlock detected', [
        `DETAIL:  Process ${pid} waits for ShareLock on transaction ${x1}; blocked by process ${p2}.`,
        `\tProcess ${p2} waits for ShareLock on transaction ${x1 - 3}; blocked by process ${pid}.`,
        `\tProcess ${pid}: UPDATE accounts SET balance = balance - 10 WHERE id = 7`,
        `\tProcess ${p2}: UPDATE accounts SET balance = balance + 10 WHERE id = 3`,
        'HINT:  See server log for query details.',
        `CONTEXT:  while updating tuple (${R.int(0, 99)},${R.int(1, 60)}) in relation "accounts"`,
        'STATEMENT:  UPDATE accounts SET balance = balance - 10 WHERE id = 7',
      ], { event_type: 'deadlock', ...(kind === 'cri' ? { error_class: 'deadlock_detected' } : {}) }, '40P01');
    } else if (r < 0.80) {
      ev(ms, R.int(60, 90), null, 'LOG', `automatic vacuum of table "${u[1]}.public.ledger_entries": index scans: 1`, [
        `\tpages: 0 removed, ${R.int(1000, 99999)} remain, ${R.int(10, 900)} scanned (${R.int(0, 9)}.${R.int(10, 99)}% of total)`,
        `\ttuples: ${R.int(100, 9999)} removed, ${R.int(10000, 999999)} remain, 0 are dead but not yet removable`,
        `\tavg read rate: ${R.int(0, 90)}.${R.int(100, 999)} MB/s, avg write rate: ${R.int(0, 90)}.${R.int(100, 999)} MB/s`,
        `\tsystem usage: CPU: user: 0.${R.int(10, 99)} s, system: 0.0${R.int(1, 9)} s, elapsed: ${R.int(1, 9)}.${R.int(10, 99)} s`,
      ], { event_type: 'autovacuum' });
    } else if (r < 0.85) {
      ev(ms, pid, ['report_ro', 'ledger', ''], 'FATAL', 'password authentication failed for user "report_ro"', [
        'DETAIL:  Connection matched file "/var/lib/postgresql/data/pg_hba.conf" line 100: "host all all all scram-sha-256"',
      ], { ...(kind === 'cri' ? { error_class: 'invalid_password' } : {}) }, '28P01');
    } else if (r < 0.90) {
      ev(ms, pid, u, 'WARNING', 'there is no transaction in progress', [], {}, '25P01');
    } else {
      ev(ms, pid, u, 'LOG', `process ${pid} still waiting for ShareLock on transaction ${R.int(100000, 999999)} after 1000.${R.int(100, 999)} ms`, [
        `DETAIL:  Process holding the lock: ${pid + 7}. Wait queue: ${pid}.`,
        `CONTEXT:  while updating tuple (${R.int(0, 99)},${R.int(1, 60)}) in relation "accounts"`,
        'STATEMENT:  UPDATE accounts SET balance = balance - 10 WHERE id = 7',
      ], { event_type: 'lock_wait' });
    }
  }
}
postgres('docker');
postgres('cri');

// csvlog (PostgreSQL 14+: 26 columns) and jsonlog (PostgreSQL 15+) of the inventory server
{
  const csv = file('var/log/postgresql/postgresql-2026-03-02_080000.csv', 'plain');
  const js = file('var/log/postgresql/postgresql-2026-03-02_080000.json', 'plain');
  const q = (s) => (s === null || s === undefined || s === '' ? '' : `"${String(s).replace(/"/g, '""')}"`);
  for (const ms of times(160)) {
    const pid = R.int(200, 9000); const r = R.next();
    const sess = `${R.hex(8)}.${R.hex(4)}`;
    let sev = 'LOG'; let st = '00000'; let msg; let detail = ''; let query = ''; let kindX = {}; let tag = 'idle';
    if (r < 0.5) {
      const [k, qq] = R.pick(SQLS); const d = +(R.int(100000, 9000000) / 1000).toFixed(3);
      msg = `duration: ${d.toFixed(3)} ms  statement: ${qq}`; kindX = { pg_duration_ms: d, pg_statement_kind: k }; tag = k;
    } else if (r < 0.75) {
      sev = 'ERROR'; st = '23505'; msg = 'duplicate key value violates unique constraint "stock_pkey"';
      detail = `Key (sku)=(SKU-${R.int(1000, 9999)}) already exists.`; query = 'INSERT INTO stock (sku, qty)\nVALUES ($1, $2)'; tag = 'INSERT';
      kindX = { error_class: 'unique_violation' };
    } else {
      sev = 'WARNING'; st = '01000'; msg = `could not reserve stock for order ${R.int(1, 99999)}`; tag = 'SELECT';
    }
    const sevN = { LOG: 'INFO', ERROR: 'ERROR', WARNING: 'WARN' }[sev];
    const base = { ...tsExact(ms), severity: sevN, pg_pid: pid, pg_user: 'inv_app', pg_database: 'inventory', pg_sqlstate: st, msg: msg.split('\n')[0], ...kindX };
    // csvlog: log_time,user_name,database_name,process_id,connection_from,session_id,session_line_num,command_tag,
    // session_start_time,virtual_transaction_id,transaction_id,error_severity,sql_state_code,message,detail,hint,
    // internal_query,internal_query_pos,context,query,query_pos,location,application_name,backend_type,leader_pid,query_id
    const row = [pgM(ms), 'inv_app', 'inventory', pid, `10.42.5.${R.int(2, 250)}:${R.int(30000, 60000)}`, sess, R.int(1, 90), tag,
      pgT(ms - 60000), `${R.int(1, 9)}/${R.int(1, 9999)}`, R.int(0, 99999), sev, st, msg, detail, '', '', '', '', query, '', '', 'gecko-inventory', 'client backend', '', 0]
      .map((v, i) => ([3, 6, 10, 24, 25].includes(i) ? String(v) : q(v))).join(',');
    emit(csv, ms, row, { family: 'postgres', expected: { ...base }, noLastLine: true });
    const jrec = {
      timestamp: pgM(ms), user: 'inv_app', dbname: 'inventory', pid, remote_host: `10.42.5.${R.int(2, 250)}`, remote_port: R.int(30000, 60000),
      session_id: sess, line_num: R.int(1, 90), ps: tag, session_start: pgT(ms - 60000), vxid: `${R.int(1, 9)}/${R.int(1, 9999)}`, txid: R.int(0, 99999),
      error_severity: sev, state_code: st, message: msg, ...(detail ? { detail } : {}), ...(query ? { statement: query } : {}),
      application_name: 'gecko-inventory', backend_type: 'client backend', query_id: 0,
    };
    emit(js, ms, JSON.stringify(jrec), { family: 'postgres', expected: { ...base } });
  }
}

// ---------------------------------------------------------------------------------------------
// 4. JSON application loggers with different correlation-id conventions.
const tid32 = () => R.hex(32); const sid16 = () => R.hex(16);
const dec64 = () => (BigInt('0x' + R.hex(15)) + 1n).toString();
const apps = [];
// (a) Go zap (production encoder: epoch-seconds "ts", "logger", "caller"); OTel-style snake ids
apps.push({
  f: criFile('shop', 'vole-search-6d5f7c9b8-x2x7q', 'vole-search'), family: 'json-go',
  make(ms) {
    const tr = tid32(); const sp = sid16(); const rq = R.uuid(); const lvl = R.pick(['info', 'info', 'info', 'debug', 'warn', 'error']);
    const msg = R.pick(['query served', 'index segment merged', 'cache miss', 'upstream slow']);
    const o = { level: lvl, ts: +(ms / 1000).toFixed(3), logger: 'search.http', caller: `http/server.go:${R.int(40, 300)}`, msg, trace_id: tr, span_id: sp, request_id: rq, took_ms: R.int(1, 900) };
    if (lvl === 'error') o.stacktrace = 'main.(*Server).serve\n\t/src/http/server.go:211\nnet/http.HandlerFunc.ServeHTTP\n\t/usr/local/go/src/net/http/server.go:2166';
    return [JSON.stringify(o), { severity: lvl === 'warn' ? 'WARN' : lvl.toUpperCase(), component: 'search.http', trace_id: tr, span_id: sp, request_id: rq, msg }];
  },
});
// (b) Go slog JSONHandler with a "http" group holding request_id; W3C traceparent
apps.push({
  f: criFile('shop', 'newt-notify-5b7c9d-9qwz2', 'newt-notify'), family: 'json-go',
  make(ms) {
    const tr = tid32(); const sp = sid16(); const rq = 'req-' + R.hex(12); const lvl = R.pick(['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG']);
    const msg = R.pick(['notification sent', 'template rendered', 'provider throttled', 'webhook delivered']);
    const o = { time: rfc3339Nano(ms), level: lvl, msg, traceparent: `00-${tr}-${sp}-01`, http: { method: 'POST', path: '/v1/notify', request_id: rq, status: 200 } };
    return [JSON.stringify(o), { severity: lvl, trace_id: tr, span_id: sp, request_id: rq, msg }];
  },
});
// (c) Python python-json-logger + OpenTelemetry logging instrumentation (otelTraceID / otelSpanID), camelCase requestId
apps.push({
  f: dockerFile('fjord-otter-billing-1', 'registry.fjord.internal/otter-billing:2.3.0', 'otter-billing'), family: 'json-python',
  make(ms) {
    const tr = tid32(); const sp = sid16(); const rq = R.uuid(); const lvl = R.pick(['INFO', 'INFO', 'WARNING', 'ERROR', 'DEBUG']);
    const msg = R.pick(['charge captured', 'invoice issued', 'retrying psp call', 'refund queued']);
    const o = { asctime: log4jDate(ms), levelname: lvl, name: 'billing.charges', message: msg, otelTraceID: tr, otelSpanID: sp, otelServiceName: 'otter-billing', otelTraceSampled: true, requestId: rq };
    return [JSON.stringify(o), { severity: lvl === 'WARNING' ? 'WARN' : lvl, component: 'billing.charges', trace_id: tr, span_id: sp, request_id: rq, msg }];
  },
});
// (d) Node pino (numeric levels, epoch-ms "time"), camelCase traceId/spanId, pino-http req.id
apps.push({
  f: criFile('shop', 'puffin-gateway-7d9f8c-abcde', 'puffin-gateway'), family: 'json-node',
  make(ms) {
    const tr = tid32(); const sp = sid16(); const rq = 'req-' + R.int(1, 999999); const lv = R.pick([30, 30, 30, 20, 40, 50]);
    const msg = R.pick(['request completed', 'upstream connected', 'rate limit near', 'request errored']);
    const o = { level: lv, time: ms, pid: 1, hostname: 'puffin-gateway-7d9f8c-abcde', req: { id: rq, method: 'GET', url: `/v1/carts/${R.int(1, 9999)}` }, traceId: tr, spanId: sp, msg, responseTime: R.int(1, 400) };
    return [JSON.stringify(o), { severity: { 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR' }[lv], trace_id: tr, span_id: sp, request_id: rq, msg }];
  },
});
// (e) Node bunyan ("v":0, ISO time, name/hostname/pid), Datadog nested dd.{trace_id,span_id} (decimal), reqId
apps.push({
  f: dockerFile('fjord-gecko-inventory-1', 'registry.fjord.internal/gecko-inventory:1.4.2', 'gecko-inventory'), family: 'json-node',
  make(ms) {
    const tr = dec64(); const sp = dec64(); const rq = R.uuid(); const lv = R.pick([30, 30, 40, 50, 20]);
    const msg = R.pick(['stock reserved', 'stock released', 'reservation expired', 'warehouse sync failed']);
    const o = { name: 'gecko-inventory', hostname: 'gecko-1', pid: 7, level: lv, msg, time: isoMs(ms), v: 0, reqId: rq, dd: { trace_id: tr, span_id: sp, service: 'gecko-inventory', env: 'prod', version: '1.4.2' } };
    return [JSON.stringify(o), { severity: { 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR' }[lv], trace_id: ddAlt(tr), span_id: ddAlt(sp), request_id: rq, msg }];
  },
});
function ddAlt(dec) { const h = BigInt(dec).toString(16); return [dec, h.padStart(16, '0'), h.padStart(32, '0')]; }
// (f) ECS logging (Java ecs-logging): dotted top-level keys
apps.push({
  f: dockerFile('fjord-lemur-orders-1', 'registry.fjord.internal/lemur-orders:5.0.1', 'lemur-orders'), family: 'json-java',
  make(ms) {
    const tr = tid32(); const sp = sid16(); const rq = R.uuid(); const lvl = R.pick(['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG']);
    const msg = R.pick(['order accepted', 'order priced', 'payment pending', 'order rejected']);
    const th = `http-nio-8080-exec-${R.int(1, 20)}`;
    const o = { '@timestamp': isoMs(ms), 'log.level': lvl, message: msg, 'ecs.version': '1.2.0', 'service.name': 'lemur-orders', 'event.dataset': 'lemur-orders', 'process.thread.name': th, 'log.logger': 'com.fjord.orders.OrderController', 'trace.id': tr, 'transaction.id': sp, 'span.id': sp, 'http.request.id': rq };
    return [JSON.stringify(o), { severity: lvl, component: 'com.fjord.orders.OrderController', thread: th, trace_id: tr, span_id: sp, request_id: rq, msg }];
  },
});
// (g) Python structlog JSON with Datadog flat "dd.trace_id"/"dd.span_id" and nested context.request_id
apps.push({
  f: criFile('payments', 'marmot-ledger-api-66c9f-7tq2m', 'marmot-ledger-api'), family: 'json-python',
  make(ms) {
    const tr = dec64(); const sp = dec64(); const rq = R.uuid(); const lvl = R.pick(['info', 'info', 'warning', 'error', 'debug']);
    const ev = R.pick(['entry posted', 'balance computed', 'idempotency hit', 'posting rejected']);
    const o = { event: ev, level: lvl, logger: 'ledger.api', timestamp: isoMs(ms), 'dd.trace_id': tr, 'dd.span_id': sp, 'dd.service': 'marmot-ledger-api', context: { request_id: rq, account: R.int(1, 999) } };
    return [JSON.stringify(o), { severity: lvl === 'warning' ? 'WARN' : lvl.toUpperCase(), component: 'ledger.api', trace_id: ddAlt(tr), span_id: ddAlt(sp), request_id: rq, msg: ev }];
  },
});
// (h) Rust tracing-subscriber JSON: message inside "fields", "target", ids in "span"/"fields"
apps.push({
  f: criFile('edge', 'kiwi-ratelimit-0', 'kiwi-ratelimit'), family: 'json-rust',
  make(ms) {
    const tr = tid32(); const sp = sid16(); const rq = R.uuid(); const lvl = R.pick(['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG', 'TRACE']);
    const msg = R.pick(['request allowed', 'bucket refilled', 'request throttled', 'redis timeout']);
    const o = { timestamp: rfc3339Nano(ms), level: lvl, fields: { message: msg, request_id: rq, trace_id: tr, span_id: sp }, target: 'kiwi::limiter' };
    return [JSON.stringify(o), { severity: lvl, component: 'kiwi::limiter', trace_id: tr, span_id: sp, request_id: rq, msg }];
  },
});
// (i) Java logback-contrib JsonLayout: "mdc" map with Micrometer/Sleuth traceId/spanId; X-Request-ID in mdc
apps.push({
  f: dockerFile('fjord-heron-catalog-1', 'registry.fjord.internal/heron-catalog:3.1.0', 'heron-catalog'), family: 'json-java',
  make(ms) {
    const tr = tid32(); const sp = sid16(); const rq = R.uuid(); const lvl = R.pick(['INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG']);
    const msg = R.pick(['product fetched', 'price list loaded', 'slow repository call', 'catalog sync failed']);
    const th = `http-nio-8081-exec-${R.int(1, 20)}`;
    const o = { timestamp: log4jDate(ms).replace(',', '.'), level: lvl, thread: th, mdc: { traceId: tr, spanId: sp, requestId: rq }, logger: 'com.fjord.catalog.ProductService', message: msg, context: 'default' };
    return [JSON.stringify(o), { severity: lvl, component: 'com.fjord.catalog.ProductService', thread: th, trace_id: tr, span_id: sp, request_id: rq, msg }];
  },
});
// (j) OpenTelemetry log data model field names (Timestamp ns, SeverityText/Number, Body, TraceId, SpanId, Attributes)
apps.push({
  f: criFile('shop', 'ibis-recommender-0', 'ibis-recommender'), family: 'json-otel',
  make(ms) {
    const tr = tid32(); const sp = sid16(); const rq = R.uuid(); const [st, sn] = R.pick([['INFO', 9], ['INFO', 9], ['WARN', 13], ['ERROR', 17], ['DEBUG', 5]]);
    const msg = R.pick(['recommendations computed', 'model reloaded', 'feature store slow', 'scoring failed']);
    const o = { Timestamp: String(BigInt(ms) * 1000000n), ObservedTimestamp: String(BigInt(ms + 2) * 1000000n), SeverityText: st, SeverityNumber: sn, Body: msg, TraceId: tr, SpanId: sp, TraceFlags: '01', Resource: { 'service.name': 'ibis-recommender' }, InstrumentationScope: { name: 'ibis.recs' }, Attributes: { 'request.id': rq, 'user.tier': 'gold' } };
    return [JSON.stringify(o), { severity: st, trace_id: tr, span_id: sp, msg }];
  },
});
for (const a of apps) {
  for (const ms of times(R.int(380, 480))) {
    const [text, x] = a.make(ms);
    const { msg, ...rest } = x;
    emit(a.f, ms, text, { family: a.family, expected: { ...a.f.origin, ...tsExact(ms), msg, ...rest } });
  }
}
// one long CRI line split into P/F parts (containerd splits at 16 KiB) and a 16 KiB+ docker line
{
  const a = apps[0]; const ms = T0 + 61 * 60e3 + 123; const tr = tid32(); const sp = sid16();
  const text = JSON.stringify({ level: 'warn', ts: ms / 1000, logger: 'search.http', caller: 'http/server.go:99', msg: 'oversized query logged', trace_id: tr, span_id: sp, query: 'q'.repeat(40000) });
  emit(a.f, ms, text, { family: 'json-go', partial: 16384, expected: { ...a.f.origin, ...tsExact(ms), severity: 'WARN', trace_id: tr, span_id: sp, msg: 'oversized query logged' } });
  const b = apps[2]; const ms2 = T0 + 62 * 60e3 + 456; const tr2 = tid32();
  const text2 = JSON.stringify({ asctime: log4jDate(ms2), levelname: 'WARNING', name: 'billing.charges', message: 'large psp payload', otelTraceID: tr2, otelSpanID: '0000000000000001', payload: 'p'.repeat(30000) });
  emit(b.f, ms2, text2, { family: 'json-python', partial: 16384, expected: { ...b.f.origin, ...tsExact(ms2), severity: 'WARN', trace_id: tr2, msg: 'large psp payload' } });
}

// ---------------------------------------------------------------------------------------------
// 5. Multi-line: Python chained tracebacks (text logger on stderr), Go panics with goroutine dumps.
{
  const f = apps[2].f; // otter-billing docker container
  let k = 0;
  for (const ms of times(14)) {
    const order = R.int(1000, 99999);
    const chained = R.chance(0.5);
    const lines = [
      `${log4jDate(ms)} ERROR [billing.worker] charge failed for order ${order}`,
      'Traceback (most recent call last):',
      '  File "/app/billing/psp.py", line 88, in charge',
      '    resp = self.session.post(url, json=payload, timeout=5)',
      '  File "/usr/local/lib/python3.12/site-packages/requests/sessions.py", line 637, in post',
      '    return self.request("POST", url, data=data, json=json, **kwargs)',
      'requests.exceptions.ReadTimeout: HTTPSConnectionPool(host=\'psp.example.net\', port=443): Read timed out. (read timeout=5)',
      '',
      chained ? 'The above exception was the direct cause of the following exception:' : 'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "/app/billing/worker.py", line 42, in process',
      '    self.psp.charge(order)',
      '  File "/app/billing/psp.py", line 95, in charge',
      '    raise ChargeFailed(order.id) from exc',
      `billing.errors.ChargeFailed: could not charge order ${order}`,
    ];
    // every third traceback has a stdout JSON line written between its stderr lines (per-stream joining)
    let interleave;
    if (k++ % 3 === 0) {
      const [t2, x2] = apps[2].make(ms + 1); const { msg: m2, ...rest2 } = x2;
      interleave = { after: 3, text: t2, opts: { family: 'json-python', stream: 'stdout', rtMs: ms + 6, expected: { ...f.origin, ...tsExact(ms + 1), msg: m2, ...rest2 } } };
    }
    emit(f, ms, lines.join('\n'), { family: 'multiline-python', stream: 'stderr', interleave, expected: { ...f.origin, ...tsExact(ms), severity: 'ERROR', component: 'billing.worker', error_class: 'billing.errors.ChargeFailed', msg: `charge failed for order ${order}` } });
  }
  for (const ms of times(4)) {
    const lines = [
      'Exception in thread Thread-3 (reconcile):',
      'Traceback (most recent call last):',
      '  File "/usr/local/lib/python3.12/threading.py", line 1073, in _bootstrap_inner',
      '    self.run()',
      '  File "/app/billing/reconcile.py", line 17, in run',
      '    total = sum(e["amount"] for e in entries)',
      "KeyError: 'amount'",
    ];
    emit(f, ms, lines.join('\n'), { family: 'multiline-python', stream: 'stderr', expected: { ...f.origin, ...tsExact(ms), error_class: 'KeyError', msg: lines[0] } });
  }
}
{
  const f = apps[0].f; // vole-search (Go) CRI
  const panics = [
    [
      'panic: runtime error: invalid memory address or nil pointer dereference',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6b2f4a]',
      '',
      'goroutine 112 [running]:',
      'github.com/fjord/vole/search.(*Index).Lookup(0x0, {0xc000123450, 0x8})',
      '\t/src/search/index.go:88 +0x2a',
      'github.com/fjord/vole/http.(*Server).query(0xc0001a2000, {0x9d1e40, 0xc0002b40e0}, 0xc000312000)',
      '\t/src/http/server.go:211 +0x1d4',
      'net/http.HandlerFunc.ServeHTTP(0xc000312000?, {0x9d1e40?, 0xc0002b40e0?}, 0x0?)',
      '\t/usr/local/go/src/net/http/server.go:2166 +0x29',
      'created by net/http.(*Server).Serve in goroutine 1',
      '\t/usr/local/go/src/net/http/server.go:3285 +0x4b4',
      '',
      'goroutine 1 [IO wait]:',
      'internal/poll.runtime_pollWait(0x7f1c2e9a6e20, 0x72)',
      '\t/usr/local/go/src/runtime/netpoll.go:345 +0x85',
      'main.main()',
      '\t/src/cmd/vole/main.go:57 +0x3c5',
    ],
    [
      'panic: runtime error: index out of range [5] with length 3',
      '',
      'goroutine 47 [running]:',
      'github.com/fjord/vole/search.rank({0xc000456000, 0x3, 0x4}, 0x5)',
      '\t/src/search/rank.go:31 +0x1d4',
      'created by github.com/fjord/vole/search.(*Pool).start in goroutine 1',
      '\t/src/search/pool.go:60 +0x6e',
    ],
    [
      'fatal error: concurrent map writes',
      '',
      'goroutine 88 [running]:',
      'github.com/fjord/vole/cache.(*LRU).Put(0xc00009e0c0, {0xc0004a2000, 0x10}, {0x8b1ea0, 0xc0002c4f00})',
      '\t/src/cache/lru.go:44 +0x7c',
      '',
      'goroutine 1 [chan receive]:',
      'main.main()',
      '\t/src/cmd/vole/main.go:61 +0x3f1',
    ],
  ];
  const pts = times(6);
  pts.forEach((ms, i) => {
    const lines = panics[i % 3];
    emit(f, ms, lines.join('\n'), { family: 'multiline-go', stream: 'stderr', expected: { ...f.origin, severity: ['FATAL', 'ERROR'], msg: lines[0], ts_min: ms - 1, ts_max: ms + 10 } });
  });
}

// ---------------------------------------------------------------------------------------------
// 6. OpenSSH / syslog. BSD (RFC 3164) auth.log, rsyslog RFC 3339 file format, RFC 5424 with PRI,
// and sshd -D -e in a container (stderr, no header).
{
  const host = 'bastion-01';
  const bsd = file('var/log/auth.log', 'plain');
  const r3339 = file('var/log/secure', 'plain');
  const r5424 = file('var/log/remote/bastion-01.log', 'plain');
  const sshd = dockerFile('fjord-bastion-1', 'linuxserver/openssh-server:9.7', 'bastion');
  const msgs = (pid) => {
    const ip = `203.0.113.${R.int(2, 250)}`; const port = R.int(30000, 65000);
    return R.pick([
      ['sshd', pid, `Accepted publickey for deploy from 10.0.4.${R.int(2, 250)} port ${port} ssh2: ED25519 SHA256:${R.hex(20)}`, 6],
      ['sshd', pid, `Failed password for invalid user admin from ${ip} port ${port} ssh2`, 6],
      ['sshd', pid, `Invalid user oracle from ${ip} port ${port}`, 6],
      ['sshd', pid, `Connection closed by authenticating user root ${ip} port ${port} [preauth]`, 6],
      ['sshd', pid, 'pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)', 6],
      ['sshd', pid, `error: kex_exchange_identification: Connection closed by remote host`, 3],
      ['sshd', pid, `error: maximum authentication attempts exceeded for root from ${ip} port ${port} ssh2 [preauth]`, 3],
      ['CRON', pid, 'pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)', 6],
      ['sudo', null, 'deploy : TTY=pts/0 ; PWD=/home/deploy ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx', 5],
      ['sshd', pid, `Disconnecting invalid user admin ${ip} port ${port}: Too many authentication failures [preauth]`, 4],
    ]);
  };
  const sevOfPri = { 3: 'ERROR', 4: 'WARN', 5: 'INFO', 6: 'INFO' };
  for (const ms of times(300)) {
    const [prog, pid, msg, sev] = msgs(R.int(1000, 65000));
    const tag = pid ? `${prog}[${pid}]` : prog;
    const bsdLine = `${bsdDate(ms)} ${host} ${tag}: ${msg}`;
    const d = new Date(ms).toISOString();
    emit(bsd, ms, bsdLine, { family: 'syslog', expected: { ts_mmdd: d.slice(5, 19), host, component: prog, msg, ...(sev === 3 ? { severity: 'ERROR' } : {}) } });
    const rs = `${d.slice(0, 23)}000+00:00 ${host} ${tag}: ${msg}`;
    emit(r3339, ms, rs, { family: 'syslog', expected: { ...tsExact(ms), host, component: prog, msg, ...(sev === 3 ? { severity: 'ERROR' } : {}) } });
    const pri = (prog === 'CRON' ? 9 : 10) * 8 + sev; // cron / authpriv facility
    const r5 = `<${pri}>1 ${d} ${host} ${prog} ${pid ?? '-'} - - ${msg}`;
    emit(r5424, ms, r5, { family: 'syslog', expected: { ...tsExact(ms), host, component: prog, severity: sevOfPri[sev], msg } });
    if (prog === 'sshd' && R.chance(0.6)) {
      emit(sshd, ms, msg, { family: 'syslog', stream: 'stderr', expected: { ...sshd.origin, ts_min: ms - 1, ts_max: ms + 10, msg, ...(sev === 3 ? { severity: 'ERROR' } : {}) } });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 7. Access logs: nginx (combined + request_time, error_log) in docker; Apache httpd (common log
// format + error log) in a CRI pod.
{
  const ng = dockerFile('fjord-edge-1', 'nginx:1.25.4', 'edge');
  const ap = criFile('docs', 'ibis-docs-84d6b7-vn5kq', 'httpd');
  const paths = ['/v1/carts/', '/v1/orders/', '/v1/search?q=', '/static/app.js', '/healthz'];
  for (const ms of times(700)) {
    const st = R.pick([200, 200, 200, 200, 201, 204, 301, 404, 499, 502, 503]);
    const p = R.pick(paths) + (R.chance(0.7) ? R.int(1, 9999) : '');
    const m = R.pick(['GET', 'GET', 'POST', 'PUT']);
    const line = `10.42.0.${R.int(2, 250)} - - [${clfDate(ms)}] "${m} ${p} HTTP/1.1" ${st} ${R.int(0, 90000)} "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36" ${(R.int(1, 3000) / 1000).toFixed(3)} ${R.hex(32)}`;
    emit(ng, ms, line, { family: 'access', expected: { ...ng.origin, ...tsSecond(ms), event_type: 'http_request', msg: line } });
    if (st >= 502 && R.chance(0.5)) {
      const e = `${nginxErrDate(ms + 1)} [error] 29#29: *${R.int(1000, 99999)} connect() failed (111: Connection refused) while connecting to upstream, client: 10.42.0.${R.int(2, 250)}, server: _, request: "${m} ${p} HTTP/1.1", upstream: "http://10.42.1.${R.int(2, 250)}:8080${p}", host: "edge.fjord.internal"`;
      emit(ng, ms + 1, e, { family: 'access', stream: 'stderr', expected: { ...ng.origin, ...tsSecond(ms + 1), severity: 'ERROR' } });
    } else if (st === 499 && R.chance(0.5)) {
      const e = `${nginxErrDate(ms + 1)} [warn] 29#29: *${R.int(1000, 99999)} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream`;
      emit(ng, ms + 1, e, { family: 'access', stream: 'stderr', expected: { ...ng.origin, ...tsSecond(ms + 1), severity: 'WARN' } });
    }
  }
  for (const ms of times(400)) {
    if (R.chance(0.9)) {
      const line = `10.42.0.${R.int(2, 250)} - ${R.pick(['-', 'frank', 'docs-bot'])} [${clfDate(ms)}] "GET /docs/${R.pick(['index.html', 'api.html', 'img/logo.png'])} HTTP/1.1" ${R.pick([200, 200, 304, 404])} ${R.int(100, 9000)}`;
      emit(ap, ms, line, { family: 'access', expected: { ...ap.origin, ...tsSecond(ms), event_type: 'http_request', msg: line } });
    } else {
      const line = `[${apacheErrDate(ms)}] [core:error] [pid ${R.int(10, 99)}:tid ${R.int(100000, 999999)}] [client 10.42.0.${R.int(2, 250)}:${R.int(30000, 60000)}] AH00037: Symbolic link not allowed or link target not accessible: /usr/local/apache2/htdocs/docs/old`;
      emit(ap, ms, line, { family: 'access', stream: 'stderr', expected: { ...ap.origin, ...tsExact(ms), severity: 'ERROR' } });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Write everything; events are written in runtime-time order per file.
const truth = [];
for (const [, f] of files) {
  f.pending.sort((a, b) => a.ms - b.ms || a.seq - b.seq);
  let lastRt = 0;
  for (const p of f.pending) {
    p.opts.rtMs = Math.max(p.opts.rtMs, lastRt); lastRt = p.opts.rtMs; // runtimes stamp in write order
    f.lf.write(p.text, p.opts);
  }
  for (const ev of f.lf.events) { // includes events written interleaved inside another one
    for (const [k, v] of Object.entries(ev.expected)) if (v === undefined) delete ev.expected[k]; // undefined = not checked
    truth.push(ev);
  }
  f.lf.flush();
}
for (const [rel, cfg] of dockerConfigs) writeJson(path.join(LOGS, rel), cfg);
fs.writeFileSync(path.join(OUT, 'truth.jsonl'), truth.map((e) => JSON.stringify(e)).join('\n') + '\n');
// file aliases (kubelet symlinks) so the scorer can map either path to the same truth
const aliases = {};
for (const [, f] of files) for (const a of f.lf.aliases) aliases[a] = f.lf.rel;
writeJson(path.join(OUT, 'meta.json'), { seed: SEED, generated_by: 'gen-cluster.mjs', t0: isoMs(T0), hours: DUR / 3600e3, events: truth.length, files: files.size, aliases });
let bytes = 0; for (const [, f] of files) bytes += f.lf.offset;
console.log(`wrote ${truth.length} events in ${files.size} files (${(bytes / 1048576).toFixed(2)} MiB) to ${LOGS}; truth: ${path.join(OUT, 'truth.jsonl')}`);
