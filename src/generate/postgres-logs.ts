/**
 * PostgreSQL 16 stderr log of the `postgres` container, with
 *
 *   log_line_prefix = '%m [%p] %q%u@%d '
 *
 * i.e. `2026-03-02 08:00:01.123 UTC [4711] orders_app@orders LOG:  ...` for session processes and
 * `2026-03-02 08:00:01.123 UTC [27] LOG:  ...` for background processes (`%q` stops the prefix
 * there); before authentication user and database print as `[unknown]`. Other settings assumed:
 * log_connections, log_disconnections, log_checkpoints, log_lock_waits = on,
 * log_min_duration_statement = 500ms, log_autovacuum_min_duration = 0, deadlock_timeout = 1s,
 * log_timezone = 'UTC'. Every DETAIL/HINT/CONTEXT/STATEMENT line carries its own prefix, and
 * multi-line texts continue on tab-indented lines, exactly as PostgreSQL writes them.
 *
 * A logical event here = one primary message plus its DETAIL/HINT/CONTEXT/STATEMENT lines and
 * continuation lines (the way pgBadger groups them).
 *
 * Imports the PRNG, the plan, the model and the formatters.
 */
import type { Rng } from './prng.js';
import { arrivals, RateProfile, sortEvents, ticks, type AppEvent } from './model.js';
import type { ClusterPlan } from './plan.js';
import { pgSeconds, pgTs } from './time-format.js';

/** The `log_line_prefix` this generator emulates. */
export const PG_LOG_LINE_PREFIX = '%m [%p] %q%u@%d ';

interface Session {
  pid: number;
  user: string;
  db: string;
}

const POOLED: readonly { user: string; db: string; app: string; host: string; size: number }[] = [
  { user: 'orders_app', db: 'orders', app: 'orders-api', host: '172.18.0.10', size: 10 },
  { user: 'payments_app', db: 'payments', app: 'payments', host: '10.0.4.57', size: 6 },
  { user: 'worker', db: 'orders', app: 'orders-worker', host: '172.18.0.12', size: 4 },
];

const SHORT_CLIENTS: readonly { user: string; db: string; app: string; host: string }[] = [
  { user: 'reporting', db: 'orders', app: 'metabase', host: '10.0.5.14' },
  { user: 'postgres', db: 'postgres', app: 'psql', host: '172.18.0.1' },
  { user: 'exporter', db: 'postgres', app: 'postgres_exporter', host: '172.18.0.20' },
  { user: 'orders_app', db: 'orders', app: 'orders-migrate', host: '172.18.0.10' },
];

const SLOW_QUERIES: readonly ((rng: Rng) => string[])[] = [
  (r) => [`SELECT o.id, o.customer_id, o.status, o.total_cents FROM orders o WHERE o.customer_id = ${r.int(1000, 99999)} ORDER BY o.created_at DESC LIMIT 50`],
  (r) => [`UPDATE inventory SET reserved = reserved + ${r.int(1, 5)}, updated_at = now() WHERE sku = 'SKU-${r.int(10000, 99999)}'`],
  (r) => [
    'SELECT date_trunc(\'hour\', o.created_at) AS hour, count(*) AS orders, sum(o.total_cents) AS revenue',
    '\t  FROM orders o',
    '\t  JOIN order_items i ON i.order_id = o.id',
    `\t WHERE o.created_at >= now() - interval '${r.int(1, 30)} days'`,
    '\t GROUP BY 1',
    '\t ORDER BY 1',
  ],
  (r) => [`SELECT * FROM payments WHERE status = 'pending' AND created_at < now() - interval '${r.int(5, 60)} minutes' FOR UPDATE SKIP LOCKED LIMIT 100`],
  (r) => [`INSERT INTO order_events (order_id, kind, payload) SELECT id, 'reconciled', '{}'::jsonb FROM orders WHERE status = 'paid' AND id > ${r.int(100000, 900000)}`],
  (r) => [`DELETE FROM sessions WHERE expires_at < now() - interval '${r.int(1, 7)} days'`],
  () => ['COPY public.order_items (id, order_id, sku, qty, price_cents) TO stdout;'],
];

/** Simulated PostgreSQL server. */
class PgSim {
  readonly events: AppEvent[] = [];
  private xid: number;
  private pidSeq = 0;
  constructor(readonly rng: Rng, private readonly start: number, private readonly rate: number) {
    this.xid = rng.int(700_000, 3_000_000);
  }

  /**
   * PID of a backend forked at `t`: Linux hands out increasing PIDs, so they grow with time
   * (~0.4 forks per second of traffic here) with a little jitter.
   */
  nextPid(t: number): number {
    this.pidSeq = (this.pidSeq + 1) % 5;
    return 60 + Math.floor(((t - this.start) / 1000) * 0.4 * this.rate) * 5 + this.pidSeq;
  }

  nextXid(): number {
    this.xid += this.rng.int(1, 300);
    return this.xid;
  }

  /** A session-process line: `ts [pid] user@db LEVEL:  text`. */
  sl(t: number, s: Session | undefined, level: string, text: string): string {
    const who = s ? `${s.user}@${s.db}` : '[unknown]@[unknown]';
    return `${pgTs(t)} [${s ? s.pid : 0}] ${who} ${level}:  ${text}`;
  }

  /** A background-process line: `ts [pid] LEVEL:  text`. */
  bl(t: number, pid: number, level: string, text: string): string {
    return `${pgTs(t)} [${pid}] ${level}:  ${text}`;
  }

  push(t: number, lines: string[]): void {
    this.events.push({ t: Math.floor(t), stream: 'stderr', lines });
  }
}

function withStatement(sim: PgSim, t: number, s: Session, level: string, msg: string, extra: [string, string][], stmt: string[]): string[] {
  const out = [sim.sl(t, s, level, msg)];
  for (const [k, v] of extra) out.push(sim.sl(t, s, k, v));
  out.push(sim.sl(t, s, 'STATEMENT', stmt[0] as string), ...stmt.slice(1));
  return out;
}

/** The PostgreSQL container's events, in time order. */
export function postgresEvents(plan: ClusterPlan, rng: Rng): AppEvent[] {
  const sim = new PgSim(rng.fork('pg/sim'), plan.start, plan.rate);
  const r = sim.rng;
  const profile = new RateProfile(rng.fork('pg/profile'), plan.start, plan.end);
  const rate = plan.rate;
  let t = plan.start + 1200;
  // Startup.
  const post = 1;
  sim.push(t, [sim.bl(t, post, 'LOG', 'starting PostgreSQL 16.2 (Debian 16.2-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit')]);
  sim.push(t += 2, [sim.bl(t, post, 'LOG', 'listening on IPv4 address "0.0.0.0", port 5432')]);
  sim.push(t += 1, [sim.bl(t, post, 'LOG', 'listening on IPv6 address "::", port 5432')]);
  sim.push(t += 3, [sim.bl(t, post, 'LOG', 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"')]);
  sim.push(t += 9, [sim.bl(t, 27, 'LOG', `database system was shut down at ${pgSeconds(plan.start - r.int(60_000, 600_000))}`)]);
  sim.push(t += 6, [sim.bl(t, post, 'LOG', 'database system is ready to accept connections')]);

  const connect = (at: number, c: { user: string; db: string; app: string; host: string }): { s: Session; t: number } => {
    const s: Session = { pid: sim.nextPid(at), user: c.user, db: c.db };
    const port = r.int(32768, 60999);
    sim.push(at, [sim.sl(at, { ...s, user: '[unknown]', db: '[unknown]' }, 'LOG', `connection received: host=${c.host} port=${port}`)]);
    const auth = at + r.int(2, 12);
    sim.push(auth, [sim.sl(auth, s, 'LOG', `connection authorized: user=${c.user} database=${c.db} application_name=${c.app}`)]);
    return { s, t: auth };
  };
  const disconnect = (at: number, start: number, s: Session, host: string): void => {
    const dur = at - start;
    const h = Math.floor(dur / 3_600_000);
    const m = Math.floor((dur % 3_600_000) / 60_000);
    const sec = ((dur % 60_000) / 1000).toFixed(3).padStart(6, '0');
    sim.push(at, [sim.sl(at, s, 'LOG', `disconnection: session time: ${h}:${String(m).padStart(2, '0')}:${sec} user=${s.user} database=${s.db} host=${host} port=${r.int(32768, 60999)}`)]);
  };

  // Connection pools opened at start and kept.
  const pools: Session[] = [];
  for (const p of POOLED) {
    for (let i = 0; i < p.size; i++) pools.push(connect(plan.start + r.int(5_000, 60_000), p).s);
  }

  // Checkpoints every 5 minutes (checkpoint_completion_target = 0.9).
  for (const ct of ticks(r, plan.start + 60_000, plan.end, 300_000)) {
    const write = r.float(200, 270);
    const bufs = r.int(40, 9000);
    sim.push(ct, [sim.bl(ct, 27, 'LOG', 'checkpoint starting: time')]);
    const done = ct + Math.floor(write * 1000) + r.int(5, 90);
    if (done >= plan.end) continue;
    const lsn = `${r.int(0, 3)}/${r.hex(8).toUpperCase()}`;
    sim.push(done, [sim.bl(done, 27, 'LOG', `checkpoint complete: wrote ${bufs} buffers (${((bufs / 16384) * 100).toFixed(1)}%); 0 WAL file(s) added, ${r.int(0, 2)} removed, ${r.int(0, 3)} recycled; write=${write.toFixed(3)} s, sync=${r.float(0, 0.05).toFixed(3)} s, total=${(write + r.float(0, 0.1)).toFixed(3)} s; sync files=${r.int(3, 80)}, longest=${r.float(0, 0.02).toFixed(3)} s, average=${r.float(0, 0.005).toFixed(3)} s; distance=${r.int(100, 90000)} kB, estimate=${r.int(9000, 120000)} kB; lsn=${lsn}, redo lsn=${lsn}`)]);
  }

  // Autovacuum / autoanalyze.
  const tables = ['public.orders', 'public.order_items', 'public.inventory', 'public.payments', 'public.sessions', 'public.order_events'];
  for (const at of arrivals(r, plan.start + 120_000, plan.end, rate / 240, profile)) {
    const pid = sim.nextPid(at);
    const tb = r.pick(tables);
    const db = tb === 'public.payments' ? 'payments' : 'orders';
    const pages = r.int(800, 90_000);
    const scanned = r.int(1, pages);
    const removed = r.int(0, 20_000);
    sim.push(at, [
      sim.bl(at, pid, 'LOG', `automatic vacuum of table "${db}.${tb}": index scans: ${r.int(0, 1)}`),
      `\tpages: 0 removed, ${pages} remain, ${scanned} scanned (${((scanned / pages) * 100).toFixed(2)}% of total)`,
      `\ttuples: ${removed} removed, ${r.int(10_000, 2_000_000)} remain, ${r.int(0, 50)} are dead but not yet removable`,
      `\tremovable cutoff: ${sim.nextXid()}, which was ${r.int(0, 40)} XIDs old when operation ended`,
      `\tnew relfrozenxid: ${sim.nextXid()}, which is ${r.int(1, 5000)} XIDs ahead of previous value`,
      `\tfrozen: ${r.int(0, 200)} pages from table (${r.float(0, 2).toFixed(2)}% of total) had ${r.int(0, 4000)} tuples frozen`,
      `\tindex scan needed: ${r.int(0, scanned)} pages from table (${r.float(0, 10).toFixed(2)}% of total) had ${removed} dead item identifiers removed`,
      `\tindex "${tb.slice(7)}_pkey": pages: ${r.int(50, 9000)} in total, 0 newly deleted, 0 currently deleted, 0 reusable`,
      `\tavg read rate: ${r.float(0, 40).toFixed(3)} MB/s, avg write rate: ${r.float(0, 20).toFixed(3)} MB/s`,
      `\tbuffer usage: ${r.int(100, 90000)} hits, ${r.int(0, 900)} misses, ${r.int(0, 400)} dirtied`,
      `\tWAL usage: ${r.int(10, 9000)} records, ${r.int(0, 200)} full page images, ${r.int(1000, 2_000_000)} bytes`,
      `\tsystem usage: CPU: user: ${r.float(0, 0.4).toFixed(2)} s, system: ${r.float(0, 0.1).toFixed(2)} s, elapsed: ${r.float(0, 2).toFixed(2)} s`,
    ]);
  }
  for (const at of arrivals(r, plan.start + 120_000, plan.end, rate / 420, profile)) {
    const pid = sim.nextPid(at);
    const tb = r.pick(tables);
    sim.push(at, [
      sim.bl(at, pid, 'LOG', `automatic analyze of table "${tb === 'public.payments' ? 'payments' : 'orders'}.${tb}"`),
      `\tavg read rate: ${r.float(0, 60).toFixed(3)} MB/s, avg write rate: ${r.float(0, 5).toFixed(3)} MB/s`,
      `\tbuffer usage: ${r.int(100, 30000)} hits, ${r.int(0, 900)} misses, ${r.int(0, 100)} dirtied`,
      `\tsystem usage: CPU: user: ${r.float(0, 0.3).toFixed(2)} s, system: ${r.float(0, 0.05).toFixed(2)} s, elapsed: ${r.float(0, 1.5).toFixed(2)} s`,
    ]);
  }

  // Short-lived sessions (reporting, psql, exporters), a few failing authentication.
  for (const at of arrivals(r, plan.start + 60_000, plan.end, 0.075 * rate, profile)) {
    const c = r.pick(SHORT_CLIENTS);
    if (r.chance(0.015)) {
      const s: Session = { pid: sim.nextPid(at), user: c.user, db: c.db };
      sim.push(at, [sim.sl(at, { ...s, user: '[unknown]', db: '[unknown]' }, 'LOG', `connection received: host=${c.host} port=${r.int(32768, 60999)}`)]);
      const f = at + r.int(2, 20);
      sim.push(f, [sim.sl(f, s, 'FATAL', `password authentication failed for user "${c.user}"`), sim.sl(f, s, 'DETAIL', `Connection matched file "/var/lib/postgresql/data/pg_hba.conf" line 100: "host all all all scram-sha-256"`)]);
      continue;
    }
    const { s, t: authAt } = connect(at, c);
    const end = authAt + Math.floor(r.logNormal(1500, 1.4));
    if (end < plan.end) disconnect(end, at, s, c.host);
  }

  // Slow statements (log_min_duration_statement = 500ms) on pooled sessions.
  for (const at of arrivals(r, plan.start + 60_000, plan.end, 0.12 * rate, profile)) {
    const s = r.pick(pools);
    const q = r.pick(SLOW_QUERIES)(r);
    const dur = 500 + r.logNormal(400, 0.9);
    if (r.chance(0.25)) {
      sim.push(at, [sim.sl(at, s, 'LOG', `duration: ${dur.toFixed(3)} ms  execute <unnamed>: SELECT o.*, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = $1`), sim.sl(at, s, 'DETAIL', `parameters: $1 = '${r.int(100000, 999999)}'`)]);
    } else {
      sim.push(at, [sim.sl(at, s, 'LOG', `duration: ${dur.toFixed(3)} ms  statement: ${q[0]}`), ...q.slice(1)]);
    }
  }
  // A handful of huge statements (> 16 KiB: dockerd splits them into partial records).
  const huge = plan.scale === 'small' ? 2 : 8;
  for (let i = 0; i < huge; i++) {
    const at = Math.floor(r.float(plan.start + 600_000, plan.end - 60_000));
    const ids: number[] = [];
    const n = r.int(3500, 6000);
    for (let k = 0; k < n; k++) ids.push(r.int(100000, 999999));
    sim.push(at, [sim.sl(at, r.pick(pools), 'LOG', `duration: ${(2000 + r.logNormal(900, 0.5)).toFixed(3)} ms  statement: SELECT id, status, total_cents FROM orders WHERE id IN (${ids.join(', ')})`)]);
  }

  // Isolated errors, warnings and client trouble (background noise).
  const noise: ((at: number) => void)[] = [
    (at) => {
      const s = r.pick(pools);
      const id = r.int(100000, 999999);
      sim.push(at, withStatement(sim, at, s, 'ERROR', 'duplicate key value violates unique constraint "orders_pkey"', [['DETAIL', `Key (id)=(${id}) already exists.`]], [`INSERT INTO orders (id, customer_id, status, total_cents) VALUES (${id}, ${r.int(1000, 99999)}, 'new', ${r.int(100, 90000)})`]));
    },
    (at) => {
      const s = r.pick(pools);
      sim.push(at, withStatement(sim, at, s, 'ERROR', 'invalid input syntax for type uuid: "undefined"', [], ['SELECT * FROM payments WHERE idempotency_key = \'undefined\'']));
    },
    (at) => {
      const s: Session = { pid: sim.nextPid(at - 30_000), user: 'reporting', db: 'orders' };
      sim.push(at, withStatement(sim, at, s, 'ERROR', 'relation "order_itemz" does not exist at character 15', [], ['SELECT * FROM order_itemz LIMIT 10']));
    },
    (at) => {
      const s = r.pick(pools);
      sim.push(at, withStatement(sim, at, s, 'ERROR', 'canceling statement due to statement timeout', [], ['SELECT count(*) FROM order_events WHERE payload @> \'{"source":"import"}\'']));
    },
    (at) => {
      const s = r.pick(pools);
      sim.push(at, withStatement(sim, at, s, 'ERROR', 'could not serialize access due to concurrent update', [], [`UPDATE payments SET status = 'captured' WHERE id = ${r.int(10000, 99999)}`]));
    },
    (at) => sim.push(at, [sim.sl(at, r.pick(pools), 'LOG', 'could not receive data from client: Connection reset by peer')]),
    (at) => sim.push(at, [sim.sl(at, r.pick(pools), 'WARNING', 'there is no transaction in progress')]),
    (at) => sim.push(at, [sim.sl(at, r.pick(pools), 'FATAL', 'terminating connection due to idle-in-transaction timeout')]),
    (at) => sim.push(at, [sim.sl(at, r.pick(pools), 'LOG', 'unexpected EOF on client connection with an open transaction')]),
  ];
  for (const at of arrivals(r, plan.start + 300_000, plan.end, rate / 200, profile)) r.pick(noise)(at);

  // Occasional isolated lock waits outside incidents.
  for (const at of arrivals(r, plan.start + 300_000, plan.end, rate / 1800)) lockWait(sim, at, plan.end);

  // Incidents: hot-row lock contention.
  for (const inc of plan.incidents) {
    if (inc.type !== 'pg_lock_contention') continue;
    const span = inc.end - inc.start;
    for (const at of arrivals(r, inc.start, inc.end, 0.3)) lockWait(sim, at, inc.end + 30_000);
    const deadlocks = r.int(3, 6);
    for (let i = 0; i < deadlocks; i++) deadlock(sim, Math.floor(inc.start + r.float(0.1, 0.9) * span));
    const timeouts = r.int(8, 18);
    for (let i = 0; i < timeouts; i++) lockTimeout(sim, Math.floor(inc.start + r.float(0.05, 0.95) * span));
    for (const at of arrivals(r, inc.start, inc.end, 0.15)) {
      const s = r.pick(pools);
      sim.push(at, [sim.sl(at, s, 'LOG', `duration: ${(1000 + r.logNormal(2500, 0.6)).toFixed(3)} ms  statement: UPDATE inventory SET reserved = reserved + 1, updated_at = now() WHERE sku = 'SKU-${r.pick(HOT_SKUS)}'`)]);
    }
  }
  return sortEvents(sim.events.filter((e) => e.t < plan.end));
}

const HOT_SKUS = [10042, 10043, 20417];

function hotUpdate(rng: Rng): string {
  return `UPDATE inventory SET reserved = reserved + 1, updated_at = now() WHERE sku = 'SKU-${rng.pick(HOT_SKUS)}'`;
}

function lockWait(sim: PgSim, at: number, limit: number): void {
  const r = sim.rng;
  const waiter: Session = { pid: sim.nextPid(at - 2_000), user: 'orders_app', db: 'orders' };
  const holder = sim.nextPid(at - 3_000);
  const xid = sim.nextXid();
  const tuple = `(${r.int(1, 400)},${r.int(1, 60)})`;
  const stmt = hotUpdate(r);
  const lock = r.weighted([['ShareLock', 8], ['ExclusiveLock', 1], ['RowExclusiveLock', 1]] as const);
  const queue = [waiter.pid, ...Array.from({ length: r.int(0, 3) }, () => sim.nextPid(at - 1_000))];
  const waitedFor = 1000 + r.float(0, 5);
  const t1 = at;
  sim.push(t1, [
    sim.sl(t1, waiter, 'LOG', `process ${waiter.pid} still waiting for ${lock} on transaction ${xid} after ${waitedFor.toFixed(3)} ms`),
    sim.sl(t1, waiter, 'DETAIL', `Process holding the lock: ${holder}. Wait queue: ${queue.join(', ')}.`),
    sim.sl(t1, waiter, 'CONTEXT', `while updating tuple ${tuple} in relation "inventory"`),
    sim.sl(t1, waiter, 'STATEMENT', stmt),
  ]);
  const total = waitedFor + r.logNormal(1800, 0.8);
  const t2 = Math.floor(at - waitedFor + total);
  if (t2 < limit) {
    sim.push(t2, [
      sim.sl(t2, waiter, 'LOG', `process ${waiter.pid} acquired ${lock} on transaction ${xid} after ${total.toFixed(3)} ms`),
      sim.sl(t2, waiter, 'CONTEXT', `while updating tuple ${tuple} in relation "inventory"`),
      sim.sl(t2, waiter, 'STATEMENT', stmt),
    ]);
  }
}

function deadlock(sim: PgSim, at: number): void {
  const r = sim.rng;
  const a: Session = { pid: sim.nextPid(at - 2_500), user: 'orders_app', db: 'orders' };
  const b = sim.nextPid(at - 2_000);
  const xa = sim.nextXid();
  const xb = sim.nextXid();
  const s1 = `UPDATE inventory SET reserved = reserved + 1, updated_at = now() WHERE sku = 'SKU-${HOT_SKUS[0]}'`;
  const s2 = `UPDATE inventory SET reserved = reserved + 1, updated_at = now() WHERE sku = 'SKU-${HOT_SKUS[1]}'`;
  // The waiting line (deadlock_timeout) comes first, then the deadlock report.
  sim.push(at - 2, [
    sim.sl(at - 2, a, 'LOG', `process ${a.pid} detected deadlock while waiting for ShareLock on transaction ${xb} after ${(1000 + r.float(0, 3)).toFixed(3)} ms`),
    sim.sl(at - 2, a, 'DETAIL', `Process holding the lock: ${b}. Wait queue: .`),
    sim.sl(at - 2, a, 'CONTEXT', `while updating tuple (${r.int(1, 400)},${r.int(1, 60)}) in relation "inventory"`),
    sim.sl(at - 2, a, 'STATEMENT', s2),
  ]);
  sim.push(at, [
    sim.sl(at, a, 'ERROR', 'deadlock detected'),
    sim.sl(at, a, 'DETAIL', `Process ${a.pid} waits for ShareLock on transaction ${xb}; blocked by process ${b}.`),
    `\tProcess ${b} waits for ShareLock on transaction ${xa}; blocked by process ${a.pid}.`,
    `\tProcess ${a.pid}: ${s2}`,
    `\tProcess ${b}: ${s1}`,
    sim.sl(at, a, 'HINT', 'See server log for query details.'),
    sim.sl(at, a, 'CONTEXT', `while updating tuple (${r.int(1, 400)},${r.int(1, 60)}) in relation "inventory"`),
    sim.sl(at, a, 'STATEMENT', s2),
  ]);
}

function lockTimeout(sim: PgSim, at: number): void {
  const r = sim.rng;
  const s: Session = { pid: sim.nextPid(at - 1_500), user: r.chance(0.7) ? 'orders_app' : 'worker', db: 'orders' };
  if (r.chance(0.6)) {
    sim.push(at, [
      sim.sl(at, s, 'ERROR', 'canceling statement due to lock timeout'),
      sim.sl(at, s, 'CONTEXT', `while updating tuple (${r.int(1, 400)},${r.int(1, 60)}) in relation "inventory"`),
      sim.sl(at, s, 'STATEMENT', hotUpdate(r)),
    ]);
  } else {
    sim.push(at, [
      sim.sl(at, s, 'ERROR', 'could not obtain lock on row in relation "inventory"'),
      sim.sl(at, s, 'STATEMENT', `SELECT * FROM inventory WHERE sku = 'SKU-${r.pick(HOT_SKUS)}' FOR UPDATE NOWAIT`),
    ]);
  }
}
