/**
 * Spark identifiers found in a message or logger name: spark_app_id (`app-YYYYMMDDhhmmss-NNNN`,
 * `application_NNN_NNN`, `spark-<32 hex>`), spark_stage_id, spark_task_id (TID),
 * spark_executor_id, and spark_role inferred from the logger class. Regexes run only after a
 * cheap `indexOf` of their keyword.
 */
import type { FieldWriter } from '../../core/fields.js';
import { ownCopy } from '../shared/own-copy.js';

const APP_ID = /\b(app-\d{14}-\d{4}|application_\d{10,}_\d+|spark-[0-9a-f]{32})\b/;
/** TaskSetManager / Executor `task I.A in stage S.A (TID T)` (Spark 3/4) and `(TID T, host, executor E, …)` (Spark 2). */
const TASK_STAGE_TID = /\btask (\d+)(?:\.\d+)? in stage (\d+)\.\d+ \(TID (\d+)[,)]/;
/** CoarseGrainedExecutorBackend `Got assigned task T` (T is the TID). */
const ASSIGNED_TASK = /\bGot assigned task (\d+)\b/;
/** Task thread names: `Executor task launch worker for task 0.0 in stage 1.0 (TID 5)` (3.2+) / `… for task 5` (2.x). */
const THREAD_TASK = /^Executor task launch worker for task (?:(\d+)(?:\.\d+)? in stage (\d+)\.\d+ \(TID (\d+)\)|(\d+)$)/;
const TID = /\(TID (\d+)\)|\bTID (\d+)\b/;
const STAGE = /\b(?:[Ss]tage|ResultStage|ShuffleMapStage|TaskSet|task set) (\d+)(?:\.\d+)?\b/;
/**
 * Executor ids in driver and executor messages: `executor 2` / `(executor 2)` (TaskSetManager),
 * `executor ID 2` (Executor), `Executor lost: 2`, `lost for executor: 2` (DAGScheduler),
 * `executor(s) 1, 2` (ExecutorAllocationManager), `with ID 2` (CoarseGrainedSchedulerBackend
 * "Registered executor … with ID 2"), `executor with id 2` (ExecutorPodsLifecycleManager),
 * `BlockManagerId(2, host, port, …)`.
 */
const EXECUTOR = /\b[Ee]xecutor(?:\(s\)| ID| id| with id| lost:|:)? (\d+|driver)\b|\bwith ID (\d+)\b|\bBlockManagerId\((\d+|driver),/;
const EXECUTOR_SLASH = /\bExecutor (?:added|updated): app-\d{14}-\d{4}\/(\d+)/;

const DRIVER_LOGGERS = /(?:DAGScheduler|TaskSetManager|TaskSchedulerImpl|SparkContext|YarnClusterScheduler|YarnScheduler|ApplicationMaster|SparkUI|BlockManagerMasterEndpoint|BlockManagerMaster|ExecutorAllocationManager|KubernetesClusterSchedulerBackend|CoarseGrainedSchedulerBackend|StandaloneSchedulerBackend|DriverEndpoint|SparkSession|SparkSubmit|Driver)\b/;
const EXECUTOR_LOGGERS = /(?:CoarseGrainedExecutorBackend|executor\.Executor\b|^Executor$|\bExecutor$|PythonRunner|KubernetesExecutorBackend|YarnCoarseGrainedExecutorBackend)/;

/** Writes the Spark ids found in `msg` (first line of the message). */
export function writeSparkFields(msg: string, out: FieldWriter): void {
  const app = msg.indexOf('app') >= 0;
  if (app || msg.indexOf('spark-') >= 0) {
    const a = APP_ID.exec(msg);
    if (a) out.str('spark_app_id', a[1]!);
  }
  let stage = false;
  if (msg.indexOf('TID') >= 0) {
    const t = TASK_STAGE_TID.exec(msg);
    if (t) {
      out.int('spark_stage_id', Number(t[2]));
      out.long('spark_task_id', Number(t[3]));
      stage = true; // (out.has('spark_stage_id') is true now)
    } else {
      const m = TID.exec(msg);
      if (m) out.long('spark_task_id', Number(m[1] ?? m[2]));
    }
  }
  if (!stage && (msg.indexOf('tage') >= 0 || msg.indexOf('TaskSet') >= 0 || msg.startsWith('Adding task set ')) && !out.has('spark_stage_id')) {
    const s = STAGE.exec(msg);
    if (s) out.int('spark_stage_id', Number(s[1]));
  }
  if (msg.indexOf('xecutor') >= 0 || msg.indexOf('BlockManagerId(') >= 0) {
    // EXECUTOR_SLASH needs "app-"
    const e = (app ? EXECUTOR_SLASH.exec(msg) : null) ?? EXECUTOR.exec(msg);
    if (e) out.str('spark_executor_id', (e[1] ?? e[2] ?? e[3])!);
  }
  if (msg.charCodeAt(0) === 71 /* G */ && msg.startsWith('Got assigned task ')) {
    const a = ASSIGNED_TASK.exec(msg);
    if (a) out.long('spark_task_id', Number(a[1]));
  }
}

/** Stage and task ids from a task thread's name (THREAD_TASK), when the message did not give them. */
export function writeSparkThreadFields(thread: string, out: FieldWriter): void {
  if (thread.length < 30 || thread.charCodeAt(0) !== 69 /* E */) return;
  const m = THREAD_TASK.exec(thread);
  if (!m) return;
  if (m[4] !== undefined) {
    if (!out.has('spark_task_id')) out.long('spark_task_id', Number(m[4]));
    return;
  }
  if (!out.has('spark_stage_id')) out.int('spark_stage_id', Number(m[2]));
  if (!out.has('spark_task_id')) out.long('spark_task_id', Number(m[3]));
}

/** Whether a logger name is Spark's (`org.apache.spark.*`, or a class whose name tells the role). */
export function isSparkLogger(logger: string): boolean {
  if (logger.length === 0) return false;
  if (logger.startsWith('org.apache.spark')) return true;
  let role = roles.get(logger);
  if (role === undefined) {
    role = EXECUTOR_LOGGERS.test(logger) ? 'executor' : DRIVER_LOGGERS.test(logger) ? 'driver' : '';
    if (roles.size >= MAX_ROLES) roles.clear();
    roles.set(ownCopy(logger), role);
  }
  return role !== '';
}

/** Role per logger name seen ('' when unsure); logger names repeat, the two regexes run once each. */
const roles = new Map<string, string>();
const MAX_ROLES = 4096;

/** Infers spark_role (driver/executor) from the logger name; writes nothing when unsure. */
export function writeSparkRole(logger: string, out: FieldWriter): void {
  let role = roles.get(logger);
  if (role === undefined) {
    role = EXECUTOR_LOGGERS.test(logger) ? 'executor' : DRIVER_LOGGERS.test(logger) ? 'driver' : '';
    if (roles.size >= MAX_ROLES) roles.clear();
    roles.set(ownCopy(logger), role);
  }
  if (role !== '') out.str('spark_role', role);
}
