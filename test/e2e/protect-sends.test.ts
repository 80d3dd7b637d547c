// Protect configurations on the send path, through the SDK, one table row per precedence rule: which
// configuration governs (the send's, else the set's, else the account default), overrides over
// country rules, opt-outs over ALLOW overrides, each capability on its own channel, MONITOR and
// FILTER, and expiring overrides. Runs on the store under test (SQLite, or PostgreSQL with TEST_STORE=postgres).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateProtectConfigurationCommand,
  ConflictException,
  CreateConfigurationSetCommand,
  PutOptedOutNumberCommand,
  PutProtectConfigurationRuleSetNumberOverrideCommand,
  ResourceNotFoundException,
  SendMediaMessageCommand,
  SendTextMessageCommand,
  SendVoiceMessageCommand,
  SetAccountDefaultProtectConfigurationCommand,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { rejectionOf } from '../support/client.js';
import { settledEventsOf } from '../support/events.js';
import { freshRegion, GB_HANDSET, protectConfiguration, worldwideNumber, type CountryRules } from '../support/protect.js';

let server: ServerProcess;
before(async () => {
  server = await startServer({ EVENT_STEP_DELAY_MS: '5' });
});
after(async () => {
  await server.stop();
});

const COUNTRY = 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION';
const NUMBER = 'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE';
const OPTED_OUT = 'DESTINATION_PHONE_NUMBER_OPTED_OUT';

type Where = 'send' | 'set' | 'default';
interface Row {
  name: string;
  /** Protect configurations and where each is attached. */
  configs: { where: Where; rules?: CountryRules; override?: 'ALLOW' | 'BLOCK' }[];
  channel?: 'TEXT' | 'VOICE' | 'MEDIA';
  body?: string;
  optedOut?: boolean;
  dryRun?: boolean;
  /** A refusal reason, or what the events say: the governing configuration (by `where`), its status and the final event. */
  expect: string | { governs?: Where; status?: string; final: string };
}

const rows: Row[] = [
  { name: 'no protect configuration anywhere: nothing applies', configs: [], expect: { final: 'TEXT_DELIVERED' } },
  { name: 'the account default applies when nothing else is named', configs: [{ where: 'default', rules: { SMS: { GB: 'BLOCK' } } }], expect: COUNTRY },
  {
    name: "the configuration set's beats the account default",
    configs: [
      { where: 'default', rules: { SMS: { GB: 'BLOCK' } } },
      { where: 'set', rules: { SMS: { GB: 'MONITOR' } } },
    ],
    expect: { governs: 'set', status: 'MONITOR', final: 'TEXT_DELIVERED' },
  },
  {
    name: "the send's beats the configuration set's (BLOCK)",
    configs: [{ where: 'set' }, { where: 'send', rules: { SMS: { GB: 'BLOCK' } } }],
    expect: COUNTRY,
  },
  {
    name: "the send's beats the configuration set's and the default (ALLOW)",
    configs: [{ where: 'default', rules: { SMS: { GB: 'BLOCK' } } }, { where: 'set', rules: { SMS: { GB: 'BLOCK' } } }, { where: 'send' }],
    expect: { governs: 'send', status: 'ALLOW', final: 'TEXT_DELIVERED' },
  },
  { name: 'a BLOCK override beats an ALLOW country', configs: [{ where: 'send', override: 'BLOCK' }], expect: NUMBER },
  {
    name: 'an ALLOW override beats a BLOCK country',
    configs: [{ where: 'send', rules: { SMS: { GB: 'BLOCK' } }, override: 'ALLOW' }],
    expect: { governs: 'send', status: 'ALLOW', final: 'TEXT_DELIVERED' },
  },
  {
    name: 'an ALLOW override of a configuration that does not govern does nothing',
    configs: [
      { where: 'default', override: 'ALLOW' },
      { where: 'set', rules: { SMS: { GB: 'BLOCK' } } },
    ],
    expect: COUNTRY,
  },
  { name: 'an opt-out beats an ALLOW override', configs: [{ where: 'send', override: 'ALLOW' }], optedOut: true, expect: OPTED_OUT },
  { name: 'an opt-out comes before a BLOCK override', configs: [{ where: 'send', override: 'BLOCK' }], optedOut: true, expect: OPTED_OUT },
  {
    name: 'MONITOR sends, and the events say MONITOR',
    configs: [{ where: 'send', rules: { SMS: { GB: 'MONITOR' } } }],
    expect: { governs: 'send', status: 'MONITOR', final: 'TEXT_DELIVERED' },
  },
  {
    name: 'FILTER sends a text without the AIT marker',
    configs: [{ where: 'send', rules: { SMS: { GB: 'FILTER' } } }],
    expect: { governs: 'send', status: 'FILTER', final: 'TEXT_DELIVERED' },
  },
  {
    name: 'FILTER accepts a text with the AIT marker and ends it TEXT_PROTECT_BLOCKED',
    configs: [{ where: 'send', rules: { SMS: { GB: 'FILTER' } } }],
    body: 'Win a prize [AIT]',
    expect: { governs: 'send', status: 'FILTER', final: 'TEXT_PROTECT_BLOCKED' },
  },
  {
    name: 'an ALLOW override lets an AIT text through FILTER',
    configs: [{ where: 'send', rules: { SMS: { GB: 'FILTER' } }, override: 'ALLOW' }],
    body: 'Win a prize [ait]',
    expect: { governs: 'send', status: 'ALLOW', final: 'TEXT_DELIVERED' },
  },
  {
    name: 'FILTER refuses an AIT call',
    configs: [{ where: 'send', rules: { VOICE: { GB: 'FILTER' } } }],
    channel: 'VOICE',
    body: '[ait] call',
    expect: COUNTRY,
  },
  {
    name: 'an SMS rule does not touch calls',
    configs: [{ where: 'send', rules: { SMS: { GB: 'BLOCK' } } }],
    channel: 'VOICE',
    expect: { governs: 'send', status: 'ALLOW', final: 'VOICE_COMPLETED' },
  },
  { name: 'VOICE BLOCK refuses a call', configs: [{ where: 'send', rules: { VOICE: { GB: 'BLOCK' } } }], channel: 'VOICE', expect: COUNTRY },
  { name: 'MMS BLOCK refuses media', configs: [{ where: 'send', rules: { MMS: { GB: 'BLOCK' } } }], channel: 'MEDIA', expect: COUNTRY },
  {
    name: 'a rule for another country does nothing',
    configs: [{ where: 'send', rules: { SMS: { FR: 'BLOCK', US: 'BLOCK' } } }],
    expect: { governs: 'send', status: 'ALLOW', final: 'TEXT_DELIVERED' },
  },
  { name: 'a dry run is refused as the send would be', configs: [{ where: 'send', rules: { SMS: { GB: 'BLOCK' } } }], dryRun: true, expect: COUNTRY },
];

async function messageIdsOf(region: string): Promise<string[]> {
  const res = await fetch(`${server.url}/_local/messages?region=${region}&limit=1000`);
  return ((await res.json()) as { messages: { messageId: string }[] }).messages.map((m) => m.messageId);
}

/** Sets up a row's configurations in a fresh region; answers the client, the number, the send's extra members and the ids by place. */
async function setUp(row: Row) {
  const { client, region } = freshRegion(server.url, 'protect-send');
  const from = await worldwideNumber(client);
  const ids: Partial<Record<Where, string>> = {};
  const extra: { ConfigurationSetName?: string; ProtectConfigurationId?: string } = {};
  for (const config of row.configs) {
    const id = await protectConfiguration(client, config.rules);
    ids[config.where] = id;
    if (config.override) {
      await client.send(
        new PutProtectConfigurationRuleSetNumberOverrideCommand({ ProtectConfigurationId: id, DestinationPhoneNumber: GB_HANDSET, Action: config.override }),
      );
    }
    if (config.where === 'default') await client.send(new SetAccountDefaultProtectConfigurationCommand({ ProtectConfigurationId: id }));
    if (config.where === 'send') extra.ProtectConfigurationId = id;
    if (config.where === 'set') {
      await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'protected' }));
      await client.send(new AssociateProtectConfigurationCommand({ ConfigurationSetName: 'protected', ProtectConfigurationId: id }));
      extra.ConfigurationSetName = 'protected';
    }
  }
  if (row.optedOut) await client.send(new PutOptedOutNumberCommand({ OptOutListName: 'Default', OptedOutNumber: GB_HANDSET }));
  return { client, region, from, ids, extra };
}

function send(client: PinpointSMSVoiceV2Client, row: Row, from: string, extra: object) {
  const common = { OriginationIdentity: from, DestinationPhoneNumber: GB_HANDSET, ...extra, ...(row.dryRun && { DryRun: true }) };
  const body = row.body ?? 'Your code is 123456';
  switch (row.channel ?? 'TEXT') {
    case 'VOICE':
      return client.send(new SendVoiceMessageCommand({ ...common, MessageBody: body }));
    case 'MEDIA':
      return client.send(new SendMediaMessageCommand({ ...common, MessageBody: body, MediaUrls: ['s3://bucket/cat.jpg'] }));
    default:
      return client.send(new SendTextMessageCommand({ ...common, MessageBody: body }));
  }
}

describe('which protect rule decides a send', () => {
  for (const row of rows) {
    test(row.name, async () => {
      const { client, region, from, ids, extra } = await setUp(row);
      if (typeof row.expect === 'string') {
        const error = await rejectionOf(() => send(client, row, from, extra));
        assert.ok(error instanceof ConflictException, `${error.name}: ${error.message}`);
        assert.equal(error.$metadata.httpStatusCode, 400);
        assert.equal(error.Reason, row.expect);
        assert.deepEqual(await messageIdsOf(region), [], 'a refused send records nothing');
        return;
      }
      const { MessageId } = await send(client, row, from, extra);
      const channelEvents = row.channel === 'VOICE' ? 4 : row.expect.final.endsWith('DELIVERED') ? 3 : 2;
      const events = await settledEventsOf(server.url, MessageId!, channelEvents);
      assert.equal(events[events.length - 1].eventType, row.expect.final);
      if (row.expect.final === 'TEXT_PROTECT_BLOCKED') {
        // The local view's outcome filter knows the outcome (one list with the simulator's).
        const res = await fetch(`${server.url}/_local/messages?region=${region}&outcome=PROTECT_BLOCKED`);
        assert.equal(res.status, 200);
        const { messages } = (await res.json()) as { messages: { messageId: string }[] };
        assert.deepEqual(
          messages.map((m) => m.messageId),
          [MessageId],
        );
      }
      const { governs, status } = row.expect;
      for (const e of events) {
        assert.deepEqual(e.record.protectConfiguration, governs && { protectConfigurationId: ids[governs], protectStatus: status });
      }
    });
  }
});

test('an unknown ProtectConfigurationId on a send is ResourceNotFoundException, and nothing is recorded', async () => {
  const { client, region } = freshRegion(server.url, 'protect-send');
  const from = await worldwideNumber(client);
  const unknown = 'protect-00000000000000000000000000000000';
  const error = await rejectionOf(() =>
    client.send(
      new SendTextMessageCommand({ OriginationIdentity: from, DestinationPhoneNumber: GB_HANDSET, MessageBody: 'hi', ProtectConfigurationId: unknown }),
    ),
  );
  assert.ok(error instanceof ResourceNotFoundException, `${error.name}: ${error.message}`);
  assert.equal(error.ResourceType, 'protect-configuration');
  assert.equal(error.ResourceId, unknown);
  assert.deepEqual(await messageIdsOf(region), []);
});

test('a BLOCK override stops applying when it expires (server clock), and is then no longer listed', async () => {
  const { client } = freshRegion(server.url, 'protect-send');
  const from = await worldwideNumber(client);
  const id = await protectConfiguration(client);
  const expiresAt = new Date(Date.now() + 1500);
  await client.send(
    new PutProtectConfigurationRuleSetNumberOverrideCommand({
      ProtectConfigurationId: id,
      DestinationPhoneNumber: GB_HANDSET,
      Action: 'BLOCK',
      ExpirationTimestamp: expiresAt,
    }),
  );
  const text = () =>
    client.send(new SendTextMessageCommand({ OriginationIdentity: from, DestinationPhoneNumber: GB_HANDSET, MessageBody: 'hi', ProtectConfigurationId: id }));
  const refused = await rejectionOf(text);
  assert.equal(refused.Reason, NUMBER);
  await new Promise((r) => setTimeout(r, expiresAt.getTime() - Date.now() + 100));
  const { MessageId } = await text();
  assert.ok(MessageId);
});
