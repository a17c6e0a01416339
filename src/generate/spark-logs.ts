/**
 * Spark application runs on Kubernetes (driver + executors): a small scheduler simulation
 * (stages, tasks on executor slots, executor loss with task and fetch failures, replacement
 * executor) producing abstract records, rendered either in Spark's classic log4j text layout
 * (`26/03/02 08:00:01 INFO SparkContext: Running Spark version 3.5.1`, stack traces as extra
 * lines) or in Spark 4 structured JSON logging (`{"ts":...,"level":...,"msg":...,"context":{...},
 * "exception":{...},"logger":...}` with the UTC-millisecond `ts` and array stack traces).
 *
 * Imports the PRNG, the plan, the stack traces and the formatters.
 */
import type { Rng } from './prng.js';
import type { SparkRun } from './plan.js';
import { javaStack, javaStackObjects, type JavaFrames } from './stack-traces.js';
import { isoMillis, sparkTs } from './time-format.js';

/** One Spark log record before rendering. */
export interface SparkRecord {
  t: number;
  /** `driver` or the executor id (as a string, "1".."N"). */
  pod: string;
  level: 'INFO' | 'WARN' | 'ERROR';
  /** Short logger name (`%c{1}`), e.g. `DAGScheduler`. */
  logger: string;
  msg: string;
  exception?: { class: string; msg: string; frames: JavaFrames; cause?: { header: string; frames: JavaFrames }; deep?: number };
  context?: Record<string, string>;
}

/** Static description of an application. */
export interface SparkAppSpec {
  name: string;
  version: string;
  namespace: string;
  executors: number;
  coresPerExecutor: number;
  /** Tasks per stage, in order; stage i>0 reads the shuffle output of stage i-1 when `shuffle[i]`. */
  stages: { tasks: number; kind: 'ShuffleMapStage' | 'ResultStage'; callSite: string; readsShuffle: boolean; job: number }[];
  script: string;
}

/** Pods of one run: `driver` and executor ids, with their IPs and pod names. */
export interface SparkPods {
  driver: { pod: string; ip: string };
  executors: Map<string, { pod: string; ip: string }>;
}

const SPARK_OS = 'Linux, 5.10.215-203.850.amzn2.x86_64, amd64';

function gib(rng: Rng): string {
  return `${rng.float(1.8, 2.4).toFixed(1)} GiB`;
}

/**
 * Simulates one run; returns its records (in time order) and the pods that appeared. Pod names
 * default to `<app>-driver` / `<app>-exec-<n>`; `names` overrides them (Spark's own
 * `<app>-<16 hex>-exec-<n>` scheme, for instance).
 */
export function simulateSparkRun(spec: SparkAppSpec, run: SparkRun, rng: Rng, names?: { driver: string; execPrefix: string }): { records: SparkRecord[]; pods: SparkPods } {
  const recs: SparkRecord[] = [];
  const add = (t: number, pod: string, level: SparkRecord['level'], logger: string, msg: string, extra?: Partial<SparkRecord>): void => {
    recs.push({ t: Math.floor(t), pod, level, logger, msg, ...extra });
  };
  const ipOf = (): string => `10.1.${rng.int(0, 15)}.${rng.int(2, 250)}`;
  const driverIp = ipOf();
  const svc = `${spec.name}-${rng.hex(16)}-driver-svc.${spec.namespace}.svc`;
  const execPrefix = names?.execPrefix ?? spec.name;
  const pods: SparkPods = { driver: { pod: names?.driver ?? `${spec.name}-driver`, ip: driverIp }, executors: new Map() };
  const localDir = `/var/data/spark-${rng.uuid()}`;
  let t = run.start + rng.int(2_000, 6_000);
  const d = (lo: number, hi: number): number => (t += rng.int(lo, hi));

  // Driver start.
  add(t, 'driver', 'INFO', 'SparkContext', `Running Spark version ${spec.version}`);
  add(d(1, 5), 'driver', 'INFO', 'SparkContext', `OS info ${SPARK_OS}`);
  add(d(0, 2), 'driver', 'INFO', 'SparkContext', 'Java version 17.0.10');
  add(d(20, 60), 'driver', 'INFO', 'ResourceUtils', '==============================================================');
  add(d(0, 2), 'driver', 'INFO', 'ResourceUtils', 'No custom resources configured for spark.driver.');
  add(d(0, 2), 'driver', 'INFO', 'ResourceUtils', '==============================================================');
  add(d(1, 5), 'driver', 'INFO', 'SparkContext', `Submitted application: ${spec.name}`);
  add(d(5, 30), 'driver', 'INFO', 'ResourceProfile', `Default ResourceProfile created, executor resources: Map(cores -> name: cores, amount: ${spec.coresPerExecutor}, script: , vendor: , memory -> name: memory, amount: 4096, script: , vendor: , offHeap -> name: offHeap, amount: 0, script: , vendor: ), task resources: Map(cpus -> name: cpus, amount: 1.0)`);
  add(d(1, 5), 'driver', 'INFO', 'ResourceProfileManager', 'Added ResourceProfile id: 0');
  add(d(20, 80), 'driver', 'INFO', 'SecurityManager', 'Changing view acls to: spark');
  add(d(0, 2), 'driver', 'INFO', 'SecurityManager', 'Changing modify acls to: spark');
  add(d(0, 2), 'driver', 'INFO', 'SecurityManager', 'SecurityManager: authentication disabled; ui acls disabled; users with view permissions: spark; groups with view permissions: EMPTY; users with modify permissions: spark; groups with modify permissions: EMPTY');
  add(d(100, 300), 'driver', 'INFO', 'Utils', "Successfully started service 'sparkDriver' on port 7078.");
  for (const ep of ['MapOutputTracker', 'BlockManagerMaster', 'BlockManagerMasterHeartbeat', 'OutputCommitCoordinator']) add(d(2, 30), 'driver', 'INFO', 'SparkEnv', `Registering ${ep}`);
  add(d(5, 30), 'driver', 'INFO', 'DiskBlockManager', `Created local directory at ${localDir}/blockmgr-${rng.uuid()}`);
  add(d(5, 30), 'driver', 'INFO', 'MemoryStore', `MemoryStore started with capacity ${gib(rng)}`);
  add(d(30, 120), 'driver', 'INFO', 'JettyUtils', 'Start Jetty 0.0.0.0:4040 for SparkUI');
  add(d(30, 120), 'driver', 'INFO', 'Utils', "Successfully started service 'SparkUI' on port 4040.");
  add(d(100, 400), 'driver', 'INFO', 'SparkKubernetesClientFactory', 'Auto-configuring K8S client using current context from users K8S config file');
  add(d(300, 900), 'driver', 'INFO', 'ExecutorPodsAllocator', `Going to request ${spec.executors} executors from Kubernetes for ResourceProfile Id: 0, target: ${spec.executors}, known: 0, sharedSlotFromPendingPods: 2147483647.`);
  add(d(5, 40), 'driver', 'INFO', 'BasicExecutorFeatureStep', 'Decommissioning not enabled, skipping shutdown script');
  add(d(20, 80), 'driver', 'INFO', 'Utils', "Successfully started service 'org.apache.spark.network.netty.NettyBlockTransferService' on port 7079.");
  add(d(1, 5), 'driver', 'INFO', 'NettyBlockTransferService', `Server created on ${svc} ${driverIp}:7079`);
  add(d(1, 5), 'driver', 'INFO', 'BlockManagerMaster', `Registering BlockManager BlockManagerId(driver, ${svc}, 7079, None)`);
  add(d(1, 10), 'driver', 'INFO', 'BlockManagerMasterEndpoint', `Registering block manager ${svc}:7079 with ${gib(rng)} RAM, BlockManagerId(driver, ${svc}, 7079, None)`);
  add(d(1, 5), 'driver', 'INFO', 'BlockManager', `Initialized BlockManager: BlockManagerId(driver, ${svc}, 7079, None)`);

  // Executors come up.
  const slots: { exec: string; freeAt: number }[] = [];
  let execSeq = 0;
  const startExecutor = (at: number): string => {
    execSeq++;
    const id = String(execSeq);
    const ip = ipOf();
    pods.executors.set(id, { pod: `${execPrefix}-exec-${id}`, ip });
    let e = at;
    const s = (lo: number, hi: number): number => (e += rng.int(lo, hi));
    add(e, id, 'INFO', 'CoarseGrainedExecutorBackend', `Started daemon with process name: ${rng.int(12, 20)}@${execPrefix}-exec-${id}`);
    for (const sig of ['TERM', 'HUP', 'INT']) add(s(1, 5), id, 'INFO', 'SignalUtils', `Registering signal handler for ${sig}`);
    add(s(50, 200), id, 'INFO', 'SecurityManager', 'Changing view acls to: spark');
    add(s(0, 2), id, 'INFO', 'SecurityManager', 'Changing modify acls to: spark');
    add(s(0, 2), id, 'INFO', 'SecurityManager', 'SecurityManager: authentication disabled; ui acls disabled; users with view permissions: spark; groups with view permissions: EMPTY; users with modify permissions: spark; groups with modify permissions: EMPTY');
    add(s(50, 250), id, 'INFO', 'TransportClientFactory', `Successfully created connection to ${svc}/${driverIp}:7078 after ${rng.int(40, 200)} ms (0 ms spent in bootstraps)`);
    add(s(20, 80), id, 'INFO', 'DiskBlockManager', `Created local directory at /var/data/spark-${rng.uuid()}/blockmgr-${rng.uuid()}`);
    add(s(5, 30), id, 'INFO', 'MemoryStore', `MemoryStore started with capacity ${gib(rng)}`);
    add(s(5, 30), id, 'INFO', 'CoarseGrainedExecutorBackend', `Connecting to driver: spark://CoarseGrainedScheduler@${svc}:7078`);
    add(s(20, 80), id, 'INFO', 'CoarseGrainedExecutorBackend', 'Successfully registered with driver');
    add(s(1, 10), id, 'INFO', 'Executor', `Starting executor ID ${id} on host ${ip}`);
    add(s(0, 3), id, 'INFO', 'Executor', `OS info ${SPARK_OS}`);
    add(s(0, 3), id, 'INFO', 'Executor', 'Java version 17.0.10');
    add(s(10, 60), id, 'INFO', 'Utils', "Successfully started service 'org.apache.spark.network.netty.NettyBlockTransferService' on port 39017.");
    add(s(1, 5), id, 'INFO', 'NettyBlockTransferService', `Server created on ${ip}:39017`);
    add(s(5, 30), id, 'INFO', 'BlockManager', `Initialized BlockManager: BlockManagerId(${id}, ${ip}, 39017, None)`);
    add(s(20, 200), id, 'INFO', 'Executor', `Fetching ${spec.script} with timestamp ${run.start}`);
    const reg = e - rng.int(30, 120);
    add(reg, 'driver', 'INFO', 'KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint', `Registered executor NettyRpcEndpointRef(spark-client://Executor) (${ip}:${rng.int(33000, 60000)}) with ID ${id},  ResourceProfileId 0`);
    add(reg + rng.int(5, 60), 'driver', 'INFO', 'BlockManagerMasterEndpoint', `Registering block manager ${ip}:39017 with ${gib(rng)} RAM, BlockManagerId(${id}, ${ip}, 39017, None)`);
    for (let c = 0; c < spec.coresPerExecutor; c++) slots.push({ exec: id, freeAt: e + rng.int(50, 500) });
    return id;
  };
  const execStart = t + rng.int(15_000, 40_000);
  for (let i = 0; i < spec.executors; i++) startExecutor(execStart + rng.int(0, 8_000));
  t = Math.max(...slots.map((s) => s.freeAt));
  add(d(10, 200), 'driver', 'INFO', 'KubernetesClusterSchedulerBackend', 'SchedulerBackend is ready for scheduling beginning after reached minRegisteredResourcesRatio: 0.8');
  add(d(100, 800), 'driver', 'INFO', 'SharedState', "Setting hive.metastore.warehouse.dir ('null') to the value of spark.sql.warehouse.dir.");
  add(d(1, 10), 'driver', 'INFO', 'SharedState', "Warehouse path is 'file:/opt/spark/work-dir/spark-warehouse'.");
  add(d(300, 1500), 'driver', 'WARN', 'MetricsConfig', 'Cannot locate configuration: tried hadoop-metrics2-s3a-file-system.properties,hadoop-metrics2.properties');
  add(d(200, 900), 'driver', 'INFO', 'InMemoryFileIndex', `It took ${rng.int(150, 1500)} ms to list leaf files for ${rng.int(4, 36)} paths.`);

  // Stages. Task durations are scaled so the run fills its planned window.
  const totalTasks = spec.stages.reduce((n, s) => n + s.tasks, 0);
  const budget = Math.max(60_000, run.end - t - 40_000);
  const cores = spec.executors * spec.coresPerExecutor;
  const medianTask = (budget * cores) / totalTasks / 1.35;
  let tid = 0;
  let broadcast = 1;
  let rdd = 3;
  const lost = run.executorLost;
  let lostDone = false;
  const shuffleHolders = new Map<number, Set<string>>();
  let currentJob = -1;
  let jobStart = t;
  for (let si = 0; si < spec.stages.length; si++) {
    const st = spec.stages[si] as SparkAppSpec['stages'][number];
    if (st.job !== currentJob) {
      currentJob = st.job;
      jobStart = t;
      const lastOfJob = spec.stages.filter((s) => s.job === st.job).length;
      add(d(50, 400), 'driver', 'INFO', 'SparkContext', `Starting job: ${st.callSite}`);
      add(d(1, 20), 'driver', 'INFO', 'DAGScheduler', `Got job ${st.job} (${st.callSite}) with ${spec.stages.filter((s) => s.job === st.job).at(-1)?.tasks ?? st.tasks} output partitions`);
      add(d(0, 3), 'driver', 'INFO', 'DAGScheduler', `Final stage: ResultStage ${si + lastOfJob - 1} (${st.callSite})`);
      add(d(0, 3), 'driver', 'INFO', 'DAGScheduler', `Parents of final stage: List(${lastOfJob > 1 ? `ShuffleMapStage ${si}` : ''})`);
      add(d(0, 3), 'driver', 'INFO', 'DAGScheduler', `Missing parents: List(${lastOfJob > 1 ? `ShuffleMapStage ${si}` : ''})`);
    }
    rdd += rng.int(1, 4);
    const stageName = `${st.kind} ${si} (${st.callSite})`;
    add(d(5, 60), 'driver', 'INFO', 'DAGScheduler', `Submitting ${stageName.replace(` (${st.callSite})`, '')} (MapPartitionsRDD[${rdd}] at ${st.callSite}), which has no missing parents`);
    add(d(1, 20), 'driver', 'INFO', 'MemoryStore', `Block broadcast_${broadcast} stored as values in memory (estimated size ${rng.float(8, 60).toFixed(1)} KiB, free ${gib(rng)})`);
    add(d(1, 10), 'driver', 'INFO', 'SparkContext', `Created broadcast ${broadcast} from broadcast at DAGScheduler.scala:1585`);
    add(d(1, 10), 'driver', 'INFO', 'DAGScheduler', `Submitting ${st.tasks} missing tasks from ${st.kind} ${si} (MapPartitionsRDD[${rdd}] at ${st.callSite}) (first 15 tasks are for partitions Vector(${Array.from({ length: Math.min(15, st.tasks) }, (_, i) => i).join(', ')}))`);
    add(d(1, 10), 'driver', 'INFO', 'TaskSchedulerImpl', `Adding task set ${si}.0 with ${st.tasks} tasks resource profile 0`);
    const stageStart = t;
    const seenBroadcast = new Set<string>();
    const holders = new Set<string>();
    let attempt = 0;
    let done = 0;
    const queue: { index: number; attempt: number }[] = Array.from({ length: st.tasks }, (_, i) => ({ index: i, attempt: 0 }));
    let stageEnd = stageStart;
    while (queue.length > 0) {
      slots.sort((a, b) => a.freeAt - b.freeAt || Number(a.exec) - Number(b.exec));
      const slot = slots[0] as { exec: string; freeAt: number };
      const task = queue.shift() as { index: number; attempt: number };
      const start = Math.max(slot.freeAt, stageStart) + rng.int(1, 30);
      const dur = Math.max(200, Math.floor(rng.logNormal(medianTask, 0.35)));
      const id = tid++;
      const exec = pods.executors.get(slot.exec) as { pod: string; ip: string };
      const taskName = `task ${task.index}.${task.attempt} in stage ${si}.${attempt} (TID ${id})`;
      const ctx = { executor_id: slot.exec, task_name: taskName };
      add(start, 'driver', 'INFO', 'TaskSetManager', `Starting task ${task.index}.${task.attempt} in stage ${si}.${attempt} (TID ${id}) (${exec.ip}, executor ${slot.exec}, partition ${task.index}, ${st.readsShuffle ? 'NODE_LOCAL' : 'PROCESS_LOCAL'}, ${rng.int(8000, 12000)} bytes) `);
      add(start + rng.int(2, 15), slot.exec, 'INFO', 'CoarseGrainedExecutorBackend', `Got assigned task ${id}`);
      add(start + rng.int(15, 30), slot.exec, 'INFO', 'Executor', `Running ${taskName}`, { context: ctx });
      if (!seenBroadcast.has(slot.exec)) {
        seenBroadcast.add(slot.exec);
        add(start + rng.int(30, 60), slot.exec, 'INFO', 'TorrentBroadcast', `Started reading broadcast variable ${broadcast} with 1 pieces (estimated total size 4.0 MiB)`, { context: ctx });
        add(start + rng.int(60, 120), slot.exec, 'INFO', 'TorrentBroadcast', `Reading broadcast variable ${broadcast} took ${rng.int(5, 60)} ms`, { context: ctx });
      }
      if (st.readsShuffle) {
        const blocks = spec.stages[si - 1]?.tasks ?? 8;
        add(start + rng.int(120, 300), slot.exec, 'INFO', 'ShuffleBlockFetcherIterator', `Getting ${blocks} (${rng.float(200, 4000).toFixed(1)} KiB) non-empty blocks including ${Math.floor(blocks / spec.executors)} (${rng.float(50, 900).toFixed(1)} KiB) local and 0 (0.0 B) host-local and 0 (0.0 B) push-merged-local and ${blocks - Math.floor(blocks / spec.executors)} (${rng.float(100, 3000).toFixed(1)} KiB) remote blocks`, { context: ctx });
        add(start + rng.int(300, 400), slot.exec, 'INFO', 'ShuffleBlockFetcherIterator', `Started ${spec.executors - 1} remote fetches in ${rng.int(1, 40)} ms`, { context: ctx });
      }
      const end = start + dur;
      if (lost && !lostDone && slot.exec === String(lost.executorId) && end > lost.at) {
        // The executor dies: OOM in this task, then the pod is killed (exit code 137).
        lostDone = true;
        const L = Math.max(lost.at, start + 50);
        const victim = slot.exec;
        const vip = exec.ip;
        add(L, victim, 'ERROR', 'Executor', `Exception in ${taskName}`, { context: ctx, exception: { class: 'java.lang.OutOfMemoryError', msg: 'Java heap space', frames: 'sparkTask' } });
        add(L + rng.int(5, 40), victim, 'ERROR', 'SparkUncaughtExceptionHandler', `Uncaught exception in thread Thread[#${rng.int(60, 90)},Executor task launch worker for ${taskName},5,main]`, { context: ctx, exception: { class: 'java.lang.OutOfMemoryError', msg: 'Java heap space', frames: 'sparkTask' } });
        const running = slots.filter((s) => s.exec === victim);
        const failedAt = L + rng.int(3_000, 12_000);
        const reason = `The executor with id ${victim} exited with exit code 137(SIGKILL, possible container OOM).`;
        add(failedAt, 'driver', 'ERROR', 'TaskSchedulerImpl', `Lost executor ${victim} on ${vip}: ${reason}\n\n\n\nThe API gave the following container statuses:\n\n\n\t container name: spark-kubernetes-executor\n\t container image: public.ecr.aws/data-on-eks/spark:${spec.version}-scala2.12-java17-python3-ubuntu\n\t container state: terminated\n\t container started at: ${isoMillis(execStart).slice(0, 19)}Z\n\t container finished at: ${isoMillis(L + 1000).slice(0, 19)}Z\n\t exit code: 137\n\t termination reason: OOMKilled\n      `);
        add(failedAt + 2, 'driver', 'WARN', 'TaskSetManager', `Lost task ${task.index}.${task.attempt} in stage ${si}.${attempt} (TID ${id}) (${vip} executor ${victim}): ExecutorLostFailure (executor ${victim} exited caused by one of the running tasks) Reason: ${reason}`);
        queue.unshift({ index: task.index, attempt: task.attempt + 1 });
        if (running.length > 1) {
          const other = tid++;
          add(failedAt + 3, 'driver', 'WARN', 'TaskSetManager', `Lost task ${st.tasks - 1}.0 in stage ${si}.${attempt} (TID ${other}) (${vip} executor ${victim}): ExecutorLostFailure (executor ${victim} exited caused by one of the running tasks) Reason: ${reason}`);
        }
        add(failedAt + 5, 'driver', 'INFO', 'DAGScheduler', `Executor lost: ${victim} (epoch ${si})`);
        add(failedAt + 6, 'driver', 'INFO', 'BlockManagerMasterEndpoint', `Trying to remove executor ${victim} from BlockManagerMaster.`);
        add(failedAt + 7, 'driver', 'INFO', 'BlockManagerMasterEndpoint', `Removing block manager BlockManagerId(${victim}, ${vip}, 39017, None)`);
        add(failedAt + 8, 'driver', 'INFO', 'BlockManagerMaster', `Removed ${victim} successfully in removeExecutor`);
        add(failedAt + 9, 'driver', 'INFO', 'DAGScheduler', `Shuffle files lost for executor: ${victim} (epoch ${si})`);
        add(failedAt + rng.int(500, 2_000), 'driver', 'INFO', 'ExecutorPodsAllocator', `Going to request 1 executors from Kubernetes for ResourceProfile Id: 0, target: ${spec.executors}, known: ${spec.executors - 1}, sharedSlotFromPendingPods: 2147483647.`);
        // Reducers that were fetching from the dead executor fail with FetchFailed.
        if (st.readsShuffle && (shuffleHolders.get(si - 1)?.has(victim) ?? false)) {
          const others = slots.filter((s) => s.exec !== victim);
          const n = Math.min(2, others.length);
          for (let k = 0; k < n; k++) {
            const o = others[k] as { exec: string; freeAt: number };
            const oip = (pods.executors.get(o.exec) as { ip: string }).ip;
            const ftid = tid++;
            const fname = `task ${st.tasks - 2 - k}.0 in stage ${si}.${attempt} (TID ${ftid})`;
            const ft = L + rng.int(1_000, 4_000);
            add(ft, o.exec, 'ERROR', 'RetryingBlockTransferor', `Exception while beginning fetch of 1 outstanding blocks (after ${rng.int(1, 3)} retries)`, { context: { executor_id: o.exec, task_name: fname }, exception: { class: 'java.io.IOException', msg: `Connecting to /${vip}:39017 failed in the last 4750 ms, fail this connection directly`, frames: 'sparkNetty' } });
            add(ft + rng.int(100, 900), 'driver', 'WARN', 'TaskSetManager', `Lost task ${st.tasks - 2 - k}.0 in stage ${si}.${attempt} (TID ${ftid}) (${oip} executor ${o.exec}): FetchFailed(BlockManagerId(${victim}, ${vip}, 39017, None), shuffleId=${si - 1}, mapIndex=${rng.int(0, 15)}, mapId=${rng.int(10, 90)}, reduceId=${st.tasks - 2 - k}, message=\n${javaStack(rng, `org.apache.spark.shuffle.FetchFailedException: Connection from /${vip}:39017 closed`, 'sparkFetch').join('\n')}\n)`);
          }
          add(L + 4_500, 'driver', 'INFO', 'DAGScheduler', `Marking ${stageName} as failed due to a fetch failure from ShuffleMapStage ${si - 1} (${spec.stages[si - 1]?.callSite ?? st.callSite})`);
          add(L + 4_510, 'driver', 'INFO', 'DAGScheduler', `${stageName} failed in ${((L - stageStart) / 1000).toFixed(3)} s due to org.apache.spark.shuffle.FetchFailedException: Connection from /${vip}:39017 closed`);
          add(L + 4_520, 'driver', 'INFO', 'DAGScheduler', `Resubmitting ShuffleMapStage ${si - 1} (${spec.stages[si - 1]?.callSite ?? st.callSite}) and ${stageName} due to fetch failure`);
          attempt = 1;
        }
        // Remove the dead executor's slots; a replacement comes up ~30 s later.
        for (let k = slots.length - 1; k >= 0; k--) if ((slots[k] as { exec: string }).exec === victim) slots.splice(k, 1);
        startExecutor(failedAt + rng.int(20_000, 40_000));
        continue;
      }
      add(end, slot.exec, 'INFO', 'Executor', `Finished ${taskName}. ${rng.int(1500, 9000)} bytes result sent to driver`, { context: ctx });
      done++;
      add(end + rng.int(2, 40), 'driver', 'INFO', 'TaskSetManager', `Finished task ${task.index}.${task.attempt} in stage ${si}.${attempt} (TID ${id}) in ${dur} ms on ${exec.ip} (executor ${slot.exec}) (${done}/${st.tasks})`);
      if (rng.chance(0.012)) add(start + Math.floor(dur / 2), slot.exec, 'WARN', 'TaskMemoryManager', 'Failed to allocate a page (67108864 bytes), try again.', { context: ctx });
      holders.add(slot.exec);
      slot.freeAt = end + rng.int(5, 60);
      stageEnd = Math.max(stageEnd, end + 40);
    }
    shuffleHolders.set(si, holders);
    t = stageEnd;
    add(d(1, 10), 'driver', 'INFO', 'TaskSchedulerImpl', `Removed TaskSet ${si}.${attempt}, whose tasks have all completed, from pool `);
    add(d(1, 10), 'driver', 'INFO', 'DAGScheduler', `${stageName} finished in ${((t - stageStart) / 1000).toFixed(3)} s`);
    const lastOfJob = !spec.stages[si + 1] || spec.stages[si + 1]?.job !== st.job;
    if (!lastOfJob) {
      add(d(1, 5), 'driver', 'INFO', 'DAGScheduler', 'looking for newly runnable stages');
      add(d(0, 3), 'driver', 'INFO', 'DAGScheduler', 'running: HashSet()');
      add(d(0, 3), 'driver', 'INFO', 'DAGScheduler', `waiting: HashSet(ResultStage ${si + 1})`);
      add(d(0, 3), 'driver', 'INFO', 'DAGScheduler', 'failed: HashSet()');
    } else {
      add(d(1, 5), 'driver', 'INFO', 'DAGScheduler', `Job ${st.job} is finished. Cancelling potential speculative or zombie tasks for this job`);
      add(d(0, 3), 'driver', 'INFO', 'TaskSchedulerImpl', `Killing all running tasks in stage ${si}: Stage finished`);
      add(d(0, 3), 'driver', 'INFO', 'DAGScheduler', `Job ${st.job} finished: ${st.callSite}, took ${((t - jobStart) / 1000).toFixed(6)} s`);
      if (rng.chance(0.5)) add(d(50, 300), 'driver', 'WARN', 'SparkStringUtils', "Truncated the string representation of a plan since it was too large. This behavior can be adjusted by setting 'spark.sql.debug.maxToStringFields'.");
    }
    for (const s of slots) s.freeAt = Math.max(s.freeAt, t + rng.int(50, 800));
    broadcast++;
    t += rng.int(500, 4_000);
  }

  // Shutdown.
  add(d(100, 1000), 'driver', 'INFO', 'SparkContext', 'SparkContext is stopping with exitCode 0.');
  add(d(5, 50), 'driver', 'INFO', 'SparkUI', `Stopped Spark web UI at http://${svc}:4040`);
  add(d(5, 50), 'driver', 'INFO', 'KubernetesClusterSchedulerBackend', 'Shutting down all executors');
  add(d(1, 10), 'driver', 'INFO', 'KubernetesClusterSchedulerBackend$KubernetesDriverEndpoint', 'Asking each executor to shut down');
  const alive = new Set(slots.map((s) => s.exec));
  for (const id of alive) {
    const e = t + rng.int(5, 200);
    add(e, id, 'INFO', 'CoarseGrainedExecutorBackend', 'Driver commanded a shutdown');
    add(e + rng.int(5, 50), id, 'INFO', 'MemoryStore', 'MemoryStore cleared');
    add(e + rng.int(50, 80), id, 'INFO', 'BlockManager', 'BlockManager stopped');
    add(e + rng.int(80, 120), id, 'INFO', 'ShutdownHookManager', 'Shutdown hook called');
    add(e + rng.int(120, 200), id, 'INFO', 'ShutdownHookManager', `Deleting directory /var/data/spark-${rng.uuid()}/spark-${rng.uuid()}`);
  }
  add(d(200, 900), 'driver', 'INFO', 'ExecutorPodsWatchSnapshotSource', 'Kubernetes client has been closed.');
  add(d(5, 50), 'driver', 'INFO', 'MapOutputTrackerMasterEndpoint', 'MapOutputTrackerMasterEndpoint stopped!');
  add(d(5, 50), 'driver', 'INFO', 'MemoryStore', 'MemoryStore cleared');
  add(d(1, 10), 'driver', 'INFO', 'BlockManager', 'BlockManager stopped');
  add(d(1, 10), 'driver', 'INFO', 'BlockManagerMaster', 'BlockManagerMaster stopped');
  add(d(1, 10), 'driver', 'INFO', 'OutputCommitCoordinator$OutputCommitCoordinatorEndpoint', 'OutputCommitCoordinator stopped!');
  add(d(5, 50), 'driver', 'INFO', 'SparkContext', 'Successfully stopped SparkContext');
  add(d(100, 500), 'driver', 'INFO', 'ShutdownHookManager', 'Shutdown hook called');
  add(d(1, 10), 'driver', 'INFO', 'ShutdownHookManager', `Deleting directory ${localDir}/spark-${rng.uuid()}`);
  run.end = Math.max(run.end, t + 1_000);
  recs.sort((a, b) => a.t - b.t);
  return { records: recs, pods };
}

/** Renders a record in Spark's log4j text layout `%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex`; returns physical lines. */
export function renderSparkText(rec: SparkRecord, rng: Rng): string[] {
  const head = `${sparkTs(rec.t)} ${rec.level} ${rec.logger}: ${rec.msg}`;
  const lines = head.split('\n');
  if (rec.exception) lines.push(...javaStack(rng, `${rec.exception.class}: ${rec.exception.msg}`, rec.exception.frames, rec.exception.cause));
  return lines;
}

/** Renders a record as one line of Spark 4 structured JSON logging (SparkLayout.json key order). */
export function renderSparkJson(rec: SparkRecord, rng: Rng): string {
  const obj: Record<string, unknown> = { ts: isoMillis(rec.t), level: rec.level, msg: rec.msg };
  if (rec.context && Object.keys(rec.context).length > 0) obj.context = rec.context;
  if (rec.exception) {
    let frames = javaStackObjects(rng, rec.exception.frames);
    if (rec.exception.deep) {
      const rec2: typeof frames = [];
      for (let i = 0; i < rec.exception.deep; i++) {
        rec2.push({ class: 'org.apache.spark.sql.catalyst.trees.TreeNode', method: i % 2 === 0 ? 'transformDownWithPruning' : '$anonfun$transformDownWithPruning$3', file: 'TreeNode.scala', line: i % 2 === 0 ? 469 : 474 });
      }
      frames = [...rec2, ...frames];
    }
    obj.exception = { class: rec.exception.class, msg: rec.exception.msg, stacktrace: frames };
  }
  obj.logger = rec.logger;
  return JSON.stringify(obj);
}
