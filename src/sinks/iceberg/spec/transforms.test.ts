import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyTransform, dayTransform, floorDiv, hourTransform, partitionToHumanString } from './transforms.js';

const us = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000n;

test('floorDiv floors toward negative infinity', () => {
  assert.equal(floorDiv(7n, 2n), 3n);
  assert.equal(floorDiv(-7n, 2n), -4n);
  assert.equal(floorDiv(-8n, 2n), -4n);
  assert.equal(floorDiv(0n, 5n), 0n);
});

test('hour transform floors pre-epoch timestamps: 1969-12-31T23:30Z is hour -1', () => {
  assert.equal(hourTransform(us('1969-12-31T23:30:00Z')), -1);
  assert.equal(hourTransform(us('1969-12-31T23:00:00Z')), -1);
  assert.equal(hourTransform(us('1969-12-31T22:59:59.999Z')), -2);
  assert.equal(hourTransform(-1n), -1);
  assert.equal(hourTransform(0n), 0);
  assert.equal(hourTransform(us('1970-01-01T00:59:59.999Z')), 0);
  assert.equal(hourTransform(us('2024-01-01T10:15:00Z')), 473_362);
});

test('day transform floors too, and applyTransform handles identity/null', () => {
  assert.equal(dayTransform(-1n), -1);
  assert.equal(dayTransform(us('2024-01-01T23:59:59Z')), 19_723);
  assert.equal(applyTransform('hour', 'timestamptz', us('1969-12-31T23:30:00Z')), -1);
  assert.equal(applyTransform('identity', 'string', 'api'), 'api');
  assert.equal(applyTransform('hour', 'timestamptz', null), null);
  assert.throws(() => applyTransform('hour', 'timestamptz', 1.5), /integer micros/);
});

test('partition values print like Java paths', () => {
  assert.equal(partitionToHumanString('hour', 473_362), '2024-01-01-10');
  assert.equal(partitionToHumanString('hour', -1), '1969-12-31-23');
  assert.equal(partitionToHumanString('day', 19_723), '2024-01-01');
  assert.equal(partitionToHumanString('identity', null), 'null');
});
