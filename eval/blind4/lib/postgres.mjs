// PostgreSQL stderr log (docs: "Error Reporting and Logging" log_line_prefix escapes %m %t %p %u %d
// %a %h %l %e %q; Appendix A "PostgreSQL Error Codes"). One event = what the server writes for one
// report: the primary "SEVERITY:  message" line, its continuation lines (newlines inside a message are
// followed by a TAB on stderr) and the DETAIL / HINT / CONTEXT / STATEMENT lines, each with the prefix.
import { strftime } from './common.mjs';

export const PREFIXES = {
  'default-m-p': '%m [%p] ',
  'debian-q-u-d': '%m [%p] %q%u@%d ',
  'pgbadger-t-l': '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ',
  'sqlstate-e-app': '%m [%p] %e %q%u@%d/%a ',
  'sqlstate-e-colon': '%m %e: [%p] %q%u@%d ',
};

// Appendix A condition names for the codes used here.
const COND = {
  '00000': 'successful_completion', '23505': 'unique_violation', '42P01': 'undefined_table', '42703': 'undefined_column', '42601': 'syntax_error',
  '23502': 'not_null_violation', '23503': 'foreign_key_violation', '40P01': 'deadlock_detected', '57014': 'query_canceled', '40001': 'serialization_failure',
  '22012': 'division_by_zero', '22P02': 'invalid_text_representation', '42501': 'insufficient_privilege', '22001': 'string_data_right_truncation',
  '25P02': 'in_failed_sql_transaction', '28P01': 'invalid_password', '3D000': 'invalid_catalog_name', '28000': 'invalid_authorization_specification',
  '57P01': 'admin_shutdown', '53300': 'too_many_connections', 'P0001': 'raise_exception', '25P01': 'no_active_sql_transaction',
};

const TABLES = ['orders', 'order_items', 'customers', 'payments', 'shipments'];

function renderPrefix(spec, ctx) {
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    const ch = spec[i];
    if (ch !== '%') { out += ch; continue; }
    const e = spec[++i];
    switch (e) {
      case 'm': out += strftime(ctx.ms, '%Y-%m-%d %H:%M:%S') + '.' + String(ctx.ms % 1000).padStart(3, '0') + ' UTC'; break;
      case 't': out += strftime(ctx.ms, '%Y-%m-%d %H:%M:%S') + ' UTC'; break;
      case 'p': out += ctx.pid; break;
      case 'l': out += ctx.line; break;
      case 'e': out += ctx.sqlstate; break;
      case 'u': out += ctx.session ? (ctx.user || '[unknown]') : ''; break;
      case 'd': out += ctx.session ? (ctx.db || '[unknown]') : ''; break;
      case 'a': out += ctx.session ? (ctx.app || '[unknown]') : ''; break;
      case 'h': out += ctx.session ? ctx.host : ''; break;
      case 'q': if (!ctx.session) return out; break;
      case '%': out += '%'; break;
      default: out += '%' + e;
    }
  }
  return out;
}

const tab = (s) => s.replace(/\n/g, '\n\t');

function catalog(r, s) {
  const T = r.pick(TABLES), id = r.int(1, 99999);
  const sel = `SELECT id, status, total FROM ${T} WHERE customer_id = ${r.int(1, 999)} ORDER BY created_at DESC LIMIT 20`;
  return [
    // [weight, () => {sev, msg, code, extras:[[TAG,text]], dur, session?, noFixed?}]
    [10, () => ({ sev: 'LOG', msg: `duration: ${(r.int(1, 999999) / 1000).toFixed(3)} ms  statement: ${sel}`, code: '00000', dur: true })],
    [4, () => ({ sev: 'LOG', msg: `duration: ${(r.int(1000, 9999999) / 1000).toFixed(3)} ms  statement: SELECT o.id, sum(i.qty * i.price)\n  FROM orders o\n  JOIN order_items i ON i.order_id = o.id\n WHERE o.created_at > now() - interval '1 day'\n GROUP BY o.id`, code: '00000', dur: true })],
    [4, () => ({ sev: 'LOG', msg: `duration: ${(r.int(1, 99999) / 1000).toFixed(3)} ms  execute <unnamed>: UPDATE ${T} SET status = $1 WHERE id = $2`, code: '00000', dur: true, extras: [['DETAIL', `parameters: $1 = 'shipped', $2 = '${id}'`]] })],
    [6, () => ({ sev: 'LOG', msg: `connection authorized: user=${s.user} database=${s.db} application_name=${s.app}`, code: '00000' })],
    [5, () => ({ sev: 'LOG', msg: `disconnection: session time: 0:0${r.int(0, 9)}:${String(r.int(0, 59)).padStart(2, '0')}.${r.int(100, 999)} user=${s.user} database=${s.db} host=${s.host} port=${s.port}`, code: '00000' })],
    [3, () => ({ sev: 'LOG', msg: `process ${s.pid} still waiting for ShareLock on transaction ${r.int(1000, 999999)} after 1000.${r.int(100, 999)} ms`, code: '00000', extras: [['DETAIL', `Process holding the lock: ${r.int(100, 9999)}. Wait queue: ${s.pid}.`], ['CONTEXT', `while updating tuple (0,${r.int(1, 90)}) in relation "${T}"`], ['STATEMENT', `UPDATE ${T} SET status = 'paid' WHERE id = ${id}`]] })],
    [2, () => ({ sev: 'LOG', msg: `temporary file: path "base/pgsql_tmp/pgsql_tmp${s.pid}.${r.int(0, 9)}", size ${r.int(1, 999) * 8192}`, code: '00000', extras: [['STATEMENT', sel]] })],
    [4, () => ({ sev: 'ERROR', msg: `duplicate key value violates unique constraint "${T}_pkey"`, code: '23505', extras: [['DETAIL', `Key (id)=(${id}) already exists.`], ['STATEMENT', `INSERT INTO ${T} (id, status) VALUES (${id}, 'new')`]] })],
    [3, () => ({ sev: 'ERROR', msg: `relation "${T}_archive" does not exist at character 15`, code: '42P01', extras: [['STATEMENT', `SELECT * FROM ${T}_archive WHERE id = ${id}`]] })],
    [3, () => ({ sev: 'ERROR', msg: `column "statuss" does not exist at character 8`, code: '42703', extras: [['HINT', `Perhaps you meant to reference the column "${T}.status".`], ['STATEMENT', `SELECT statuss FROM ${T}`]] })],
    [2, () => ({ sev: 'ERROR', msg: 'syntax error at or near "FROM" at character 10', code: '42601', extras: [['STATEMENT', `SELECT id FROM FROM ${T}`]] })],
    [2, () => ({ sev: 'ERROR', msg: `null value in column "email" of relation "customers" violates not-null constraint`, code: '23502', extras: [['DETAIL', `Failing row contains (${id}, null, ${r.pick(['t', 'f'])}).`], ['STATEMENT', `INSERT INTO customers (id, email, active) VALUES (${id}, NULL, true)`]] })],
    [2, () => ({ sev: 'ERROR', msg: 'insert or update on table "order_items" violates foreign key constraint "order_items_order_id_fkey"', code: '23503', extras: [['DETAIL', `Key (order_id)=(${id}) is not present in table "orders".`], ['STATEMENT', `INSERT INTO order_items (order_id, sku, qty) VALUES (${id}, 'A-1', 2)`]] })],
    [2, () => { const a = s.pid, b = r.int(100, 9999), x = r.int(1000, 999999); return ({ sev: 'ERROR', msg: 'deadlock detected', code: '40P01', extras: [['DETAIL', `Process ${a} waits for ShareLock on transaction ${x}; blocked by process ${b}.\nProcess ${b} waits for ShareLock on transaction ${x + 1}; blocked by process ${a}.\nProcess ${a}: UPDATE accounts SET balance = balance - 10 WHERE id = 1\nProcess ${b}: UPDATE accounts SET balance = balance + 10 WHERE id = 2`], ['HINT', 'See server log for query details.'], ['CONTEXT', `while updating tuple (0,${r.int(1, 90)}) in relation "accounts"`], ['STATEMENT', 'UPDATE accounts SET balance = balance - 10 WHERE id = 1']] }); }],
    [2, () => ({ sev: 'ERROR', msg: 'canceling statement due to statement timeout', code: '57014', extras: [['STATEMENT', sel]] })],
    [2, () => ({ sev: 'ERROR', msg: 'could not serialize access due to concurrent update', code: '40001', extras: [['STATEMENT', `UPDATE ${T} SET status = 'paid' WHERE id = ${id}`]] })],
    [1, () => ({ sev: 'ERROR', msg: 'division by zero', code: '22012', extras: [['STATEMENT', `SELECT sum(total) / count(*) FROM ${T} WHERE false`]] })],
    [2, () => ({ sev: 'ERROR', msg: `invalid input syntax for type integer: "${r.pick(['abc', '12x', 'NaN'])}" at character 33`, code: '22P02', extras: [['STATEMENT', `SELECT * FROM ${T} WHERE id = 'abc'`]] })],
    [1, () => ({ sev: 'ERROR', msg: `permission denied for table ${T}`, code: '42501', extras: [['STATEMENT', `DELETE FROM ${T} WHERE id = ${id}`]] })],
    [1, () => ({ sev: 'ERROR', msg: 'value too long for type character varying(20)', code: '22001', extras: [['STATEMENT', `UPDATE customers SET name = 'a very very long customer name' WHERE id = ${id}`]] })],
    [1, () => ({ sev: 'ERROR', msg: 'current transaction is aborted, commands ignored until end of transaction block', code: '25P02', extras: [['STATEMENT', sel]] })],
    [2, () => ({ sev: 'ERROR', msg: `order ${id} cannot be shipped: payment pending`, code: 'P0001', noFixed: true, extras: [['CONTEXT', 'PL/pgSQL function ship_order(integer) line 7 at RAISE'], ['STATEMENT', `SELECT ship_order(${id})`]] })],
    [2, () => ({ sev: 'WARNING', msg: 'there is no transaction in progress', code: '25P01' })],
    [2, () => ({ sev: 'FATAL', msg: `password authentication failed for user "${s.user}"`, code: '28P01', extras: [['DETAIL', `Connection matched file "/var/lib/postgresql/data/pg_hba.conf" line 128: "host all all all scram-sha-256"`]] })],
    [1, () => ({ sev: 'FATAL', msg: `database "${s.db}_old" does not exist`, code: '3D000' })],
    [1, () => ({ sev: 'FATAL', msg: 'role "admin" does not exist', code: '28000' })],
    [1, () => ({ sev: 'FATAL', msg: 'terminating connection due to administrator command', code: '57P01' })],
    [1, () => ({ sev: 'FATAL', msg: 'sorry, too many clients already', code: '53300' })],
  ];
}

function background(r) {
  return [
    [3, () => ({ who: 'checkpointer', sev: 'LOG', msg: 'checkpoint starting: time', code: '00000' })],
    [3, () => ({ who: 'checkpointer', sev: 'LOG', msg: `checkpoint complete: wrote ${r.int(1, 9999)} buffers (${(r.int(1, 999) / 10).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${r.int(0, 3)} recycled; write=${(r.int(1, 269000) / 1000).toFixed(3)} s, sync=0.00${r.int(1, 9)} s, total=${(r.int(1, 270000) / 1000).toFixed(3)} s; sync files=${r.int(1, 90)}, longest=0.00${r.int(1, 9)} s, average=0.001 s; distance=${r.int(1, 99999)} kB, estimate=${r.int(1, 99999)} kB; lsn=0/${r.hex(8).toUpperCase()}, redo lsn=0/${r.hex(8).toUpperCase()}`, code: '00000' })],
    [2, () => { const T = r.pick(TABLES); return ({ who: 'autovacuum', sev: 'LOG', msg: `automatic vacuum of table "shop.public.${T}": index scans: 1\npages: 0 removed, ${r.int(100, 9999)} remain, ${r.int(1, 99)} scanned (${(r.int(1, 999) / 10).toFixed(2)}% of total)\ntuples: ${r.int(0, 9999)} removed, ${r.int(100, 99999)} remain, 0 are dead but not yet removable\nremovable cutoff: ${r.int(1000, 999999)}, which was ${r.int(0, 90)} XIDs old when operation ended\nindex scan needed: ${r.int(1, 99)} pages from table (${(r.int(1, 999) / 10).toFixed(2)}% of total) had ${r.int(1, 999)} dead item identifiers removed\nindex "${T}_pkey": pages: ${r.int(10, 999)} in total, 0 newly deleted, 0 currently deleted, 0 reusable\navg read rate: ${(r.int(0, 99999) / 1000).toFixed(3)} MB/s, avg write rate: ${(r.int(0, 99999) / 1000).toFixed(3)} MB/s\nbuffer usage: ${r.int(10, 9999)} hits, ${r.int(0, 99)} misses, ${r.int(0, 99)} dirtied\nWAL usage: ${r.int(0, 999)} records, ${r.int(0, 99)} full page images, ${r.int(0, 999999)} bytes\nsystem usage: CPU: user: 0.0${r.int(0, 9)} s, system: 0.00 s, elapsed: 0.${r.int(10, 99)} s`, code: '00000' }); }],
  ];
}

/** Writes one PostgreSQL server's stderr log into container c. */
export function genPostgres(r, c, { prefixName, start, n }) {
  const spec = PREFIXES[prefixName];
  const hasE = spec.includes('%e'), res = spec.includes('%m') ? 1 : 1000;
  const hasU = spec.includes('%u'), hasD = spec.includes('%d');
  const lineNo = new Map();
  const bgPid = { postmaster: 1, checkpointer: r.int(20, 40), autovacuum: 0 };
  let t = start;
  const sessions = Array.from({ length: 6 }, () => ({ pid: r.int(100, 65000), user: r.pick(['app', 'reporting', 'orders_svc']), db: r.pick(['orders', 'shop', 'analytics']), app: r.pick(['orders-api', 'psql', 'metabase', 'PostgreSQL JDBC Driver']), host: `10.0.${r.int(0, 9)}.${r.int(1, 254)}`, port: r.int(30000, 65000) }));
  const write = (ev, ctxBase, family) => {
    const code = ev.code;
    const nextLine = () => { const k = ctxBase.pid; const v = (lineNo.get(k) ?? 0) + 1; lineNo.set(k, v); return v; };
    const pre = () => renderPrefix(spec, { ...ctxBase, ms: t, line: nextLine(), sqlstate: code });
    const lines = [`${pre()}${ev.sev}:  ${tab(ev.msg)}`];
    const msgParts = [ev.msg];
    for (const [tag, text] of ev.extras ?? []) { lines.push(`${pre()}${tag}:  ${tab(text)}`); msgParts.push(`${tag}:  ${text}`); }
    const sqlstate = hasE ? code : ((ev.sev === 'ERROR' || ev.sev === 'FATAL') && !ev.noFixed ? code : null);
    const cls = sqlstate && !/^0[012]/.test(sqlstate) ? COND[sqlstate] : null;
    const dur = ev.dur ? Number(/duration: ([\d.]+) ms/.exec(ev.msg)[1]) : null;
    c.emit('stderr', t, lines.join('\n'), { family, fields: {
      ts: new Date(Math.floor(t / res) * res).toISOString(), ts_res_ms: res,
      severity: { LOG: 'INFO', ERROR: 'ERROR', FATAL: 'FATAL', WARNING: 'WARN' }[ev.sev], thread: null,
      message: msgParts.join('\n'), pg_pid: ctxBase.pid,
      pg_user: hasU && ctxBase.session && ctxBase.user ? ctxBase.user : null, pg_database: hasD && ctxBase.session && ctxBase.db ? ctxBase.db : null,
      pg_sqlstate: sqlstate, error_class: cls, pg_duration_ms: dur,
      kafka_topic: null, kafka_partition: null, kafka_consumer_group: null,
    }, tags: { lines: lines.length, prefix_has_e: hasE } });
  };
  const family = `postgres/${prefixName}`;
  // startup
  for (const msg of ['starting PostgreSQL 16.4 (Debian 16.4-1.pgdg120+2) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit', 'listening on IPv4 address "0.0.0.0", port 5432', 'listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"', 'database system is ready to accept connections']) {
    t += r.int(1, 40);
    write({ sev: 'LOG', msg, code: '00000' }, { pid: bgPid.postmaster, session: false }, family);
  }
  for (let i = 0; i < n; i++) {
    t += r.int(5, 6000);
    if (r.chance(0.15)) {
      const ev = r.weighted(background(r))();
      const pid = ev.who === 'checkpointer' ? bgPid.checkpointer : r.int(100, 65000);
      write(ev, { pid, session: false }, family);
    } else {
      const s = r.pick(sessions);
      if (r.chance(0.05)) { // a new connection: user/db not known yet
        const pid = r.int(100, 65000);
        write({ sev: 'LOG', msg: `connection received: host=${s.host} port=${r.int(30000, 65000)}`, code: '00000' }, { pid, session: true, user: '', db: '', app: '', host: s.host }, family);
        continue;
      }
      const ev = r.weighted(catalog(r, s))();
      write(ev, { ...s, session: true }, family);
    }
  }
}
