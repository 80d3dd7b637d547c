// SEED_FILE: resources created at start-up when absent; a bad file fails start-up and creates nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DescribeConfigurationSetsCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DescribeSenderIdsCommand,
  ListPoolOriginationIdentitiesCommand,
  SendTextMessageCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, tempDatabaseUrl } from '../support/server-process.js';
import { clientFor } from '../support/client.js';
import { seedFile } from '../support/seed.js';

const number = (PhoneNumber?: string) => ({
  ...(PhoneNumber && { PhoneNumber }),
  IsoCountryCode: 'US',
  MessageType: 'TRANSACTIONAL',
  NumberCapabilities: ['SMS', 'VOICE'],
  NumberType: 'LONG_CODE',
});

const seed = {
  // Two identical entries without PhoneNumber are two numbers.
  phoneNumbers: [number('+12065550100'), number(), number()],
  senderIds: [{ SenderId: 'ACME', IsoCountryCode: 'GB' }],
  pools: [{ OriginationIdentity: '+12065550100', MessageType: 'TRANSACTIONAL', Members: [{ OriginationIdentity: 'ACME', IsoCountryCode: 'GB' }] }],
  configurationSets: [
    {
      ConfigurationSetName: 'orders',
      EventDestinations: [
        { EventDestinationName: 'to-sns', MatchingEventTypes: ['ALL'], SnsDestination: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t' } },
      ],
    },
  ],
};

test('a seed file creates its resources once, across restarts, and the server can send at once', async () => {
  const databaseUrl = tempDatabaseUrl();
  const file = seedFile(seed);
  for (let start = 0; start < 2; start++) {
    const server = await startServer({ DATABASE_URL: databaseUrl, SEED_FILE: file });
    const client = clientFor(server.url);
    try {
      const numbers = (await client.send(new DescribePhoneNumbersCommand({}))).PhoneNumbers!;
      assert.equal(numbers.length, 3, `start ${start}`);
      assert.ok(numbers.some((n) => n.PhoneNumber === '+12065550100'));
      assert.equal((await client.send(new DescribeSenderIdsCommand({}))).SenderIds!.length, 1);
      const pools = (await client.send(new DescribePoolsCommand({}))).Pools!;
      assert.equal(pools.length, 1);
      const members = (await client.send(new ListPoolOriginationIdentitiesCommand({ PoolId: pools[0].PoolId }))).OriginationIdentities!;
      assert.equal(members.length, 2);
      const sets = (await client.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!;
      assert.deepEqual(
        sets.map((s) => [s.ConfigurationSetName, s.EventDestinations!.length]),
        [['orders', 1]],
      );
      const sent = await client.send(
        new SendTextMessageCommand({
          ConfigurationSetName: 'orders',
          DestinationPhoneNumber: '+14254147755',
          MessageBody: 'hi',
          OriginationIdentity: '+12065550100',
        }),
      );
      assert.ok(sent.MessageId);
      assert.ok(server.logs.some((l) => l.msg === 'seed applied' && l.created === (start === 0 ? 7 : 0)));
    } finally {
      client.destroy();
      await server.stop();
    }
  }
});

test('a bad entry fails start-up with a message naming it and the rule, and creates nothing', async () => {
  const cases: [unknown, RegExp][] = [
    [
      { ...seed, pools: [...seed.pools, { OriginationIdentity: '+12065550199', MessageType: 'TRANSACTIONAL' }] },
      /seed \[0\]\.pools\[1\]: no phone number \+12065550199/,
    ],
    [{ ...seed, phoneNumbers: [number('+12065550100'), { ...number(), NumberType: 'FAX' }] }, /seed \[0\]\.phoneNumbers\[1\]: NumberType/],
    [{ ...seed, phoneNumbers: [number('+447860019066')] }, /seed \[0\]\.phoneNumbers\[0\]: PhoneNumber \+447860019066 is not a number of US/],
    [{ ...seed, colour: 'red' }, /unknown member colour/],
    [[{ accountId: 'abc' }], /accountId: must be 12 digits/],
    [{ ...seed, accountTier: 'GOLD' }, /seed \[0\]\.accountTier: must be PRODUCTION or SANDBOX, got GOLD/],
    [
      [
        { ...seed, accountTier: 'SANDBOX' },
        { accountId: '123456789012', region: 'eu-west-1', accountTier: 'PRODUCTION' },
      ],
      /seed \[1\]\.accountTier: PRODUCTION for account 123456789012, which seed \[0\] makes SANDBOX/,
    ],
  ];
  for (const [content, message] of cases) {
    const databaseUrl = tempDatabaseUrl();
    await assert.rejects(startServer({ DATABASE_URL: databaseUrl, SEED_FILE: seedFile(content) }), message);
    const server = await startServer({ DATABASE_URL: databaseUrl });
    const client = clientFor(server.url);
    try {
      assert.deepEqual((await client.send(new DescribePhoneNumbersCommand({}))).PhoneNumbers, []);
      assert.deepEqual((await client.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets, []);
    } finally {
      client.destroy();
      await server.stop();
    }
  }
  await assert.rejects(
    startServer({ SEED_FILE: seedFile({ accountTier: 'SANDBOX' }), ACCOUNT_TIERS: '123456789012=PRODUCTION' }),
    /seed \[0\]\.accountTier: SANDBOX for account 123456789012, which ACCOUNT_TIERS makes PRODUCTION/,
  );
  await assert.rejects(startServer({ SEED_FILE: '/nonexistent/seed.json' }), /SEED_FILE "\/nonexistent\/seed.json" cannot be read as JSON: ENOENT/);
});
