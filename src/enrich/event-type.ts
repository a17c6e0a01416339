/**
 * Event-type enrichment: sets `event_type` from what the parser wrote (message, severity,
 * component, error_class, pg_* and kafka/spark fields). Rules are checked in the order of the
 * table; the first match wins. Message tests look at the first line only and start with a cheap
 * `indexOf`/`startsWith`.
 *
 * | event_type | when |
 * |---|---|
 * | `deadlock` | pg_sqlstate 40P01, or message contains "deadlock detected" |
 * | `lock_wait` | pg_sqlstate 55P03, PG "still waiting for …Lock" / "acquired …Lock" / "lock timeout" |
 * | `slow_query` | pg_duration_ms is set (log_min_duration_statement lines) |
 * | `checkpoint` | PG "checkpoint starting/complete", "checkpoints are occurring too frequently", "restartpoint …" |
 * | `autovacuum` | PG "automatic vacuum/analyze of table", "autovacuum launcher …" |
 * | `connection` | PG "connection received/authorized", "disconnection:", "authentication failed", 53300 / 28xxx / 08xxx; Kafka "Failed authentication", "Disconnected from node …" |
 * | `broker_start` | Kafka/ZooKeeper "[KafkaServer id=N] started", "starting" / "Starting up" of KafkaServer / KafkaRaftServer |
 * | `broker_shutdown` | Kafka "shutting down" / "shut down completed" of KafkaServer / KafkaRaftServer, "Controlled shutdown" |
 * | `leader_election` | Kafka "leader election", "elected as … leader", "Elected leader", "became leader", "New leader", "new controller" |
 * | `isr_change` | Kafka "Shrinking ISR", "Expanding ISR", "ISR updated", "isr change" |
 * | `rebalance` | Kafka "rebalance" / "Rebalanc…" (group coordinator / consumer), "Preparing to rebalance" |
 * | `executor_lost` | Spark "Lost executor", "Executor lost", "Removing executor … with no recent heartbeats", "ExecutorLostFailure" |
 * | `task_failed` | Spark "Lost task", "Task … failed", "Exception in task" |
 * | `stage_completed` | Spark "(Result|ShuffleMap)Stage N (…) finished", "Stage N … completed" |
 * | `job_completed` | Spark "Job N finished", "Job N completed" |
 * | `gc` | JVM/Go GC lines: "GC (", "[GC", "Full GC", "Pause Young", "Pause Full", "gc N @" |
 * | `http_request` | an HTTP method + path (`"GET /x HTTP/1.1"`, `method=GET … path=`), or an `http.method`/`method` attribute the parser recognised via component `http` |
 * | `exception` | error_class is set and it is not a SQLSTATE condition (a class name or exception type), or stack_trace is set |
 * | `error` | severity ERROR or FATAL, or pg_sqlstate of an error class |
 * | `log` | anything else |
 */
import type { FieldWriter } from '../core/fields.js';

/** The event_type vocabulary (see the table in this module's comment). */
export const EVENT_TYPES = [
  'deadlock', 'lock_wait', 'slow_query', 'checkpoint', 'autovacuum', 'connection', 'broker_start',
  'broker_shutdown', 'leader_election', 'isr_change', 'rebalance', 'executor_lost', 'task_failed',
  'stage_completed', 'job_completed', 'gc', 'http_request', 'exception', 'error', 'log',
] as const;

/** One of EVENT_TYPES. */
export type EventType = (typeof EVENT_TYPES)[number];

const PG_LOCK_WAIT = /still waiting for \w*Lock|acquired \w*Lock|lock timeout|canceling statement due to lock timeout/;
const PG_CONNECTION = /^(?:connection received|connection authorized|connection authenticated|disconnection:|password authentication failed|(?:peer|ident|md5|scram|ldap|cert) authentication failed|no pg_hba\.conf entry|incomplete startup packet|sorry, too many clients)/;
const KAFKA_START = /^(?:started|starting|Starting up)\b|\] started\b|\bKafka(?:Raft)?Server.*\bstarted\b/;
const KAFKA_SHUTDOWN = /\bshutting down\b|\bshut down completed\b|\bshutdown completed\b|Controlled shutdown|Starting controlled shutdown/i;
const LEADER = /leader election|[Ee]lected (?:as )?(?:the )?(?:new )?(?:leader|controller)|became leader|[Nn]ew leader|new controller|Elected leader/;
const ISR = /Shrinking ISR|Expanding ISR|ISR updated|\bisr change|ISR from .* to /i;
const REBALANCE = /[Rr]ebalanc/;
const EXEC_LOST = /Lost executor|Executor lost|Removing executor \S+ with no recent heartbeats|ExecutorLostFailure/;
const TASK_FAILED = /Lost task|\bTask \S+ (?:in stage \S+ )?failed|Exception in task/;
const STAGE_DONE = /(?:ResultStage|ShuffleMapStage|Stage) \d+ \(.*\) finished|\bStage \d+ .*completed/;
const JOB_DONE = /\bJob \d+ (?:finished|completed)/;
const GC = /\bGC \(|\[GC\b|Full GC|Pause Young|Pause Full|^gc \d+ @/;
const HTTP = /"(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) \S+ HTTP\/\d|\b(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) \/\S* (?:HTTP\/\d|\d{3}\b)|\bmethod=(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\b/;

/** Whether error_class looks like a SQLSTATE condition name (snake_case) rather than a class. */
function isConditionName(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || c === 95 || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/**
 * Gate of the message rules: one regex scan of the first line that matches whenever any rule
 * below that looks into the message text could match (each alternative is a substring of what the
 * rule's own guard or regex requires). When it does not match, all those rules are skipped; when it
 * does, they run exactly as written, so a gate that matches more changes nothing but speed. The
 * alternatives are cut to start at uncommon characters (`k detected` of "deadlock detected"): the
 * regex engine skips text positions by the first characters, and a space, a lowercase letter or a
 * `/` (paths are common) there would stop it at nearly every position; so HTTP_REQUEST is gated by
 * its method names, not by the ` /` of its path. The Kafka-only rules (ISR, LEADER) have their own
 * gate (KAFKA_GATE), tested only for Kafka rows that get that far.
 */
const ANY =
  /k detected|Lock|k timeout|balanc|Lost executor|Executor lost|Removing executor |ExecutorLostFailure|Lost task|Exception in task|Task |Stage |Job |GC|Pause|GET |POST |PUT |DELETE |PATCH |HEAD |OPTIONS |method=/;
/** What ISR, LEADER and REBALANCE need beyond ANY (ISR is case-insensitive). */
const ISR_GATE = /isr/i;

/**
 * Whether ISR, LEADER or REBALANCE could match `msg` (given that ANY did not); `ctl`: whether
 * `msg` contains "ontroll" (implied by "controller").
 */
function kafkaGate(msg: string, ctl: boolean): boolean {
  return msg.indexOf('leader') >= 0 || (ctl && msg.indexOf('controller') >= 0) || ISR_GATE.test(msg);
}

/**
 * Whether a logger name is Kafka's: `kafka.*`, `org.apache.kafka*`, `state.change.logger` (the
 * first character is compared before the string).
 */
function isKafkaComponent(comp: string): boolean {
  const c = comp.charCodeAt(0);
  if (c === 107 /* k */) return comp.startsWith('kafka.');
  if (c === 111 /* o */) return comp.startsWith('org.apache.kafka');
  return c === 115 /* s */ && comp === 'state.change.logger';
}

/** Whether `comp` ends with "Server" (checked by two characters first). */
function endsWithServer(comp: string): boolean {
  const n = comp.length;
  return comp.charCodeAt(n - 1) === 114 /* r */ && comp.charCodeAt(n - 6) === 83 /* S */ && comp.endsWith('Server');
}

/** First characters PG_CONNECTION can match at (c d p i m s l n), as bits of `code - 97` (a = bit 0). */
const PG_CONNECTION_FIRST = [...'cdpimsln'].reduce((m, c) => m | (1 << (c.charCodeAt(0) - 97)), 0);

/** Whether `c0` (a char code, NaN for none) is one of PG_CONNECTION_FIRST. */
function pgConnectionFirst(c0: number): boolean {
  return c0 >= 97 && c0 <= 122 && ((PG_CONNECTION_FIRST >> (c0 - 97)) & 1) === 1;
}

/** Whether the row comes from PostgreSQL (sqlstate, duration, pid or user written). */
function isPgRow(state: string | undefined, hasDuration: boolean, out: FieldWriter): boolean {
  return state !== undefined || hasDuration || out.has('pg_pid') || out.has('pg_user');
}

function classify(out: FieldWriter): EventType {
  const full = out.getStr('message') ?? '';
  const nl = full.indexOf('\n');
  const msg = nl >= 0 ? full.slice(0, nl) : full;
  const state = out.getStr('pg_sqlstate');
  const hasDuration = out.has('pg_duration_ms');
  const c0 = msg.charCodeAt(0);
  // PostgreSQL rows that may be classified before the rules that need ANY (slow_query,
  // connection): for them ANY is run only if they get that far, and the deadlock and lock_wait
  // rules use their own keyword scans (on SQL text, full of the capitals ANY's alternatives start
  // with, three indexOf cost about half of one ANY scan)
  const pgConnection = pgConnectionFirst(c0) && isPgRow(state, hasDuration, out);
  // 1: a substring some message rule needs is there (see ANY), 0: none is, -1: not scanned yet
  let any = hasDuration || pgConnection ? -1 : ANY.test(msg) ? 1 : 0;
  if (state === '40P01' || (any !== 0 && msg.indexOf('deadlock detected') >= 0)) return 'deadlock';
  // lock_wait needs 55P03 or a message hit: only then does "is it PostgreSQL" matter here
  if (state === '55P03') return 'lock_wait';
  if (any !== 0) {
    const lock = msg.indexOf('Lock') >= 0;
    if ((lock || msg.indexOf('lock timeout') >= 0) && (lock || isPgRow(state, hasDuration, out)) && PG_LOCK_WAIT.test(msg)) return 'lock_wait';
  }
  if (hasDuration) return 'slow_query';
  if (c0 === 99 /* c */) {
    // (also covers "checkpoints are occurring")
    if (msg.startsWith('checkpoint')) return 'checkpoint';
  } else if (c0 === 114 /* r */) {
    if (msg.startsWith('restartpoint')) return 'checkpoint';
  } else if (c0 === 97 /* a */) {
    if (msg.startsWith('automatic vacuum') || msg.startsWith('automatic analyze') || msg.startsWith('automatic aggressive vacuum') || msg.startsWith('autovacuum')) return 'autovacuum';
  }
  if (state !== undefined && (state === '53300' || state.startsWith('28') || state.startsWith('08'))) return 'connection';
  if (pgConnection && PG_CONNECTION.test(msg)) return 'connection';
  if (any < 0) any = ANY.test(msg) ? 1 : 0;
  const hit = any === 1;
  // (read only here: PostgreSQL rows mostly returned above)
  const comp = out.getStr('component') ?? '';
  if (isKafkaComponent(comp) || out.has('broker_id')) {
    if (msg.indexOf('Failed authentication') >= 0 || (c0 === 68 /* D */ && msg.startsWith('Disconnected from node'))) return 'connection';
    // all four server classes end with "Server"
    const sv = endsWithServer(comp);
    const server = sv && (comp.endsWith('KafkaServer') || comp.endsWith('KafkaRaftServer') || comp.endsWith('BrokerServer'));
    if ((server || (sv && comp.endsWith('ControllerServer'))) && KAFKA_START.test(msg)) return 'broker_start';
    // "ontrolled shutdown" and kafkaGate's "controller" both contain "ontroll": one scan for both
    const ctl = msg.indexOf('ontroll') >= 0;
    if ((server || (ctl && msg.indexOf('ontrolled shutdown') >= 0)) && KAFKA_SHUTDOWN.test(msg)) return 'broker_shutdown';
    if (hit || kafkaGate(msg, ctl)) {
      if (ISR.test(msg)) return 'isr_change';
      if (LEADER.test(msg)) return 'leader_election';
      if (REBALANCE.test(msg)) return 'rebalance';
    }
  } else if (hit && msg.indexOf('ebalanc') >= 0 && (comp.indexOf('kafka') >= 0 || out.has('kafka_consumer_group'))) return 'rebalance';
  if (hit) {
    if (msg.indexOf('xecutor') >= 0 && EXEC_LOST.test(msg)) return 'executor_lost';
    if ((msg.indexOf('task') >= 0 || msg.indexOf('Task') >= 0) && TASK_FAILED.test(msg)) return 'task_failed';
    if (msg.indexOf('tage') >= 0 && STAGE_DONE.test(msg)) return 'stage_completed';
    if (msg.indexOf('Job ') >= 0 && JOB_DONE.test(msg)) return 'job_completed';
  }
  if (((hit && (msg.indexOf('GC') >= 0 || msg.indexOf('Pause') >= 0)) || (c0 === 103 /* g */ && msg.startsWith('gc '))) && GC.test(msg)) return 'gc';
  if (hit && (msg.indexOf(' /') >= 0 || msg.indexOf('method=') >= 0) && HTTP.test(msg)) return 'http_request';
  const ec = out.getStr('error_class');
  if ((ec !== undefined && !isConditionName(ec)) || out.has('stack_trace')) return 'exception';
  const sev = out.getStr('severity');
  if (sev === 'ERROR' || sev === 'FATAL' || ec !== undefined) return 'error';
  return 'log';
}

/**
 * Reads the fields a parser wrote for the current row and writes `event_type` (one of
 * EVENT_TYPES). Returns the value written.
 */
export function classifyEventType(out: FieldWriter): EventType {
  const t = classify(out);
  out.str('event_type', t);
  return t;
}
