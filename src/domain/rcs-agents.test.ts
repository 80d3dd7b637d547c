import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentStatus, countryLaunchAt, testingAgentStatus, type RegistrationStage } from './rcs-agents.js';

const carriers = ['A', 'B', 'C'];
const approved: RegistrationStage = { stage: 'APPROVED', since: 1000 };

test('country launches: carrier by carrier after approval', () => {
  const cases: [RegistrationStage, number, string, string[]][] = [
    [{ stage: 'DRAFT' }, 0, 'CREATED', ['PENDING', 'PENDING', 'PENDING']],
    [{ stage: 'REVIEW' }, 0, 'PENDING', ['PENDING', 'PENDING', 'PENDING']],
    [{ stage: 'DENIED' }, 0, 'REJECTED', ['REJECTED', 'REJECTED', 'REJECTED']],
    [approved, 1000, 'PARTIAL', ['ACTIVE', 'PENDING', 'PENDING']],
    [approved, 1499, 'PARTIAL', ['ACTIVE', 'PENDING', 'PENDING']],
    [approved, 1500, 'ACTIVE', ['ACTIVE', 'ACTIVE', 'ACTIVE']],
  ];
  for (const [stage, now, status, statuses] of cases) {
    const launch = countryLaunchAt(stage, carriers, now, 500);
    assert.equal(launch.status, status);
    assert.deepEqual(
      launch.carriers.map((c) => c.Status),
      statuses,
    );
  }
  assert.equal(countryLaunchAt(approved, ['Only'], 1000, 500).status, 'ACTIVE');
});

test('agent status: launches first, then the testing agent', () => {
  assert.equal(agentStatus(undefined, []), 'CREATED');
  assert.equal(agentStatus('CREATED', ['CREATED']), 'CREATED');
  assert.equal(agentStatus('PENDING', []), 'PENDING');
  assert.equal(agentStatus(undefined, ['PENDING']), 'PENDING');
  assert.equal(agentStatus('ACTIVE', ['PENDING']), 'TESTING');
  assert.equal(agentStatus('ACTIVE', ['PARTIAL', 'REJECTED']), 'PARTIAL');
  assert.equal(agentStatus(undefined, ['PARTIAL', 'ACTIVE']), 'ACTIVE');
  assert.equal(testingAgentStatus({ stage: 'DENIED' }), 'CREATED');
  assert.equal(testingAgentStatus({ stage: 'REVIEW' }), 'PENDING');
  assert.equal(testingAgentStatus(approved), 'ACTIVE');
});
