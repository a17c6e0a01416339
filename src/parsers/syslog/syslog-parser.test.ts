import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordFieldWriter } from '../../core/fields.js';
import { parseEvent } from '../index.js';
import { syslogParser } from './syslog-parser.js';
import { messageLevelPrefix } from '../severity.js';

const attrs = (v: Record<string, unknown>): Record<string, string> => (v.attributes ?? {}) as Record<string, string>;

function parse(line: string, observed?: number): RecordFieldWriter {
  const w = new RecordFieldWriter();
  assert.equal(syslogParser.parse(line, w, { observedMicros: observed }), true, line);
  return w;
}

// RFC 5424 §6.5, examples 1–3 (the BOM of example 1 is optional and left out of example 3 here).
test('RFC 5424 examples: PRI severity, app, host, procid, msgid, structured data', () => {
  let w = parse("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \ufeff'su root' failed for lonvick on /dev/pts/8");
  assert.equal(w.values.ts, Date.UTC(2003, 9, 11, 22, 14, 15) * 1000 + 3000);
  assert.equal(w.values.severity, 'FATAL'); // 34 = auth.crit
  assert.equal(w.values.component, 'su');
  assert.equal(w.values.message, "'su root' failed for lonvick on /dev/pts/8");
  assert.equal(attrs(w.values)['syslog.facility'], 'auth');
  assert.equal(attrs(w.values)['syslog.msgid'], 'ID47');
  w = parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
  assert.equal(w.values.ts, Date.UTC(2003, 7, 24, 12, 14, 15) * 1000 + 3);
  assert.equal(w.values.severity, 'INFO'); // 165 = local4.notice
  assert.equal(attrs(w.values)['pid'], '8710');
  w = parse('<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] An application event log entry...');
  assert.equal(w.values.message, 'An application event log entry...');
  assert.equal(attrs(w.values)['syslog.structured_data'], '[exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"]');
});

// RFC 3164 §5.4 examples; the year comes from the runtime's timestamp.
test('RFC 3164 examples: PRI, Mmm dd time, host, tag', () => {
  const obs = Date.UTC(2024, 1, 6) * 1000;
  let w = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", obs);
  assert.equal(w.values.ts, Date.UTC(2024, 9, 11, 22, 14, 15) * 1000);
  assert.equal(w.values.severity, 'FATAL');
  assert.equal(w.values.component, 'su');
  assert.equal(attrs(w.values)['syslog.hostname'], 'mymachine');
  w = parse('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!', obs);
  assert.equal(w.values.severity, 'INFO'); // 13 = user.notice
  assert.equal(w.values.message, 'Use the BFG!');
  assert.equal(w.values.ts, Date.UTC(2024, 1, 5, 17, 32, 18) * 1000);
  w = parse('<11>disk /dev/sda1 failing');
  assert.deepEqual([w.values.severity, w.values.message], ['ERROR', 'disk /dev/sda1 failing']);
});

// OpenSSH log.c do_log(): levels FATAL/ERROR/DEBUG1-3 get a `fatal: ` / `error: ` / `debugN: `
// prefix, INFO/VERBOSE (logit/verbose) none; sshd writes through syslog (auth.log) or to stderr (-e).
test('OpenSSH lines in auth.log and on stderr: severity from the level prefix, INFO otherwise', () => {
  const cases: [string, string, string][] = [
    ['Mar  3 10:00:01 bastion sshd[812]: error: kex_exchange_identification: Connection closed by remote host', 'ERROR', 'sshd'],
    ['Mar  3 10:00:02 bastion sshd[812]: fatal: Timeout before authentication for 198.51.100.7 port 50022', 'FATAL', 'sshd'],
    ['Mar  3 10:00:03 bastion sshd[813]: Accepted publickey for deploy from 198.51.100.7 port 50022 ssh2: ED25519 SHA256:abc', 'INFO', 'sshd'],
    ['sshd[27]: debug1: Forked child 31.', 'DEBUG', 'sshd'],
    ['2024-03-03T10:00:04.123456+00:00 bastion CRON[999]: (root) CMD (run-parts /etc/cron.hourly)', 'INFO', 'CRON'],
    ['Mar  3 10:00:05 node1 kernel: [ 1234.567890] Out of memory: Killed process 4242 (java)', 'INFO', 'kernel'],
  ];
  for (const [line, sev, comp] of cases) {
    const w = new RecordFieldWriter();
    assert.equal(parseEvent(line, w, { observedMicros: Date.UTC(2024, 2, 3) * 1000 }), 'syslog', line);
    assert.equal(w.values.severity, sev, line);
    assert.equal(w.values.component, comp, line);
  }
});

test('bare daemon stderr and Go runtime prefixes set the severity in the fallback', () => {
  const cases: [string, string][] = [
    ['error: kex_exchange_identification: read: Connection reset by peer', 'ERROR'],
    ['fatal: mm_request_receive: read: Connection reset by peer', 'FATAL'],
    ['warning: /etc/postfix/main.cf, line 12: overriding earlier entry', 'WARN'],
    ['panic: runtime error: index out of range [5] with length 3', 'FATAL'],
    ['fatal error: all goroutines are asleep - deadlock!', 'FATAL'],
    ['[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 35708:tid 4328636416] [client 192.0.2.4:5678] AH00128: File does not exist: /x', 'ERROR'],
  ];
  for (const [line, sev] of cases) {
    const w = new RecordFieldWriter();
    parseEvent(line, w, {});
    assert.equal(w.values.severity, sev, line);
  }
});

test('not syslog: prose with a colon, and level prefixes need a colon and a space', () => {
  for (const l of ['Note: this is prose', 'listening on port 8080', 'user[abc]: x', '<99> LOG:  statement: SELECT 1']) {
    const w = new RecordFieldWriter();
    assert.equal(syslogParser.parse(l, w, {}), false, l);
  }
  assert.equal(messageLevelPrefix('errors: 3'), undefined);
  assert.equal(messageLevelPrefix('error:x'), undefined);
  assert.equal(messageLevelPrefix('Error: x'), 'ERROR');
});

// RFC 5424 §6.2.4 / RFC 3164 §4.1.2: HOSTNAME "identifies the machine that originally sent the
// syslog message" — the schema's `host` (docs/schema.md); the attribute stays. NILVALUE `-` is no host.
test('HOSTNAME fills host (and stays in attributes.syslog.hostname); `-` and a missing host do not', () => {
  const obs = Date.UTC(2024, 1, 6) * 1000;
  let w = parse("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed", obs);
  assert.deepEqual([w.values.host, attrs(w.values)['syslog.hostname']], ['mymachine.example.com', 'mymachine.example.com']);
  w = parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");
  assert.equal(w.values.host, '192.0.2.1');
  w = parse('<165>1 2003-10-11T22:14:15.003Z - evntslog - ID47 - nil host');
  assert.equal(w.values.host, undefined);
  w = parse("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", obs);
  assert.deepEqual([w.values.host, attrs(w.values)['syslog.hostname']], ['mymachine', 'mymachine']);
  w = parse('<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!', obs);
  assert.equal(w.values.host, '10.0.0.99');
  w = parse('Mar  3 10:00:03 sshd[813]: Accepted publickey for deploy', obs);
  assert.equal(w.values.host, undefined);
  w = parse('sshd[27]: debug1: Forked child 31.');
  assert.equal(w.values.host, undefined);
});
