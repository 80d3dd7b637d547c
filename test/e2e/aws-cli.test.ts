// Smoke tests through the AWS CLI, to catch differences in how botocore parses our answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer, type ServerProcess } from '../support/server-process.js';

const run = promisify(execFile);
let server: ServerProcess;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

async function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDCLI',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_DEFAULT_REGION: 'eu-central-1',
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
  };
  try {
    const { stdout, stderr } = await run('aws', ['pinpoint-sms-voice-v2', ...args, '--endpoint-url', server.url, '--output', 'json'], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('create, add a destination, describe and delete through the AWS CLI', async () => {
  const created = await aws('create-configuration-set', '--configuration-set-name', 'cli-set', '--tags', 'Key=env,Value=ci');
  assert.equal(created.code, 0, created.stderr);
  const out = JSON.parse(created.stdout);
  assert.equal(out.ConfigurationSetArn, 'arn:aws:sms-voice:eu-central-1:123456789012:configuration-set/cli-set');
  assert.deepEqual(out.Tags, [{ Key: 'env', Value: 'ci' }]);
  // AWS CLI v1 prints timestamps as the wire's epoch seconds.
  assert.ok(Math.abs(out.CreatedTimestamp - Date.now() / 1000) < 60, String(out.CreatedTimestamp));

  const dest = await aws(
    'create-event-destination',
    '--configuration-set-name',
    'cli-set',
    '--event-destination-name',
    'cli-sns',
    '--matching-event-types',
    'TEXT_ALL',
    'VOICE_ALL',
    '--sns-destination',
    'TopicArn=arn:aws:sns:eu-central-1:123456789012:sms-events',
  );
  assert.equal(dest.code, 0, dest.stderr);
  assert.deepEqual(JSON.parse(dest.stdout).EventDestination, {
    EventDestinationName: 'cli-sns',
    Enabled: true,
    MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'],
    SnsDestination: { TopicArn: 'arn:aws:sns:eu-central-1:123456789012:sms-events' },
  });

  const described = await aws('describe-configuration-sets');
  assert.equal(described.code, 0, described.stderr);
  const sets = JSON.parse(described.stdout).ConfigurationSets;
  assert.equal(sets.length, 1);
  assert.equal(sets[0].EventDestinations[0].EventDestinationName, 'cli-sns');

  const deleted = await aws('delete-configuration-set', '--configuration-set-name', 'cli-set');
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(JSON.parse(deleted.stdout).EventDestinations.length, 1);
});

test('errors reach the CLI with their AWS code', async () => {
  const missing = await aws('delete-configuration-set', '--configuration-set-name', 'never-made');
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /\(ResourceNotFoundException\)/);
  const invalid = await aws('create-configuration-set', '--configuration-set-name', 'bad name');
  assert.notEqual(invalid.code, 0);
  assert.match(invalid.stderr, /\(ValidationException\)/);
  assert.match(invalid.stderr, /ConfigurationSetName/);
});

test('request a phone number and describe it through the AWS CLI', async () => {
  const requested = await aws(
    'request-phone-number',
    '--iso-country-code',
    'US',
    '--message-type',
    'TRANSACTIONAL',
    '--number-capabilities',
    'SMS',
    '--number-type',
    'SIMULATOR',
    '--tags',
    'Key=env,Value=ci',
  );
  assert.equal(requested.code, 0, requested.stderr);
  const out = JSON.parse(requested.stdout);
  assert.match(out.PhoneNumberId, /^phone-[0-9a-f]{32}$/);
  assert.equal(out.Status, 'PENDING');
  assert.deepEqual(out.Tags, [{ Key: 'env', Value: 'ci' }]);
  const described = await aws('describe-phone-numbers', '--phone-number-ids', out.PhoneNumberId, '--filters', 'Name=status,Values=ACTIVE');
  assert.equal(described.code, 0, described.stderr);
  const [number] = JSON.parse(described.stdout).PhoneNumbers;
  assert.equal(number.PhoneNumber, out.PhoneNumber);
  assert.equal(number.Status, 'ACTIVE');
  const missing = await aws('describe-phone-numbers', '--phone-number-ids', 'phone-00000000000000000000000000000000');
  assert.match(missing.stderr, /\(ResourceNotFoundException\)/);
});
