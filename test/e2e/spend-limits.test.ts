// Monthly spend limits through the SDK: DescribeSpendLimits, the overrides, a send refused once it
// would pass the enforced limit (nothing recorded), dry runs, concurrent sends, and the spend
// surviving a restart. Runs on the store under test (SQLite, or PostgreSQL with TEST_STORE=postgres).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DeleteMediaMessageSpendLimitOverrideCommand,
  DeleteNotifyMessageSpendLimitOverrideCommand,
  DeleteTextMessageSpendLimitOverrideCommand,
  DeleteVoiceMessageSpendLimitOverrideCommand,
  DescribeSpendLimitsCommand,
  RequestPhoneNumberCommand,
  SendMediaMessageCommand,
  SendTextMessageCommand,
  SendVoiceMessageCommand,
  ServiceQuotaExceededException,
  SetMediaMessageSpendLimitOverrideCommand,
  SetNotifyMessageSpendLimitOverrideCommand,
  SetTextMessageSpendLimitOverrideCommand,
  SetVoiceMessageSpendLimitOverrideCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, tempDatabaseUrl, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';
import { HANDSET } from '../support/handset.js';

const SPEND_LIMITS = 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT=50,VOICE_MESSAGE_MONTHLY_SPEND_LIMIT=40,MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT=30';
/** 1600 GSM characters: 11 parts, 11 x 0.00881 = 0.09691 USD. A limit of 1 USD admits ten of them. */
const LONG_BODY = 'a'.repeat(1600);

let server: ServerProcess;
before(async () => {
  server = await startServer({ SPEND_LIMITS, EVENT_STEP_DELAY_MS: '5' });
});
after(async () => {
  await server.stop();
});
let regions = 0;
function fresh(url = server.url): { client: PinpointSMSVoiceV2Client; region: string } {
  const region = `spend-region-${++regions}`;
  return { client: clientFor(url, { region }), region };
}

async function messageCount(url: string, region: string): Promise<number> {
  const res = await fetch(`${url}/_local/messages?region=${region}&limit=1000`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

async function originationNumber(client: PinpointSMSVoiceV2Client): Promise<string> {
  const n = await client.send(
    new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS', 'VOICE', 'MMS'], NumberType: 'SIMULATOR' }),
  );
  return n.PhoneNumber!;
}

const text = (from: string, body: string, extra: { DryRun?: boolean } = {}) =>
  new SendTextMessageCommand({ OriginationIdentity: from, DestinationPhoneNumber: HANDSET, MessageBody: body, ...extra });

function assertSpendLimitReached(error: Error & Record<string, unknown>, channel: string): void {
  assert.ok(error instanceof ServiceQuotaExceededException, `${error.name}: ${error.message}`);
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.equal(error.Reason, `MONTHLY_SPEND_LIMIT_REACHED_FOR_${channel}`);
}

test('DescribeSpendLimits: the configured MaxLimits, not overridden, in the model order; paging', async () => {
  const { client } = fresh();
  const all = await client.send(new DescribeSpendLimitsCommand({}));
  assert.deepEqual(all.SpendLimits, [
    { Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', EnforcedLimit: 50, MaxLimit: 50, Overridden: false },
    { Name: 'VOICE_MESSAGE_MONTHLY_SPEND_LIMIT', EnforcedLimit: 40, MaxLimit: 40, Overridden: false },
    { Name: 'MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT', EnforcedLimit: 30, MaxLimit: 30, Overridden: false },
    // Not named in SPEND_LIMITS: the default.
    { Name: 'NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT', EnforcedLimit: 10000, MaxLimit: 10000, Overridden: false },
  ]);
  assert.equal(all.NextToken, undefined);
  const first = await client.send(new DescribeSpendLimitsCommand({ MaxResults: 3 }));
  assert.equal(first.SpendLimits!.length, 3);
  const rest = await client.send(new DescribeSpendLimitsCommand({ MaxResults: 3, NextToken: first.NextToken }));
  assert.deepEqual(
    rest.SpendLimits!.map((l) => l.Name),
    ['NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT'],
  );
  assert.equal(rest.NextToken, undefined);
});

test('Set and Delete overrides for each channel; above MaxLimit is ValidationException and changes nothing', async () => {
  const { client } = fresh();
  const channels = [
    ['TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', SetTextMessageSpendLimitOverrideCommand, DeleteTextMessageSpendLimitOverrideCommand, 50],
    ['VOICE_MESSAGE_MONTHLY_SPEND_LIMIT', SetVoiceMessageSpendLimitOverrideCommand, DeleteVoiceMessageSpendLimitOverrideCommand, 40],
    ['MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT', SetMediaMessageSpendLimitOverrideCommand, DeleteMediaMessageSpendLimitOverrideCommand, 30],
    ['NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT', SetNotifyMessageSpendLimitOverrideCommand, DeleteNotifyMessageSpendLimitOverrideCommand, 10000],
  ] as const;
  const limitNamed = async (name: string) => (await client.send(new DescribeSpendLimitsCommand({}))).SpendLimits!.find((l) => l.Name === name)!;
  for (const [name, SetOverride, DeleteOverride, max] of channels) {
    assert.deepEqual((await client.send(new SetOverride({ MonthlyLimit: 7 }))).MonthlyLimit, 7);
    assert.deepEqual(await limitNamed(name), { Name: name, EnforcedLimit: 7, MaxLimit: max, Overridden: true });
    // Setting it again replaces it; MaxLimit itself is allowed, and so is 0.
    assert.equal((await client.send(new SetOverride({ MonthlyLimit: max }))).MonthlyLimit, max);
    assert.equal((await client.send(new SetOverride({ MonthlyLimit: 0 }))).MonthlyLimit, 0);
    assert.deepEqual(await limitNamed(name), { Name: name, EnforcedLimit: 0, MaxLimit: max, Overridden: true });

    const over = await rejectionOf(() => client.send(new SetOverride({ MonthlyLimit: max + 1 })));
    assert.ok(over instanceof ValidationException, over.name);
    assert.equal(over.$metadata.httpStatusCode, 400);
    assert.equal(over.Reason, 'REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT');
    assert.equal(over.Fields?.[0]?.Name, 'MonthlyLimit');
    const negative = await rejectionOf(() => client.send(new SetOverride({ MonthlyLimit: -1 })));
    assert.ok(negative instanceof ValidationException, negative.name);
    assert.deepEqual(await limitNamed(name), { Name: name, EnforcedLimit: 0, MaxLimit: max, Overridden: true }, 'rejected sets change nothing');

    assert.equal((await client.send(new DeleteOverride({}))).MonthlyLimit, max);
    assert.deepEqual(await limitNamed(name), { Name: name, EnforcedLimit: max, MaxLimit: max, Overridden: false });
    // Deleting when there is no override answers the same.
    assert.equal((await client.send(new DeleteOverride({}))).MonthlyLimit, max);
  }
});

test('MonthlyLimit 0 stops every priced send with the exact error, records nothing; deleting the override lets sends through', async () => {
  const { client, region } = fresh();
  const from = await originationNumber(client);
  await client.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 0 }));
  await client.send(new SetVoiceMessageSpendLimitOverrideCommand({ MonthlyLimit: 0 }));
  await client.send(new SetMediaMessageSpendLimitOverrideCommand({ MonthlyLimit: 0 }));

  assertSpendLimitReached(await rejectionOf(() => client.send(text(from, 'hello'))), 'TEXT');
  assertSpendLimitReached(await rejectionOf(() => client.send(text(from, 'hello', { DryRun: true }))), 'TEXT');
  assertSpendLimitReached(
    await rejectionOf(() => client.send(new SendVoiceMessageCommand({ OriginationIdentity: from, DestinationPhoneNumber: HANDSET, MessageBody: 'hello' }))),
    'VOICE',
  );
  assertSpendLimitReached(
    await rejectionOf(() =>
      client.send(new SendMediaMessageCommand({ OriginationIdentity: from, DestinationPhoneNumber: HANDSET, MediaUrls: ['s3://bucket/cat.png'] })),
    ),
    'MEDIA',
  );
  assert.equal(await messageCount(server.url, region), 0, 'a refused send records no message');

  await client.send(new DeleteTextMessageSpendLimitOverrideCommand({}));
  assert.ok((await client.send(text(from, 'hello'))).MessageId);
  assertSpendLimitReached(
    await rejectionOf(() => client.send(new SendVoiceMessageCommand({ OriginationIdentity: from, DestinationPhoneNumber: HANDSET, MessageBody: 'hi' }))),
    'VOICE',
  );
  assert.equal(await messageCount(server.url, region), 1);
});

test('the limit is reached at the last send that fits; dry runs are checked but not charged', async () => {
  const { client, region } = fresh();
  const from = await originationNumber(client);
  await client.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 1 }));
  for (let i = 0; i < 12; i++) await client.send(text(from, LONG_BODY, { DryRun: true }));
  assert.equal(await messageCount(server.url, region), 0);
  // Ten long texts spend 0.9691 USD.
  for (let i = 0; i < 10; i++) await client.send(text(from, LONG_BODY));
  assertSpendLimitReached(await rejectionOf(() => client.send(text(from, LONG_BODY))), 'TEXT');
  assertSpendLimitReached(await rejectionOf(() => client.send(text(from, LONG_BODY, { DryRun: true }))), 'TEXT');
  assert.equal(await messageCount(server.url, region), 10);
  // What is left (0.0309 USD) still admits three one-part texts (0.02643), not a fourth.
  for (let i = 0; i < 3; i++) await client.send(text(from, 'short'));
  assertSpendLimitReached(await rejectionOf(() => client.send(text(from, 'short'))), 'TEXT');
  assert.equal(await messageCount(server.url, region), 13);
  // Other channels keep their own spend.
  assert.ok((await client.send(new SendVoiceMessageCommand({ OriginationIdentity: from, DestinationPhoneNumber: HANDSET, MessageBody: 'hi' }))).MessageId);
  // Raising the limit lets sends through again.
  await client.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 2 }));
  assert.ok((await client.send(text(from, LONG_BODY))).MessageId);
});

test('20 concurrent sends against a limit that admits 10: exactly 10 succeed', async () => {
  const { client, region } = fresh();
  const from = await originationNumber(client);
  await client.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 1 }));
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.send(text(from, LONG_BODY))));
  const refused = results.filter((r) => r.status === 'rejected');
  assert.equal(results.length - refused.length, 10);
  for (const r of refused) assertSpendLimitReached((r as PromiseRejectedResult).reason, 'TEXT');
  assert.equal(await messageCount(server.url, region), 10);
});

test('concurrent sends and dry runs, the first of the month among them: dry runs charge nothing, the limit holds exactly', async () => {
  const { client, region } = fresh();
  const from = await originationNumber(client);
  await client.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 1 }));
  // No spend is recorded for the month yet: the first sends race to create it.
  const all = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => client.send(text(from, LONG_BODY, { DryRun: i % 3 === 2 }))));
  const results = all.filter((_, i) => i % 3 !== 2);
  for (const r of all) if (r.status === 'rejected') assertSpendLimitReached(r.reason, 'TEXT');
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
  for (const r of results) if (r.status === 'rejected') assertSpendLimitReached(r.reason, 'TEXT');
  assert.equal(await messageCount(server.url, region), 10);
  // The spend is 0.9691 USD: the enforced limit DescribeSpendLimits reports refuses one more long
  // text and admits three short ones, as it would after ten sends one by one.
  const described = await client.send(new DescribeSpendLimitsCommand({}));
  assert.deepEqual(
    described.SpendLimits!.find((l) => l.Name === 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT'),
    { Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', EnforcedLimit: 1, MaxLimit: 50, Overridden: true },
  );
  assertSpendLimitReached(await rejectionOf(() => client.send(text(from, LONG_BODY, { DryRun: true }))), 'TEXT');
  const short = await Promise.allSettled(Array.from({ length: 5 }, () => client.send(text(from, 'short'))));
  assert.equal(short.filter((r) => r.status === 'fulfilled').length, 3);
  assert.equal(await messageCount(server.url, region), 13);
});

test("the month's spend and the overrides survive a restart", async () => {
  const databaseUrl = tempDatabaseUrl();
  let node = await startServer({ DATABASE_URL: databaseUrl, SPEND_LIMITS });
  const region = 'spend-restart';
  let client = clientFor(node.url, { region });
  try {
    const from = await originationNumber(client);
    await client.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 1 }));
    for (let i = 0; i < 10; i++) await client.send(text(from, LONG_BODY));
    client.destroy();
    assert.equal(await node.stop(), 0);

    node = await startServer({ DATABASE_URL: databaseUrl, SPEND_LIMITS });
    client = clientFor(node.url, { region });
    const limits = (await client.send(new DescribeSpendLimitsCommand({}))).SpendLimits!;
    assert.deepEqual(limits[0], { Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', EnforcedLimit: 1, MaxLimit: 50, Overridden: true });
    assertSpendLimitReached(await rejectionOf(() => client.send(text(from, LONG_BODY))), 'TEXT');
    assert.ok((await client.send(text(from, 'short'))).MessageId);
    assert.equal(await messageCount(node.url, region), 11);
  } finally {
    client.destroy();
    await node.stop();
  }
});

test('an override above a MaxLimit lowered by a restart is capped at the new MaxLimit, described and enforced', async () => {
  const databaseUrl = tempDatabaseUrl();
  let node = await startServer({ DATABASE_URL: databaseUrl, SPEND_LIMITS });
  const region = 'spend-lowered-max';
  let client = clientFor(node.url, { region });
  try {
    const from = await originationNumber(client);
    await client.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 40 }));
    client.destroy();
    assert.equal(await node.stop(), 0);

    node = await startServer({ DATABASE_URL: databaseUrl, SPEND_LIMITS: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT=0' });
    client = clientFor(node.url, { region });
    const limits = (await client.send(new DescribeSpendLimitsCommand({}))).SpendLimits!;
    assert.deepEqual(limits[0], { Name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', EnforcedLimit: 0, MaxLimit: 0, Overridden: true });
    assertSpendLimitReached(await rejectionOf(() => client.send(text(from, 'short'))), 'TEXT');
    assert.equal(await messageCount(node.url, region), 0);
  } finally {
    client.destroy();
    await node.stop();
  }
});
