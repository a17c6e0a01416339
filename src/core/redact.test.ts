import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactSecrets, REDACTED } from './redact.js';

const cases: Array<[string, string, string]> = [
  // [input, secret that must vanish, text that must stay]
  ['--catalog must be postgresql://… got "mysql://user:pw@db.example:3306/x"', 'pw@', 'mysql://user:***@db.example:3306/x'],
  ['connect postgresql://loglake:s3cr3t@127.0.0.1:5432/cat failed', 's3cr3t', 'postgresql://loglake:***@127.0.0.1:5432/cat'],
  ['jdbc:postgresql://h:5432/db?user=u&password=hunter2&ssl=true', 'hunter2', 'user=u&password=***&ssl=true'],
  ['jdbc:sqlserver://h:1433;databaseName=x;user=sa;password=Pa55;encrypt=true', 'Pa55', 'password=***;encrypt=true'],
  ['jdbc:mysql://root:toor@h/db', 'toor', 'jdbc:mysql://root:***@h/db'],
  ['jdbc:oracle:thin:scott/tiger@//h:1521/orcl', 'tiger', 'jdbc:oracle:thin:scott/***@'],
  ['s3://AKIAX:wJalrXUtnFEMI@bucket/prefix', 'wJalrXUtnFEMI', 's3://AKIAX:***@bucket'],
  ['https://h/x?X-Amz-Signature=abcdef0123&token=tok123&a=1', 'tok123', 'a=1'],
  ['AWS_SECRET_ACCESS_KEY=verysecret other', 'verysecret', 'AWS_SECRET_ACCESS_KEY=***'],
  ['{"password": "p4ss", "user": "u"}', 'p4ss', '"user": "u"'],
  ['postgresql://user@host/db', '\u0000', 'postgresql://user@host/db'],
];

test('redactSecrets removes credentials of every scheme and keeps where', () => {
  for (const [input, secret, keep] of cases) {
    const out = redactSecrets(input);
    assert.ok(!out.includes(secret), `${input} → ${out}`);
    assert.ok(out.includes(keep), `${input} → ${out} should keep ${keep}`);
  }
  assert.ok(redactSecrets('https://h/x?X-Amz-Signature=abcdef0123').includes(`Signature=${REDACTED}`));
  assert.equal(redactSecrets('plain message without secrets: a=b'), 'plain message without secrets: a=b');
});
