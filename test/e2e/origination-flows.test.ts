// Concurrency near the quotas, and replays of the Terraform provider's call sequences
// (internal/service/pinpointsmsvoicev2: phone_number.go, sender_id.go, pool.go).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateOriginationIdentityCommand,
  CreatePoolCommand,
  DeletePoolCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DescribeSenderIdsCommand,
  ListPoolOriginationIdentitiesCommand,
  ReleasePhoneNumberCommand,
  ReleaseSenderIdCommand,
  RequestPhoneNumberCommand,
  RequestSenderIdCommand,
  ResourceNotFoundException,
  UpdatePhoneNumberCommand,
  UpdatePoolCommand,
  UpdateSenderIdCommand,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';

let server: ServerProcess;
before(async () => {
  server = await startServer({ ACCOUNT_LIMITS: 'PHONE_NUMBERS=25', PHONE_NUMBER_ACTIVATION_MS: '300', RELEASED_PHONE_NUMBER_RETENTION_MS: '300' });
});
after(async () => {
  await server.stop();
});
let regions = 0;
const fresh = (): PinpointSMSVoiceV2Client => clientFor(server.url, { region: `flow-region-${++regions}` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `done` says so, as the provider's waiters do; fails after ~5 s. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (done(value)) return value;
    await sleep(50);
  }
  throw new Error('waited too long');
}

test('40 concurrent RequestPhoneNumber near the quota: exactly the quota succeeds, all numbers distinct', async () => {
  const c = fresh();
  const results = await Promise.allSettled(
    Array.from({ length: 40 }, () =>
      c.send(new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'LONG_CODE' })),
    ),
  );
  const ok = results.filter((r) => r.status === 'fulfilled');
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 25);
  for (const f of failed) assert.equal(f.reason.Reason, 'PHONE_NUMBERS_PER_ACCOUNT', String(f.reason));
  const numbers = new Set(ok.map((r) => (r as PromiseFulfilledResult<{ PhoneNumber?: string }>).value.PhoneNumber));
  assert.equal(numbers.size, 25);
  assert.equal((await c.send(new DescribePhoneNumbersCommand({}))).PhoneNumbers!.length, 25);
});

test('concurrent associate of one number to two pools: one wins', async () => {
  const c = fresh();
  const req = () =>
    c.send(new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'LONG_CODE' }));
  const [a, b, shared] = [await req(), await req(), await req()];
  await sleep(350);
  const p1 = await c.send(new CreatePoolCommand({ OriginationIdentity: a.PhoneNumberId, MessageType: 'TRANSACTIONAL' }));
  const p2 = await c.send(new CreatePoolCommand({ OriginationIdentity: b.PhoneNumberId, MessageType: 'TRANSACTIONAL' }));
  const results = await Promise.allSettled(
    [p1, p2].map((p) => c.send(new AssociateOriginationIdentityCommand({ PoolId: p.PoolId, OriginationIdentity: shared.PhoneNumberId }))),
  );
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
  assert.equal(lost.reason.Reason, 'PHONE_NUMBER_ASSOCIATED_TO_POOL');
  const sizes = await Promise.all(
    [p1, p2].map(async (p) => (await c.send(new ListPoolOriginationIdentitiesCommand({ PoolId: p.PoolId }))).OriginationIdentities!.length),
  );
  assert.deepEqual(sizes.sort(), [1, 2]);
});

test('Terraform replay: phone number request -> wait ACTIVE -> update -> wait ACTIVE -> release -> wait gone', async () => {
  const c = fresh();
  const created = await c.send(
    new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS', 'VOICE'], NumberType: 'SIMULATOR' }),
  );
  assert.equal(created.Status, 'PENDING');
  const describe = () => c.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [created.PhoneNumberId!] })).then((r) => r.PhoneNumbers![0]);
  assert.equal((await describe()).Status, 'PENDING');
  await waitFor(describe, (n) => n.Status === 'ACTIVE');
  await c.send(
    new UpdatePhoneNumberCommand({
      PhoneNumberId: created.PhoneNumberId,
      TwoWayEnabled: true,
      TwoWayChannelArn: 'arn:aws:sns:us-east-1:123456789012:inbound',
      DeletionProtectionEnabled: false,
    }),
  );
  const updated = await waitFor(describe, (n) => n.Status === 'ACTIVE');
  assert.equal(updated.TwoWayEnabled, true);
  await c.send(new ReleasePhoneNumberCommand({ PhoneNumberId: created.PhoneNumberId }));
  // The provider treats DELETED and ResourceNotFoundException alike as gone.
  const gone = async () => {
    try {
      return (await describe()).Status;
    } catch (error) {
      assert.ok(error instanceof ResourceNotFoundException);
      return 'NOT_FOUND';
    }
  };
  assert.equal(await gone(), 'DELETED');
  await waitFor(gone, (s) => s === 'NOT_FOUND');
});

test('Terraform replay: sender ID request -> read -> update -> release -> read gone', async () => {
  const c = fresh();
  await c.send(new RequestSenderIdCommand({ SenderId: 'TFTEST', IsoCountryCode: 'GB', MessageTypes: ['TRANSACTIONAL'] }));
  const read = () => c.send(new DescribeSenderIdsCommand({ SenderIds: [{ SenderId: 'TFTEST', IsoCountryCode: 'GB' }] }));
  assert.equal((await read()).SenderIds![0].SenderId, 'TFTEST');
  await c.send(new UpdateSenderIdCommand({ SenderId: 'TFTEST', IsoCountryCode: 'GB', DeletionProtectionEnabled: true }));
  await c.send(new UpdateSenderIdCommand({ SenderId: 'TFTEST', IsoCountryCode: 'GB', DeletionProtectionEnabled: false }));
  await c.send(new ReleaseSenderIdCommand({ SenderId: 'TFTEST', IsoCountryCode: 'GB' }));
  assert.ok((await rejectionOf(read)) instanceof ResourceNotFoundException);
});

test('Terraform replay: pool create -> wait ACTIVE -> update -> associate -> delete -> wait gone -> release numbers', async () => {
  const c = fresh();
  const req = () =>
    c.send(new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR' }));
  const [a, b] = [await req(), await req()];
  for (const n of [a, b])
    await waitFor(
      () => c.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [n.PhoneNumberId!] })),
      (r) => r.PhoneNumbers![0].Status === 'ACTIVE',
    );
  const pool = await c.send(new CreatePoolCommand({ OriginationIdentity: a.PhoneNumberArn, MessageType: 'TRANSACTIONAL' }));
  const describe = () => c.send(new DescribePoolsCommand({ PoolIds: [pool.PoolId!] })).then((r) => r.Pools![0]);
  await waitFor(describe, (p) => p.Status === 'ACTIVE');
  await c.send(new UpdatePoolCommand({ PoolId: pool.PoolId, SharedRoutesEnabled: true, DeletionProtectionEnabled: false }));
  assert.equal((await describe()).SharedRoutesEnabled, true);
  await c.send(new AssociateOriginationIdentityCommand({ PoolId: pool.PoolId, OriginationIdentity: b.PhoneNumberArn }));
  assert.equal((await c.send(new DeletePoolCommand({ PoolId: pool.PoolId }))).Status, 'DELETING');
  assert.ok((await rejectionOf(describe)) instanceof ResourceNotFoundException);
  for (const n of [a, b]) await c.send(new ReleasePhoneNumberCommand({ PhoneNumberId: n.PhoneNumberId }));
});
