// The SMS and voice sandbox through the SDK: the account tier from ACCOUNT_TIERS and from the seed
// file, the verification round trip (the code read from the simulated handset), wrong, expired and
// repeated verifications, the quota of 10, Describe's filters and paging, and sends refused to
// unverified numbers. Runs on the store under test (SQLite, or PostgreSQL with TEST_STORE=postgres).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConflictException,
  CreateVerifiedDestinationNumberCommand,
  DeleteVerifiedDestinationNumberCommand,
  DescribeAccountAttributesCommand,
  DescribeAccountLimitsCommand,
  DescribeSpendLimitsCommand,
  DescribeVerifiedDestinationNumbersCommand,
  ListTagsForResourceCommand,
  RequestPhoneNumberCommand,
  ResourceNotFoundException,
  SendDestinationNumberVerificationCodeCommand,
  SendTextMessageCommand,
  SendVoiceMessageCommand,
  ServiceQuotaExceededException,
  ValidationException,
  VerifyDestinationNumberCommand,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, assertServiceError, rejectionOf, type WireJson } from '../support/client.js';
import { conversation, HANDSET, simulatorNumber } from '../support/handset.js';
import { seedFile } from '../support/seed.js';

const SANDBOX_ACCOUNT = '222222222222';
const SEEDED_SANDBOX_ACCOUNT = '333333333333';
/** A real (not simulator) US number the tests verify. */
const PHONE = '+14155552671';
const CODE_LIFETIME_MS = 3000;

let server: ServerProcess;
before(async () => {
  server = await startServer({
    ACCOUNTS: `AKIDSANDBOX=${SANDBOX_ACCOUNT},AKIDSEEDED=${SEEDED_SANDBOX_ACCOUNT}`,
    ACCOUNT_TIERS: `${SANDBOX_ACCOUNT}=SANDBOX`,
    SEED_FILE: seedFile([{ accountId: SEEDED_SANDBOX_ACCOUNT, accountTier: 'sandbox' }]),
    VERIFICATION_CODE_LIFETIME_MS: String(CODE_LIFETIME_MS),
    EVENT_STEP_DELAY_MS: '5',
  });
});
after(async () => {
  await server.stop();
});

let regions = 0;
/** A client of the sandboxed account in a region of its own, with a US long code that texts and calls. */
async function sandboxed(accessKeyId = 'AKIDSANDBOX'): Promise<{ client: PinpointSMSVoiceV2Client; region: string; number: string }> {
  const region = `sandbox-region-${++regions}`;
  const client = clientFor(server.url, { region, accessKeyId });
  const n = await client.send(
    new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS', 'VOICE'], NumberType: 'LONG_CODE' }),
  );
  return { client, region, number: n.PhoneNumber! };
}

async function messageCount(region: string): Promise<number> {
  const res = await fetch(`${server.url}/_local/messages?account=${SANDBOX_ACCOUNT}&region=${region}&limit=1000`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

/** The code in the latest message the handset received in that account and region. */
async function latestCode(region: string, handset = PHONE, account = SANDBOX_ACCOUNT): Promise<{ code: string; message: WireJson }> {
  const messages = await conversation(server.url, handset, { account, region });
  const last = messages[messages.length - 1];
  const code = /code is ([0-9 ]+)\./.exec(last.messageBody ?? '')?.[1].replaceAll(' ', '');
  assert.ok(code, `a code in ${JSON.stringify(last)}`);
  return { code, message: last };
}

test('ACCOUNT_TIER: SANDBOX from ACCOUNT_TIERS and from the seed file, PRODUCTION by default; sandbox spend limits of 1 USD', async () => {
  const tierOf = async (accessKeyId: string) => (await clientFor(server.url, { accessKeyId }).send(new DescribeAccountAttributesCommand({}))).AccountAttributes;
  assert.deepEqual(await tierOf('AKIDSANDBOX'), [{ Name: 'ACCOUNT_TIER', Value: 'SANDBOX' }]);
  assert.deepEqual(await tierOf('AKIDSEEDED'), [{ Name: 'ACCOUNT_TIER', Value: 'SANDBOX' }]);
  assert.deepEqual(await tierOf('AKIDOTHER'), [{ Name: 'ACCOUNT_TIER', Value: 'PRODUCTION' }]);
  const limits = (await clientFor(server.url, { accessKeyId: 'AKIDSANDBOX' }).send(new DescribeSpendLimitsCommand({}))).SpendLimits!;
  assert.deepEqual(
    limits.map((l) => [l.Name, l.MaxLimit]),
    [
      ['TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', 1],
      ['VOICE_MESSAGE_MONTHLY_SPEND_LIMIT', 10000],
      ['MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT', 1],
      ['NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT', 10000],
    ],
  );
  const production = (await clientFor(server.url).send(new DescribeSpendLimitsCommand({}))).SpendLimits!;
  assert.equal(production[0].MaxLimit, 10000);
});

test('the sandbox round trip: refused, create, send code, read it on the handset, wrong code, right code, sent', async () => {
  const { client, region, number } = await sandboxed();
  const text = (body: string, to = PHONE) => new SendTextMessageCommand({ DestinationPhoneNumber: to, MessageBody: body, OriginationIdentity: number });

  const refused = await rejectionOf(() => client.send(text('Hello')));
  assertServiceError(refused, ConflictException, 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED');
  assert.equal(refused.ResourceType, 'verified-destination-number');
  assert.equal(refused.ResourceId, PHONE);
  // A dry run is refused too; a voice message as well.
  assertServiceError(await rejectionOf(() => client.send(new SendTextMessageCommand({ ...text('Hi').input, DryRun: true }))), ConflictException);
  const call = new SendVoiceMessageCommand({ DestinationPhoneNumber: PHONE, MessageBody: 'Hi', OriginationIdentity: number });
  assertServiceError(await rejectionOf(() => client.send(call)), ConflictException, 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED');
  assert.equal(await messageCount(region), 0, 'a refused send records nothing');
  // Simulator destinations need no verification.
  await client.send(text('To the simulator', HANDSET));

  const created = await client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: PHONE, Tags: [{ Key: 'team', Value: 'qa' }] }));
  assert.match(created.VerifiedDestinationNumberId!, /^vdn-[0-9a-f]{32}$/);
  assert.equal(
    created.VerifiedDestinationNumberArn,
    `arn:aws:sms-voice:${region}:${SANDBOX_ACCOUNT}:verified-destination-number/${created.VerifiedDestinationNumberId}`,
  );
  assert.equal(created.Status, 'PENDING');
  assert.equal(created.DestinationPhoneNumber, PHONE);
  assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'qa' }]);
  assert.ok(Math.abs(created.CreatedTimestamp!.getTime() - Date.now()) < 60_000);
  const id = created.VerifiedDestinationNumberId!;
  // PENDING is not verified.
  assertServiceError(await rejectionOf(() => client.send(text('Hello'))), ConflictException, 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED');
  // No code sent yet: any code is a mismatch.
  assertServiceError(
    await rejectionOf(() => client.send(new VerifyDestinationNumberCommand({ VerifiedDestinationNumberId: id, VerificationCode: '123456' }))),
    ValidationException,
    'VERIFICATION_CODE_MISMATCH',
  );

  const sent = await client.send(new SendDestinationNumberVerificationCodeCommand({ VerifiedDestinationNumberId: id, VerificationChannel: 'TEXT' }));
  const { code, message } = await latestCode(region);
  assert.match(code, /^\d{6}$/);
  assert.equal(message.messageId, sent.MessageId);
  assert.equal(message.direction, 'OUTBOUND');
  assert.equal(message.originationNumber, number);

  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  const mismatch = await rejectionOf(() => client.send(new VerifyDestinationNumberCommand({ VerifiedDestinationNumberId: id, VerificationCode: wrong })));
  assertServiceError(mismatch, ValidationException, 'VERIFICATION_CODE_MISMATCH');
  const pending = await client.send(new DescribeVerifiedDestinationNumbersCommand({ VerifiedDestinationNumberIds: [id] }));
  assert.equal(pending.VerifiedDestinationNumbers![0].Status, 'PENDING', 'a wrong code changes nothing');

  const verified = await client.send(
    new VerifyDestinationNumberCommand({ VerifiedDestinationNumberId: created.VerifiedDestinationNumberArn, VerificationCode: code }),
  );
  assert.equal(verified.Status, 'VERIFIED');
  assert.equal(verified.VerifiedDestinationNumberId, id);
  assertServiceError(
    await rejectionOf(() => client.send(new VerifyDestinationNumberCommand({ VerifiedDestinationNumberId: id, VerificationCode: code }))),
    ConflictException,
    'VERIFICATION_ALREADY_COMPLETE',
  );
  assertServiceError(
    await rejectionOf(() => client.send(new SendDestinationNumberVerificationCodeCommand({ VerifiedDestinationNumberId: id, VerificationChannel: 'TEXT' }))),
    ConflictException,
    'VERIFICATION_ALREADY_COMPLETE',
  );

  const hello = await client.send(text('Hello, verified phone'));
  const received = await conversation(server.url, PHONE, { account: SANDBOX_ACCOUNT, region });
  assert.deepEqual(
    received.map((m) => m.messageId),
    [sent.MessageId, hello.MessageId],
  );
  await client.send(call);

  // Deleted, the number is unverified again (and its tags are gone).
  const deleted = await client.send(new DeleteVerifiedDestinationNumberCommand({ VerifiedDestinationNumberId: id }));
  assert.equal(deleted.DestinationPhoneNumber, PHONE);
  assert.equal(deleted.VerifiedDestinationNumberId, id);
  assertServiceError(await rejectionOf(() => client.send(text('Still there?'))), ConflictException, 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED');
  assertServiceError(
    await rejectionOf(() => client.send(new ListTagsForResourceCommand({ ResourceArn: created.VerifiedDestinationNumberArn }))),
    ResourceNotFoundException,
  );
  assertServiceError(
    await rejectionOf(() => client.send(new DeleteVerifiedDestinationNumberCommand({ VerifiedDestinationNumberId: id }))),
    ResourceNotFoundException,
  );
});

test('a code expires after VERIFICATION_CODE_LIFETIME_MS; a new code replaces the old one', async () => {
  const { client, region } = await sandboxed();
  const { VerifiedDestinationNumberId: id } = await client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: PHONE }));
  await client.send(new SendDestinationNumberVerificationCodeCommand({ VerifiedDestinationNumberId: id, VerificationChannel: 'TEXT' }));
  const first = (await latestCode(region)).code;
  await sleep(CODE_LIFETIME_MS + 200);
  const expired = await rejectionOf(() => client.send(new VerifyDestinationNumberCommand({ VerifiedDestinationNumberId: id, VerificationCode: first })));
  assertServiceError(expired, ConflictException, 'VERIFICATION_CODE_EXPIRED');
  assert.equal(expired.ResourceType, 'verified-destination-number');

  // A voice call carries the new code, digit by digit.
  await client.send(new SendDestinationNumberVerificationCodeCommand({ VerifiedDestinationNumberId: id!, VerificationChannel: 'VOICE' }));
  const { code: second, message } = await latestCode(region);
  assert.equal(message.channel, 'VOICE');
  if (second !== first) {
    assertServiceError(
      await rejectionOf(() => client.send(new VerifyDestinationNumberCommand({ VerifiedDestinationNumberId: id, VerificationCode: first }))),
      ValidationException,
      'VERIFICATION_CODE_MISMATCH',
    );
  }
  const verified = await client.send(new VerifyDestinationNumberCommand({ VerifiedDestinationNumberId: id, VerificationCode: second }));
  assert.equal(verified.Status, 'VERIFIED');
});

test('verification codes: never from a simulator number; the named identity, configuration set and Context are used', async () => {
  const { client, region } = await sandboxed();
  const simulator = await simulatorNumber(client);
  const { VerifiedDestinationNumberId: id } = await client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: PHONE }));
  const fromSimulator = await rejectionOf(() =>
    client.send(
      new SendDestinationNumberVerificationCodeCommand({ VerifiedDestinationNumberId: id, VerificationChannel: 'TEXT', OriginationIdentity: simulator.id }),
    ),
  );
  assertServiceError(fromSimulator, ValidationException, 'INVALID_PARAMETER');
  assert.match(fromSimulator.message, /verification codes/);
  assert.equal(await messageCount(region), 0);
  const unknownSet = await rejectionOf(() =>
    client.send(
      new SendDestinationNumberVerificationCodeCommand({ VerifiedDestinationNumberId: id, VerificationChannel: 'TEXT', ConfigurationSetName: 'nope' }),
    ),
  );
  assertServiceError(unknownSet, ResourceNotFoundException);
  assertServiceError(
    await rejectionOf(() =>
      client.send(new SendDestinationNumberVerificationCodeCommand({ VerifiedDestinationNumberId: 'vdn-0', VerificationChannel: 'TEXT' })),
    ),
    ResourceNotFoundException,
  );
  // Without an OriginationIdentity, the simulator number is passed over for the long code.
  const sent = await client.send(
    new SendDestinationNumberVerificationCodeCommand({ VerifiedDestinationNumberId: id, VerificationChannel: 'TEXT', Context: { purpose: 'signup' } }),
  );
  const res = await fetch(`${server.url}/_local/messages?account=${SANDBOX_ACCOUNT}&region=${region}&messageId=${sent.MessageId}`);
  const [message] = ((await res.json()) as { messages: WireJson[] }).messages;
  assert.notEqual(message.originationIdentity, simulator.number);
  assert.deepEqual(message.context, { purpose: 'signup' });
  assert.equal(message.messageType, 'TRANSACTIONAL');
});

test('a voice code with no number that calls: the hint names a long code with VOICE, not a simulator number', async () => {
  const region = `sandbox-region-${++regions}`;
  const client = clientFor(server.url, { region, accessKeyId: 'AKIDSANDBOX' });
  await client.send(
    new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'LONG_CODE' }),
  );
  const { VerifiedDestinationNumberId: id } = await client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: PHONE }));
  const refused = await rejectionOf(() =>
    client.send(new SendDestinationNumberVerificationCodeCommand({ VerifiedDestinationNumberId: id, VerificationChannel: 'VOICE' })),
  );
  assertServiceError(refused, ConflictException, 'NO_ORIGINATION_IDENTITIES_FOUND');
  assert.match(refused.message, /--number-capabilities VOICE --number-type LONG_CODE$/);
});

test('CreateVerifiedDestinationNumber: no assigned calling code is INVALID_PARAMETER; a repeated ClientToken answers the first number', async () => {
  const { client } = await sandboxed();
  const refused = await rejectionOf(() => client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: '+999123456' })));
  assertServiceError(refused, ValidationException, 'INVALID_PARAMETER');
  assert.match(refused.message, /no assigned country calling code/);
  const first = await client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: PHONE, ClientToken: 'token-1' }));
  const again = await client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: PHONE, ClientToken: 'token-1' }));
  assert.equal(again.VerifiedDestinationNumberId, first.VerifiedDestinationNumberId);
});

test('the quota of 10, duplicates, Describe filters and paging, limits Used', async () => {
  const { client } = await sandboxed();
  const numbers = Array.from({ length: 10 }, (_, i) => `+1206555${String(2000 + i)}`);
  const ids: string[] = [];
  for (const n of numbers)
    ids.push((await client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: n }))).VerifiedDestinationNumberId!);
  const over = await rejectionOf(() => client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: '+12065553000' })));
  assertServiceError(over, ServiceQuotaExceededException, 'VERIFIED_DESTINATION_NUMBERS_PER_ACCOUNT');
  const twice = await rejectionOf(() => client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: numbers[0] })));
  assertServiceError(twice, ConflictException, 'RESOURCE_ALREADY_EXISTS');
  const limits = (await client.send(new DescribeAccountLimitsCommand({}))).AccountLimits!;
  assert.deepEqual(
    limits.find((l) => l.Name === 'VERIFIED_DESTINATION_NUMBERS'),
    { Name: 'VERIFIED_DESTINATION_NUMBERS', Used: 10, Max: 10 },
  );

  const seen: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(new DescribeVerifiedDestinationNumbersCommand({ MaxResults: 3, NextToken }));
    assert.ok(page.VerifiedDestinationNumbers!.length <= 3);
    seen.push(...page.VerifiedDestinationNumbers!.map((v) => v.VerifiedDestinationNumberId!));
    NextToken = page.NextToken;
  } while (NextToken);
  assert.deepEqual(seen, [...ids].sort());

  const byNumber = await client.send(new DescribeVerifiedDestinationNumbersCommand({ DestinationPhoneNumbers: [numbers[3], numbers[5]] }));
  assert.deepEqual(byNumber.VerifiedDestinationNumbers!.map((v) => v.DestinationPhoneNumber).sort(), [numbers[3], numbers[5]]);
  const pending = await client.send(new DescribeVerifiedDestinationNumbersCommand({ Filters: [{ Name: 'status', Values: ['PENDING'] }] }));
  assert.equal(pending.VerifiedDestinationNumbers!.length, 10);
  const verified = await client.send(new DescribeVerifiedDestinationNumbersCommand({ Filters: [{ Name: 'status', Values: ['VERIFIED'] }] }));
  assert.deepEqual(verified.VerifiedDestinationNumbers, []);
  assertServiceError(
    await rejectionOf(() => client.send(new DescribeVerifiedDestinationNumbersCommand({ Filters: [{ Name: 'status', Values: ['DONE'] }] }))),
    ValidationException,
    'INVALID_FILTER_VALUES',
  );
  assertServiceError(
    await rejectionOf(() => client.send(new DescribeVerifiedDestinationNumbersCommand({ VerifiedDestinationNumberIds: [ids[0], 'vdn-unknown'] }))),
    ResourceNotFoundException,
  );

  // Deleting one frees a place.
  await client.send(new DeleteVerifiedDestinationNumberCommand({ VerifiedDestinationNumberId: ids[0] }));
  await client.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: '+12065553000' }));
});

test('the sandbox spend limit of 1 USD refuses texts past it', async () => {
  const { client } = await sandboxed();
  /** 1600 GSM characters: 11 parts, 0.09691 USD; ten of them fit in 1 USD. */
  const long = new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'a'.repeat(1600) });
  for (let i = 0; i < 10; i++) await client.send(long);
  assertServiceError(await rejectionOf(() => client.send(long)), ServiceQuotaExceededException, 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT');
});

test('a production account sends to any number without verification', async () => {
  const client = clientFor(server.url, { region: 'sandbox-production' });
  const n = await client.send(
    new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'LONG_CODE' }),
  );
  await client.send(new SendTextMessageCommand({ DestinationPhoneNumber: PHONE, MessageBody: 'Hello', OriginationIdentity: n.PhoneNumber }));
});
