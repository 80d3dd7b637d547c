import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildHandlerTable, checkCoverage } from './registry.js';

test('every operation of the model is handled or listed as not implemented', () => {
  const table = buildHandlerTable();
  assert.equal(Object.keys(table).length, 93);
});

test('start-up refuses a table that leaves an operation out', () => {
  const { CreateEventDestination: _dropped, ...rest } = buildHandlerTable();
  assert.throws(() => checkCoverage(rest), /CreateEventDestination is neither handled nor listed/);
});
