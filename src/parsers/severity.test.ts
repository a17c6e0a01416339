import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSeverity, severityFromNumber, writeSeverity } from './severity.js';
import { RecordFieldWriter } from '../core/fields.js';

test('level words of log4j, PostgreSQL, syslog and Go loggers normalize', () => {
  assert.equal(normalizeSeverity('WARNING'), 'WARN');
  assert.equal(normalizeSeverity('warn'), 'WARN');
  assert.equal(normalizeSeverity('PANIC'), 'FATAL');
  assert.equal(normalizeSeverity('LOG'), 'INFO');
  assert.equal(normalizeSeverity('SEVERE'), 'ERROR');
  assert.equal(normalizeSeverity('nonsense'), undefined);
});

test('numeric levels: pino/bunyan, syslog and OpenTelemetry scales', () => {
  assert.equal(severityFromNumber(30), 'INFO');
  assert.equal(severityFromNumber(50), 'ERROR');
  assert.equal(severityFromNumber(3, 'syslog'), 'ERROR');
  assert.equal(severityFromNumber(13, 'otel'), 'WARN');
});

test('writeSeverity writes the OpenTelemetry number too', () => {
  const w = new RecordFieldWriter();
  assert.equal(writeSeverity(w, 'error'), true);
  assert.deepEqual(w.values, { severity: 'ERROR', severity_number: 17 });
  assert.equal(writeSeverity(w, '???'), false);
});
