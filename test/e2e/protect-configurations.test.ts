// Protect configurations as resources, through the SDK: create, describe (IDs, ARNs, filters,
// paging), update, delete and its three refusals, the quota, tags, the account default (with
// DescribeAccountAttributes), configuration set associations, country rule sets and number
// overrides (filters, expiry). Runs on the store under test (SQLite, or PostgreSQL with TEST_STORE=postgres).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateProtectConfigurationCommand,
  ConflictException,
  CreateConfigurationSetCommand,
  CreateProtectConfigurationCommand,
  DeleteAccountDefaultProtectConfigurationCommand,
  DeleteProtectConfigurationCommand,
  DeleteProtectConfigurationRuleSetNumberOverrideCommand,
  DescribeAccountAttributesCommand,
  DescribeConfigurationSetsCommand,
  DescribeProtectConfigurationsCommand,
  DisassociateProtectConfigurationCommand,
  GetProtectConfigurationCountryRuleSetCommand,
  ListProtectConfigurationRuleSetNumberOverridesCommand,
  ListTagsForResourceCommand,
  PutProtectConfigurationRuleSetNumberOverrideCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  SetAccountDefaultProtectConfigurationCommand,
  UpdateProtectConfigurationCommand,
  UpdateProtectConfigurationCountryRuleSetCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { assertServiceError, rejectionOf } from '../support/client.js';
import { freshRegion, GB_HANDSET, protectConfiguration } from '../support/protect.js';

let server: ServerProcess;
before(async () => {
  server = await startServer({ ACCOUNT_LIMITS: 'PROTECT_CONFIGURATIONS=3' });
});
after(async () => {
  await server.stop();
});
const fresh = () => freshRegion(server.url, 'protect');

const describeAll = async (client: PinpointSMSVoiceV2Client, input = {}) =>
  (await client.send(new DescribeProtectConfigurationsCommand(input))).ProtectConfigurations ?? [];

test('create, describe by ID and ARN, update, delete; tags; unknown IDs', async () => {
  const { client, region } = fresh();
  const created = await client.send(new CreateProtectConfigurationCommand({ Tags: [{ Key: 'Name', Value: 'fraud' }] }));
  assert.match(created.ProtectConfigurationId!, /^protect-[0-9a-f]{32}$/);
  assert.equal(created.ProtectConfigurationArn, `arn:aws:sms-voice:${region}:123456789012:protect-configuration/${created.ProtectConfigurationId}`);
  assert.equal(created.AccountDefault, false);
  assert.equal(created.DeletionProtectionEnabled, false);
  assert.deepEqual(created.Tags, [{ Key: 'Name', Value: 'fraud' }]);
  assert.ok(created.CreatedTimestamp instanceof Date);
  const tags = await client.send(new ListTagsForResourceCommand({ ResourceArn: created.ProtectConfigurationArn }));
  assert.deepEqual(tags.Tags, [{ Key: 'Name', Value: 'fraud' }]);

  const byArn = await describeAll(client, { ProtectConfigurationIds: [created.ProtectConfigurationArn!] });
  assert.deepEqual(byArn, [
    {
      ProtectConfigurationArn: created.ProtectConfigurationArn,
      ProtectConfigurationId: created.ProtectConfigurationId,
      CreatedTimestamp: created.CreatedTimestamp,
      AccountDefault: false,
      DeletionProtectionEnabled: false,
    },
  ]);
  const unknown = await rejectionOf(() => client.send(new DescribeProtectConfigurationsCommand({ ProtectConfigurationIds: ['protect-nope'] })));
  assertServiceError(unknown, ResourceNotFoundException);
  assert.equal(unknown.ResourceType, 'protect-configuration');

  const updated = await client.send(
    new UpdateProtectConfigurationCommand({ ProtectConfigurationId: created.ProtectConfigurationId, DeletionProtectionEnabled: true }),
  );
  assert.equal(updated.DeletionProtectionEnabled, true);
  const other = await protectConfiguration(client);
  assert.deepEqual(
    (await describeAll(client, { Filters: [{ Name: 'deletion-protection-enabled', Values: ['true'] }] })).map((p) => p.ProtectConfigurationId),
    [created.ProtectConfigurationId],
  );
  const badFilter = await rejectionOf(() => client.send(new DescribeProtectConfigurationsCommand({ Filters: [{ Name: 'account-default', Values: ['yes'] }] })));
  assertServiceError(badFilter, ValidationException, 'INVALID_FILTER_VALUES');
  const page = await client.send(new DescribeProtectConfigurationsCommand({ MaxResults: 1 }));
  const rest = await client.send(new DescribeProtectConfigurationsCommand({ MaxResults: 1, NextToken: page.NextToken }));
  assert.deepEqual(
    [...page.ProtectConfigurations!, ...rest.ProtectConfigurations!].map((p) => p.ProtectConfigurationId).sort(),
    [created.ProtectConfigurationId, other].sort(),
  );
  assert.equal(rest.NextToken, undefined);

  const protectedDelete = await rejectionOf(() =>
    client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: created.ProtectConfigurationId })),
  );
  assertServiceError(protectedDelete, ConflictException, 'DELETION_PROTECTION_ENABLED');
  assert.equal((await describeAll(client)).length, 2, 'a refused delete changes nothing');
  await client.send(new UpdateProtectConfigurationCommand({ ProtectConfigurationId: created.ProtectConfigurationId, DeletionProtectionEnabled: false }));
  const deleted = await client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: created.ProtectConfigurationArn }));
  assert.equal(deleted.ProtectConfigurationId, created.ProtectConfigurationId);
  const gone = await rejectionOf(() => client.send(new UpdateProtectConfigurationCommand({ ProtectConfigurationId: created.ProtectConfigurationId })));
  assertServiceError(gone, ResourceNotFoundException);
  const tagsGone = await rejectionOf(() => client.send(new ListTagsForResourceCommand({ ResourceArn: created.ProtectConfigurationArn })));
  assertServiceError(tagsGone, ResourceNotFoundException);
});

test('quota: PROTECT_CONFIGURATIONS from ACCOUNT_LIMITS, then ServiceQuotaExceededException', async () => {
  const { client } = fresh();
  for (let i = 0; i < 3; i++) await protectConfiguration(client);
  const error = await rejectionOf(() => client.send(new CreateProtectConfigurationCommand({})));
  assertServiceError(error, ServiceQuotaExceededException, 'PROTECT_CONFIGURATIONS_PER_ACCOUNT');
  assert.equal((await describeAll(client)).length, 3);
});

test('account default: DescribeAccountAttributes, the filter, replacing it, refusing its deletion, removing it', async () => {
  const { client } = fresh();
  const attributes = async () => (await client.send(new DescribeAccountAttributesCommand({}))).AccountAttributes;
  assert.deepEqual(await attributes(), [{ Name: 'ACCOUNT_TIER', Value: 'PRODUCTION' }]);
  const none = await rejectionOf(() => client.send(new DeleteAccountDefaultProtectConfigurationCommand({})));
  assertServiceError(none, ResourceNotFoundException);

  const first = await protectConfiguration(client);
  const second = await protectConfiguration(client);
  const set = await client.send(new SetAccountDefaultProtectConfigurationCommand({ ProtectConfigurationId: first }));
  assert.equal(set.DefaultProtectConfigurationId, first);
  assert.match(set.DefaultProtectConfigurationArn!, new RegExp(`:protect-configuration/${first}$`));
  assert.deepEqual(await attributes(), [
    { Name: 'ACCOUNT_TIER', Value: 'PRODUCTION' },
    { Name: 'DEFAULT_PROTECT_CONFIGURATION_ID', Value: first },
  ]);
  const defaults = await describeAll(client, { Filters: [{ Name: 'account-default', Values: ['true'] }] });
  assert.deepEqual(
    defaults.map((p) => [p.ProtectConfigurationId, p.AccountDefault]),
    [[first, true]],
  );
  const refused = await rejectionOf(() => client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: first })));
  assertServiceError(refused, ConflictException, 'PROTECT_CONFIGURATION_IS_ACCOUNT_DEFAULT');

  await client.send(new SetAccountDefaultProtectConfigurationCommand({ ProtectConfigurationId: second }));
  assert.deepEqual(
    (await describeAll(client, { Filters: [{ Name: 'account-default', Values: ['false'] }] })).map((p) => p.ProtectConfigurationId),
    [first],
  );
  const removed = await client.send(new DeleteAccountDefaultProtectConfigurationCommand({}));
  assert.equal(removed.DefaultProtectConfigurationId, second);
  assert.deepEqual(await attributes(), [{ Name: 'ACCOUNT_TIER', Value: 'PRODUCTION' }]);
  await client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: first }));
});

test('associate with configuration sets: shown on the set, replaced, refused deletion, disassociated', async () => {
  const { client } = fresh();
  const first = await protectConfiguration(client);
  const second = await protectConfiguration(client);
  await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'orders' }));
  const associated = await client.send(new AssociateProtectConfigurationCommand({ ConfigurationSetName: 'orders', ProtectConfigurationId: first }));
  assert.equal(associated.ConfigurationSetName, 'orders');
  assert.equal(associated.ProtectConfigurationId, first);
  const sets = async (filter?: string) =>
    (
      await client.send(new DescribeConfigurationSetsCommand(filter ? { Filters: [{ Name: 'protect-configuration-id', Values: [filter] }] } : {}))
    ).ConfigurationSets!.map((s) => [s.ConfigurationSetName, s.ProtectConfigurationId]);
  assert.deepEqual(await sets(first), [['orders', first]]);

  const inUse = await rejectionOf(() => client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: first })));
  assertServiceError(inUse, ConflictException, 'PROTECT_CONFIGURATION_ASSOCIATED_WITH_CONFIGURATION_SET');
  await client.send(new AssociateProtectConfigurationCommand({ ConfigurationSetName: 'orders', ProtectConfigurationId: second }));
  assert.deepEqual(await sets(), [['orders', second]], 'one protect configuration per set: the new one replaces it');

  const notAssociated = await rejectionOf(() =>
    client.send(new DisassociateProtectConfigurationCommand({ ConfigurationSetName: 'orders', ProtectConfigurationId: first })),
  );
  assertServiceError(notAssociated, ConflictException, 'PROTECT_CONFIGURATION_NOT_ASSOCIATED_WITH_CONFIGURATION_SET');
  const unknownSet = await rejectionOf(() =>
    client.send(new AssociateProtectConfigurationCommand({ ConfigurationSetName: 'nope', ProtectConfigurationId: first })),
  );
  assertServiceError(unknownSet, ResourceNotFoundException);
  await client.send(new DisassociateProtectConfigurationCommand({ ConfigurationSetName: 'orders', ProtectConfigurationId: second }));
  assert.deepEqual(await sets(), [['orders', undefined]]);
  await client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: first }));
  await client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: second }));
});

test('country rule sets: every country ALLOW at first, per capability, unknown countries refused', async () => {
  const { client } = fresh();
  const id = await protectConfiguration(client);
  const get = async (NumberCapability: 'SMS' | 'VOICE' | 'MMS') =>
    (await client.send(new GetProtectConfigurationCountryRuleSetCommand({ ProtectConfigurationId: id, NumberCapability }))).CountryRuleSet!;
  const initial = await get('SMS');
  assert.equal(Object.keys(initial).length, 245);
  assert.ok(Object.values(initial).every((r) => r.ProtectStatus === 'ALLOW'));

  const updated = await client.send(
    new UpdateProtectConfigurationCountryRuleSetCommand({
      ProtectConfigurationId: id,
      NumberCapability: 'SMS',
      CountryRuleSetUpdates: { GB: { ProtectStatus: 'BLOCK' }, US: { ProtectStatus: 'MONITOR' }, FR: { ProtectStatus: 'FILTER' } },
    }),
  );
  assert.equal(updated.NumberCapability, 'SMS');
  assert.equal(Object.keys(updated.CountryRuleSet!).length, 245, 'the answer is the whole rule set');
  const sms = await get('SMS');
  assert.deepEqual(
    [sms.GB, sms.US, sms.FR, sms.DE],
    [{ ProtectStatus: 'BLOCK' }, { ProtectStatus: 'MONITOR' }, { ProtectStatus: 'FILTER' }, { ProtectStatus: 'ALLOW' }],
  );
  assert.ok(
    Object.values(await get('VOICE')).every((r) => r.ProtectStatus === 'ALLOW'),
    'other capabilities keep their own rules',
  );

  const bad = await rejectionOf(() =>
    client.send(
      new UpdateProtectConfigurationCountryRuleSetCommand({
        ProtectConfigurationId: id,
        NumberCapability: 'SMS',
        CountryRuleSetUpdates: { GB: { ProtectStatus: 'ALLOW' }, ZZ: { ProtectStatus: 'BLOCK' } },
      }),
    ),
  );
  assertServiceError(bad, ValidationException, 'INVALID_PARAMETER');
  assert.equal((await get('SMS')).GB.ProtectStatus, 'BLOCK', 'a refused update changes nothing');
  await client.send(
    new UpdateProtectConfigurationCountryRuleSetCommand({
      ProtectConfigurationId: id,
      NumberCapability: 'SMS',
      CountryRuleSetUpdates: { GB: { ProtectStatus: 'ALLOW' } },
    }),
  );
  assert.equal((await get('SMS')).GB.ProtectStatus, 'ALLOW');
});

test('number overrides: put, replace, list with filters and pages, delete; past expiry refused; expired ones not listed', async () => {
  const { client } = fresh();
  const id = await protectConfiguration(client);
  const put = (DestinationPhoneNumber: string, Action: 'ALLOW' | 'BLOCK', ExpirationTimestamp?: Date) =>
    client.send(new PutProtectConfigurationRuleSetNumberOverrideCommand({ ProtectConfigurationId: id, DestinationPhoneNumber, Action, ExpirationTimestamp }));
  const list = async (Filters?: { Name: never; Values: string[] }[], MaxResults?: number, NextToken?: string) =>
    client.send(new ListProtectConfigurationRuleSetNumberOverridesCommand({ ProtectConfigurationId: id, Filters, MaxResults, NextToken }));
  const numbers = async (filters?: [string, string[]][]) =>
    ((await list(filters?.map(([Name, Values]) => ({ Name: Name as never, Values })))).RuleSetNumberOverrides ?? []).map((o) => o.DestinationPhoneNumber);

  const later = new Date(Date.now() + 3_600_000);
  const gb = await put(GB_HANDSET, 'BLOCK', later);
  assert.deepEqual([gb.ProtectConfigurationId, gb.DestinationPhoneNumber, gb.Action, gb.IsoCountryCode], [id, GB_HANDSET, 'BLOCK', 'GB']);
  assert.equal(gb.ExpirationTimestamp?.getTime(), later.getTime());
  await put('+14254147755', 'BLOCK');
  const replaced = await put('14254147755', 'ALLOW');
  assert.deepEqual([replaced.DestinationPhoneNumber, replaced.Action, replaced.ExpirationTimestamp], ['+14254147755', 'ALLOW', undefined]);

  assert.deepEqual(await numbers(), ['+14254147755', GB_HANDSET]);
  assert.deepEqual(await numbers([['action', ['BLOCK']]]), [GB_HANDSET]);
  assert.deepEqual(await numbers([['iso-country-code', ['US']]]), ['+14254147755']);
  assert.deepEqual(await numbers([['destination-phone-number-begins-with', ['+44', '+33']]]), [GB_HANDSET]);
  const inTwoHours = String(Math.floor(Date.now() / 1000) + 7200);
  assert.deepEqual(await numbers([['expires-before', [inTwoHours]]]), [GB_HANDSET]);
  assert.deepEqual(await numbers([['expires-after', [inTwoHours]]]), ['+14254147755'], 'an override that never expires expires after any time');
  assert.deepEqual(await numbers([['created-after', ['2020-01-01T00:00:00Z']]]), ['+14254147755', GB_HANDSET]);
  assert.deepEqual(await numbers([['created-before', ['2020-01-01']]]), []);
  const badTime = await rejectionOf(() => list([{ Name: 'expires-before' as never, Values: ['tomorrow'] }]));
  assertServiceError(badTime, ValidationException, 'INVALID_FILTER_VALUES');
  const first = await list(undefined, 1);
  const second = await list(undefined, 1, first.NextToken);
  assert.deepEqual(
    [...first.RuleSetNumberOverrides!, ...second.RuleSetNumberOverrides!].map((o) => o.DestinationPhoneNumber),
    ['+14254147755', GB_HANDSET],
  );
  assert.equal(second.NextToken, undefined);

  const past = await rejectionOf(() => put('+33755512501', 'BLOCK', new Date(Date.now() - 1000)));
  assertServiceError(past, ValidationException, 'INVALID_PARAMETER');
  assert.equal((await numbers()).length, 2, 'a refused put changes nothing');

  const soon = new Date(Date.now() + 800);
  await put('+33755512501', 'BLOCK', soon);
  assert.deepEqual(await numbers(), ['+14254147755', '+33755512501', GB_HANDSET]);
  await new Promise((r) => setTimeout(r, soon.getTime() - Date.now() + 100));
  assert.deepEqual(await numbers(), ['+14254147755', GB_HANDSET], 'an expired override is no longer listed');
  const expired = await rejectionOf(() =>
    client.send(new DeleteProtectConfigurationRuleSetNumberOverrideCommand({ ProtectConfigurationId: id, DestinationPhoneNumber: '+33755512501' })),
  );
  assertServiceError(expired, ResourceNotFoundException);

  const deleted = await client.send(
    new DeleteProtectConfigurationRuleSetNumberOverrideCommand({ ProtectConfigurationId: id, DestinationPhoneNumber: GB_HANDSET }),
  );
  assert.deepEqual([deleted.DestinationPhoneNumber, deleted.Action, deleted.IsoCountryCode], [GB_HANDSET, 'BLOCK', 'GB']);
  assert.deepEqual(await numbers(), ['+14254147755']);
  const unknownConfig = await rejectionOf(() =>
    client.send(new ListProtectConfigurationRuleSetNumberOverridesCommand({ ProtectConfigurationId: 'protect-00000000000000000000000000000000' })),
  );
  assertServiceError(unknownConfig, ResourceNotFoundException);
});
