import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OperationName } from '../generated/types.js';
import { notImplementedOperations } from './not-implemented.js';
import { buildHandlerTable, checkCoverage } from './registry.js';

test('every operation of the model is handled or listed as not implemented', () => {
  const table = buildHandlerTable();
  assert.equal(Object.keys(table).length, 96);
});

test('start-up refuses a table that leaves an operation out', () => {
  const { CreateEventDestination: _dropped, ...rest } = buildHandlerTable();
  assert.throws(() => checkCoverage(rest), /CreateEventDestination is neither handled nor listed/);
});

// Issue 12 sections 2 and 3. Once the issue 11 operations are merged, this widens to every
// operation of the model: `assert.deepEqual(notImplementedOperations, [])`.
const RCS_AND_NOTIFY: OperationName[] = [
  'CreateRcsAgent',
  'DescribeRcsAgents',
  'UpdateRcsAgent',
  'DeleteRcsAgent',
  'DescribeRcsAgentCountryLaunchStatus',
  'CreateNotifyConfiguration',
  'DescribeNotifyConfigurations',
  'UpdateNotifyConfiguration',
  'DeleteNotifyConfiguration',
  'DescribeNotifyTemplates',
  'ListNotifyCountries',
  'SendNotifyTextMessage',
  'SendNotifyVoiceMessage',
  'SetNotifyMessageSpendLimitOverride',
  'DeleteNotifyMessageSpendLimitOverride',
];

test('no RCS agent or Notify operation answers NotImplementedException', () => {
  const table = buildHandlerTable();
  assert.deepEqual(
    RCS_AND_NOTIFY.filter((op) => notImplementedOperations.includes(op) || !Object.hasOwn(table, op)),
    [],
  );
});
