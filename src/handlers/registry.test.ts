import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OperationName } from '../generated/types.js';
import { notImplementedOperations } from './not-implemented.js';
import { buildHandlerTable, checkCoverage } from './registry.js';
import { operations } from '../generated/model.js';

test('every operation of the model is handled', () => {
  const table = buildHandlerTable();
  assert.equal(Object.keys(table).length, 106);
});

test('start-up refuses a table that leaves an operation out', () => {
  const { CreateEventDestination: _dropped, ...rest } = buildHandlerTable();
  assert.throws(() => checkCoverage(rest), /CreateEventDestination is neither handled nor listed/);
});

test('no operation of the model is left unimplemented', () => {
  const table = buildHandlerTable();
  assert.deepEqual(notImplementedOperations, []);
  assert.deepEqual(
    (Object.keys(operations) as OperationName[]).filter((op) => !Object.hasOwn(table, op)),
    [],
  );
});
