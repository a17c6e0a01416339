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

/*
 * The regexes above find where an id is (`search`: no match array, no capture strings); the ids
 * are then read at that index by the scanners below, which follow the regex exactly (each capture
 * is a maximal run of digits there, or a literal).
 */

/** Index just past the ASCII digits starting at `i`. */
function digitsEnd(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
}

/** The number the digits `s[a, b)` write (as `Number` reads them). */
function num(s: string, a: number, b: number): number {
  if (b - a > 15) return Number(s.slice(a, b));
  let v = 0;
  for (let i = a; i < b; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

/** Whether `s[i]` is a regex word character ([A-Za-z0-9_]); false past the end. */
function isWordChar(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * `(\d+|driver)` at `i` followed by the end, `,` (`comma`) or a word boundary; the id or undefined.
 */
function idAt(s: string, i: number, comma: boolean): string | undefined {
  const e = digitsEnd(s, i);
  let end = -1;
  if (e > i) end = e;
  else if (s.startsWith('driver', i)) end = i + 6;
  else return undefined;
  if (comma ? s.charCodeAt(end) !== 44 : isWordChar(s, end)) return undefined;
  return s.slice(i, end);
}

/** The optional part of EXECUTOR after `[Ee]xecutor`, in the order the regex tries them. */
const EXECUTOR_SUFFIXES = ['(s)', ' ID', ' id', ' with id', ' lost:', ':', ''];

/** The id EXECUTOR captures in its match at `i`. */
function executorAt(s: string, i: number): string | undefined {
  const c = s.charCodeAt(i);
  if (c === 119 /* w */) return idAt(s, i + 8, false); // with ID (\d+)\b
  if (c === 66 /* B */) return idAt(s, i + 15, true); // BlockManagerId\((\d+|driver),
  const p = i + 8; // past [Ee]xecutor
  for (const suffix of EXECUTOR_SUFFIXES) {
    if (!s.startsWith(suffix, p)) continue;
    const q = p + suffix.length;
    if (s.charCodeAt(q) !== 32) continue;
    const id = idAt(s, q + 1, false);
    if (id !== undefined) return id;
  }
  return undefined;
}

/** The app id APP_ID matches at `i`. */
function appIdAt(s: string, i: number): string {
  if (s.charCodeAt(i) === 115 /* s */) return s.slice(i, i + 38); // spark-[0-9a-f]{32}
  if (s.charCodeAt(i + 3) === 45 /* - */) return s.slice(i, i + 23); // app-\d{14}-\d{4}
  return s.slice(i, digitsEnd(s, digitsEnd(s, i + 12) + 1)); // application_\d{10,}_\d+
}

/** Length of the keyword STAGE matches at `i`. */
function stageKeywordLength(s: string, i: number): number {
  switch (s.charCodeAt(i)) {
    case 82: return 11; // ResultStage
    case 84: return 7; // TaskSet
    case 116: return 8; // task set
    default: return s.startsWith('ShuffleMapStage', i) ? 15 : 5; // [Ss]tage
  }
}

/** Writes the Spark ids found in `msg` (first line of the message). */
export function writeSparkFields(msg: string, out: FieldWriter): void {
  // one search instead of two keyword scans (most messages have neither keyword)
  const a = msg.search(APP_ID);
  if (a >= 0) out.str('spark_app_id', appIdAt(msg, a));
  let stage = false;
  if (msg.indexOf('TID') >= 0) {
    const t = msg.search(TASK_STAGE_TID);
    if (t >= 0) {
      // task (\d+)(?:\.\d+)? in stage (\d+)\.\d+ \(TID (\d+)[,)]
      let p = digitsEnd(msg, t + 5);
      if (msg.charCodeAt(p) === 46) p = digitsEnd(msg, p + 1);
      const s0 = p + 10;
      const s1 = digitsEnd(msg, s0);
      const t0 = digitsEnd(msg, s1 + 1) + 6;
      out.int('spark_stage_id', num(msg, s0, s1));
      out.long('spark_task_id', num(msg, t0, digitsEnd(msg, t0)));
      stage = true; // (out.has('spark_stage_id') is true now)
    } else {
      const m = msg.search(TID);
      if (m >= 0) {
        const d = m + (msg.charCodeAt(m) === 40 /* ( */ ? 5 : 4);
        out.long('spark_task_id', num(msg, d, digitsEnd(msg, d)));
      }
    }
  }
  if (!stage && (msg.indexOf('tage') >= 0 || msg.indexOf('TaskSet') >= 0 || msg.startsWith('Adding task set ')) && !out.has('spark_stage_id')) {
    const s = msg.search(STAGE);
    if (s >= 0) {
      const d = s + stageKeywordLength(msg, s) + 1;
      out.int('spark_stage_id', num(msg, d, digitsEnd(msg, d)));
    }
  }
  if (msg.indexOf('xecutor') >= 0 || msg.indexOf('BlockManagerId(') >= 0) {
    // EXECUTOR_SLASH's `app-\d{14}-\d{4}` between ": " and "/" is an APP_ID match
    const slash = a >= 0 ? msg.search(EXECUTOR_SLASH) : -1;
    if (slash >= 0) {
      // Executor (?:added|updated): app-\d{14}-\d{4}\/(\d+)
      const d = msg.indexOf(': ', slash) + 2 + 24;
      out.str('spark_executor_id', msg.slice(d, digitsEnd(msg, d)));
    } else {
      const e = msg.search(EXECUTOR);
      const id = e >= 0 ? executorAt(msg, e) : undefined;
      if (id !== undefined) out.str('spark_executor_id', id);
    }
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
