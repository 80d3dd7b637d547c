// RCS agents end to end: an agent from creation through its testing agent and a country launch
// (driven by registrations), as an origination identity (keywords, pools, opt-out lists, a text
// sent through it), and its deletion rules.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateVerifiedDestinationNumberCommand,
  DescribeVerifiedDestinationNumbersCommand,
  CreatePoolCommand,
  CreateRcsAgentCommand,
  CreateRegistrationAssociationCommand,
  CreateRegistrationAttachmentCommand,
  CreateRegistrationCommand,
  DeletePoolCommand,
  DeleteRcsAgentCommand,
  DeleteRegistrationCommand,
  DescribeKeywordsCommand,
  DescribeRcsAgentCountryLaunchStatusCommand,
  DescribeRcsAgentsCommand,
  ListPoolOriginationIdentitiesCommand,
  PutKeywordCommand,
  PutOptedOutNumberCommand,
  PutRegistrationFieldValueCommand,
  CreateOptOutListCommand,
  ResourceNotFoundException,
  SendTextMessageCommand,
  SubmitRegistrationVersionCommand,
  UpdateRcsAgentCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';
import { fill, waitForStatus } from '../support/registrations.js';
import { protectConfiguration } from '../support/protect.js';
import { conversation } from '../support/handset.js';

let server: ServerProcess;
let next = 0;
const fresh = (): PinpointSMSVoiceV2Client => clientFor(server.url, { accessKeyId: `AKIDRCS${next++}` });

before(async () => {
  server = await startServer({ REGISTRATION_REVIEW_MS: '400', ACCOUNTS: Array.from({ length: 5 }, (_, i) => `AKIDRCS${i}=${210000000000 + i}`).join(',') });
});
after(async () => {
  await server.stop();
});

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const expectError = async (fn: () => Promise<unknown>, type: new (...args: never[]) => Error, Reason?: string) => {
  const error = await rejectionOf(fn);
  assert.ok(error instanceof type, `${error.name}: ${error.message}`);
  if (Reason !== undefined) assert.equal(error.Reason, Reason);
  assert.equal(error.$metadata.httpStatusCode, 400);
};
const agentOf = async (c: PinpointSMSVoiceV2Client, id: string) => (await c.send(new DescribeRcsAgentsCommand({ RcsAgentIds: [id] }))).RcsAgents![0];

/** A TEST_RCS_LAUNCH_REGISTRATION with every required field, associated with the agent. */
async function testingRegistration(c: PinpointSMSVoiceV2Client, agentId: string): Promise<string> {
  const { RegistrationId } = await c.send(new CreateRegistrationCommand({ RegistrationType: 'TEST_RCS_LAUNCH_REGISTRATION' }));
  await c.send(new CreateRegistrationAssociationCommand({ RegistrationId, ResourceId: agentId }));
  const image = async () => (await c.send(new CreateRegistrationAttachmentCommand({ AttachmentBody: PNG }))).RegistrationAttachmentId!;
  await fill(c, RegistrationId!, {
    'agentDetails.brandName': 'Example',
    'agentDetails.serviceName': 'Example sign-in',
    'agentDetails.senderDisplayName': 'Example',
    'agentDetails.agentDescription': 'Sign-in codes from Example',
    'agentDetails.accentColor': '#1A4D8F',
    'agentDetails.privacyPolicyUrl': 'https://example.com/privacy',
    'agentDetails.termsAndConditionsUrl': 'https://example.com/terms',
    'agentDetails.monthlyRcsVolume': '1000',
    'agentDetails.useCase': ['OTP'],
    'agentDetails.billingCategory': ['NON_CONVERSATIONAL'],
    'agentDetails.averageMonthlyRcsFrequency': ['100'],
  });
  for (const FieldPath of ['agentDetails.logoImage', 'agentDetails.bannerImage']) {
    await c.send(new PutRegistrationFieldValueCommand({ RegistrationId, FieldPath, RegistrationAttachmentId: await image() }));
  }
  return RegistrationId!;
}

describe('RCS agent lifecycle', () => {
  test('created, tested, launched in the US carrier by carrier, then deleted once its registrations are gone', async () => {
    const c = fresh();
    const created = await c.send(new CreateRcsAgentCommand({ Tags: [{ Key: 'team', Value: 'auth' }] }));
    const id = created.RcsAgentId!;
    assert.match(id, /^rcs-[0-9a-f]{32}$/);
    assert.equal(created.Status, 'CREATED');
    assert.equal(created.OptOutListName, 'Default');
    assert.equal(created.TwoWayEnabled, false);
    assert.equal(created.SelfManagedOptOutsEnabled, false);
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'auth' }]);
    assert.match(created.RcsAgentArn!, new RegExp(`^arn:aws:sms-voice:us-east-1:\\d{12}:rcs-agent/${id}$`));

    // An agent without an active testing agent or launch cannot send.
    const send = (DestinationPhoneNumber = '+14254147755', OriginationIdentity = id) =>
      c.send(new SendTextMessageCommand({ OriginationIdentity, DestinationPhoneNumber, MessageBody: 'Your code is 123456' }));
    await expectError(() => send(), ConflictException, 'RESOURCE_NOT_ACTIVE');

    const testing = await testingRegistration(c, id);
    assert.deepEqual((await agentOf(c, id)).TestingAgent, { RegistrationId: testing, Status: 'CREATED' });
    await expectError(() => c.send(new DeleteRcsAgentCommand({ RcsAgentId: id })), ConflictException, 'RESOURCE_NOT_EMPTY');
    // One testing registration per agent.
    const second = (await c.send(new CreateRegistrationCommand({ RegistrationType: 'TEST_RCS_LAUNCH_REGISTRATION' }))).RegistrationId!;
    await expectError(
      () => c.send(new CreateRegistrationAssociationCommand({ RegistrationId: second, ResourceId: id })),
      ConflictException,
      'RCS_AGENT_ALREADY_ASSOCIATED_TO_REGISTRATION_TYPE',
    );
    await c.send(new DeleteRegistrationCommand({ RegistrationId: second }));

    await c.send(new SubmitRegistrationVersionCommand({ RegistrationId: testing }));
    const pending = await agentOf(c, id);
    assert.equal(pending.Status, 'PENDING');
    assert.equal(pending.TestingAgent!.Status, 'PENDING');
    await waitForStatus(c, testing, 'COMPLETE');
    const tested = await agentOf(c, id);
    assert.equal(tested.Status, 'TESTING');
    assert.equal(tested.TestingAgent!.Status, 'ACTIVE');

    // In testing the agent sends texts; the handset receives them from the agent.
    const { MessageId } = await send();
    const received = (await conversation(server.url, '+14254147755', { account: '210000000000' })).find((m) => m.messageId === MessageId);
    assert.equal(received?.originationNumber, id);
    assert.equal(received?.messageBody, 'Your code is 123456');
    // Through its ARN too.
    await send('+14254147755', created.RcsAgentArn);

    // A US launch: PENDING under review, then PARTIAL (the first carrier), then ACTIVE.
    const { RegistrationId: launch } = await c.send(new CreateRegistrationCommand({ RegistrationType: 'US_RCS_LAUNCH_REGISTRATION' }));
    await c.send(new CreateRegistrationAssociationCommand({ RegistrationId: launch, ResourceId: created.RcsAgentArn }));
    await fill(c, launch!, {
      'launchDetails.useCaseDescription': 'Sign-in codes for Example users',
      'launchDetails.optInDescription': 'Users ask for a code on the sign-in page',
      'launchDetails.messageSample1': 'Your Example code is 123456',
    });
    const launchStatus = async () => (await c.send(new DescribeRcsAgentCountryLaunchStatusCommand({ RcsAgentId: id }))).CountryLaunchStatus!;
    assert.deepEqual(await launchStatus(), [
      {
        IsoCountryCode: 'US',
        RegistrationId: launch,
        Status: 'CREATED',
        CarrierStatus: ['AT&T', 'T-Mobile', 'Verizon'].map((CarrierName) => ({ CarrierName, Status: 'PENDING' })),
      },
    ]);
    await c.send(new SubmitRegistrationVersionCommand({ RegistrationId: launch }));
    assert.equal((await launchStatus())[0].Status, 'PENDING');
    await waitForStatus(c, launch!, 'COMPLETE');
    const partial = (await launchStatus())[0];
    if (partial.Status === 'PARTIAL') {
      assert.deepEqual(
        partial.CarrierStatus!.map((s) => s.Status),
        ['ACTIVE', 'PENDING', 'PENDING'],
      );
      assert.equal((await agentOf(c, id)).Status, 'PARTIAL');
    }
    for (let i = 0; (await launchStatus())[0].Status !== 'ACTIVE'; i++) {
      assert.ok(i < 200, 'the launch never became ACTIVE');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal((await agentOf(c, id)).Status, 'ACTIVE');
    const filtered = await c.send(
      new DescribeRcsAgentCountryLaunchStatusCommand({ RcsAgentId: id, Filters: [{ Name: 'country-launch-status', Values: ['REJECTED'] }] }),
    );
    assert.deepEqual(filtered.CountryLaunchStatus, []);
    const byStatus = await c.send(new DescribeRcsAgentsCommand({ Filters: [{ Name: 'status', Values: ['ACTIVE'] }] }));
    assert.deepEqual(
      byStatus.RcsAgents!.map((a) => a.RcsAgentId),
      [id],
    );

    // Deleting the registrations empties the agent; deletion protection still guards it.
    await c.send(new UpdateRcsAgentCommand({ RcsAgentId: id, DeletionProtectionEnabled: true }));
    await c.send(new DeleteRegistrationCommand({ RegistrationId: testing }));
    await c.send(new DeleteRegistrationCommand({ RegistrationId: launch }));
    const emptied = await agentOf(c, id);
    assert.equal(emptied.Status, 'CREATED');
    assert.equal(emptied.TestingAgent, undefined);
    await expectError(() => c.send(new DeleteRcsAgentCommand({ RcsAgentId: id })), ConflictException, 'DELETION_PROTECTION_ENABLED');
    await c.send(new UpdateRcsAgentCommand({ RcsAgentId: id, DeletionProtectionEnabled: false }));
    const deleted = await c.send(new DeleteRcsAgentCommand({ RcsAgentId: id }));
    assert.equal(deleted.Status, 'DELETED');
    await expectError(() => agentOf(c, id), ResourceNotFoundException);
    await expectError(() => c.send(new DeleteRcsAgentCommand({ RcsAgentId: id })), ResourceNotFoundException);
  });
});

describe('an RCS agent as an origination identity', () => {
  test('keywords, opt-out list, pools, and sends limited to its launched countries', async () => {
    const c = fresh();
    await c.send(new CreateOptOutListCommand({ OptOutListName: 'rcs-list' }));
    const { RcsAgentId: id } = await c.send(new CreateRcsAgentCommand({ OptOutListName: 'rcs-list' }));
    await expectError(() => c.send(new CreateRcsAgentCommand({ OptOutListName: 'missing' })), ResourceNotFoundException);

    const keyword = await c.send(new PutKeywordCommand({ OriginationIdentity: id, Keyword: 'HOURS', KeywordMessage: 'Open 9-5' }));
    assert.equal(keyword.OriginationIdentity, id);
    const keywords = (await c.send(new DescribeKeywordsCommand({ OriginationIdentity: id }))).Keywords!.map((k) => k.Keyword);
    assert.deepEqual(keywords.sort(), ['HELP', 'HOURS', 'STOP']);

    // A pool seeded with the agent (no IsoCountryCode needed) copies its settings.
    const pool = await c.send(new CreatePoolCommand({ OriginationIdentity: id, MessageType: 'TRANSACTIONAL' }));
    assert.equal(pool.OptOutListName, 'rcs-list');
    const members = (await c.send(new ListPoolOriginationIdentitiesCommand({ PoolId: pool.PoolId }))).OriginationIdentities!;
    assert.deepEqual(
      members.map((m) => [m.OriginationIdentity, m.NumberCapabilities]),
      [[id, ['SMS']]],
    );
    assert.equal((await agentOf(c, id!)).PoolId, pool.PoolId);
    await expectError(
      () => c.send(new CreatePoolCommand({ OriginationIdentity: id, MessageType: 'TRANSACTIONAL' })),
      ConflictException,
      'RCS_AGENT_ASSOCIATED_TO_POOL',
    );
    await expectError(() => c.send(new DeleteRcsAgentCommand({ RcsAgentId: id })), ConflictException, 'RCS_AGENT_ASSOCIATED_TO_POOL');

    // Launched in GB only (no testing agent): GB destinations through the pool, not US ones.
    const { RegistrationId: launch } = await c.send(new CreateRegistrationCommand({ RegistrationType: 'GB_RCS_LAUNCH_REGISTRATION' }));
    await c.send(new CreateRegistrationAssociationCommand({ RegistrationId: launch, ResourceId: id }));
    await fill(c, launch!, {
      'launchDetails.useCaseDescription': 'Codes',
      'launchDetails.optInDescription': 'Sign-in page',
      'launchDetails.messageSample1': 'Code 123456',
    });
    await c.send(new SubmitRegistrationVersionCommand({ RegistrationId: launch }));
    await waitForStatus(c, launch!, 'COMPLETE');
    const viaPool = (DestinationPhoneNumber: string) =>
      c.send(new SendTextMessageCommand({ OriginationIdentity: pool.PoolId, DestinationPhoneNumber, MessageBody: 'Code 123456' }));
    assert.ok((await viaPool('+447860019066')).MessageId);
    // Protect configurations apply their RCS rules to the agent's sends, not their SMS rules.
    const rcsRules = await protectConfiguration(c, { RCS: { GB: 'BLOCK' } });
    const smsRules = await protectConfiguration(c, { SMS: { GB: 'BLOCK' } });
    const viaAgent = (ProtectConfigurationId: string) =>
      c.send(new SendTextMessageCommand({ OriginationIdentity: id, DestinationPhoneNumber: '+447860019066', MessageBody: 'Code 1', ProtectConfigurationId }));
    await expectError(() => viaAgent(rcsRules), ConflictException, 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION');
    assert.ok((await viaAgent(smsRules)).MessageId);
    await expectError(() => viaPool('+14254147755'), ConflictException, 'NO_ORIGINATION_IDENTITIES_FOUND');
    await expectError(
      () => c.send(new SendTextMessageCommand({ OriginationIdentity: id, DestinationPhoneNumber: '+14254147755', MessageBody: 'x' })),
      ValidationException,
      'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
    );

    // The agent's (pool's) opt-out list governs its sends.
    await c.send(new PutOptedOutNumberCommand({ OptOutListName: 'rcs-list', OptedOutNumber: '+447860019066' }));
    await expectError(() => viaPool('+447860019066'), ConflictException, 'DESTINATION_PHONE_NUMBER_OPTED_OUT');

    // While pooled, its settings stay the pool's, as for a pooled phone number.
    for (const change of [
      { OptOutListName: 'Default' },
      { SelfManagedOptOutsEnabled: true },
      { TwoWayEnabled: true, TwoWayChannelArn: 'arn:aws:sns:us-east-1:123456789012:inbound' },
    ]) {
      await expectError(() => c.send(new UpdateRcsAgentCommand({ RcsAgentId: id, ...change })), ConflictException, 'RCS_AGENT_ASSOCIATED_TO_POOL');
    }
    assert.equal((await agentOf(c, id!)).OptOutListName, 'rcs-list');
    await c.send(new DeletePoolCommand({ PoolId: pool.PoolId }));
    assert.equal((await agentOf(c, id!)).PoolId, undefined);
    const updated = await c.send(
      new UpdateRcsAgentCommand({ RcsAgentId: id, TwoWayEnabled: true, TwoWayChannelArn: 'arn:aws:sns:us-east-1:123456789012:inbound' }),
    );
    assert.equal(updated.TwoWayEnabled, true);
    assert.equal(updated.TwoWayChannelArn, 'arn:aws:sns:us-east-1:123456789012:inbound');
    assert.deepEqual(
      (await c.send(new DescribeRcsAgentsCommand({ Filters: [{ Name: 'two-way-enabled', Values: ['true'] }] }))).RcsAgents!.map((a) => a.RcsAgentId),
      [id],
    );
    await expectError(
      () => c.send(new DescribeRcsAgentsCommand({ Filters: [{ Name: 'status', Values: ['BOGUS'] }] })),
      ValidationException,
      'INVALID_FILTER_VALUES',
    );
  });
});

test('an RCS tester device: a verified destination number of an agent, found by the rcs-agent-id filter', async () => {
  const c = fresh();
  const { RcsAgentId } = await c.send(new CreateRcsAgentCommand({}));
  const created = await c.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: '+14155550142', RcsAgentId }));
  assert.equal(created.RcsAgentId, RcsAgentId);
  await c.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: '+14155550143' }));
  const byAgent = await c.send(new DescribeVerifiedDestinationNumbersCommand({ Filters: [{ Name: 'rcs-agent-id', Values: [RcsAgentId!] }] }));
  assert.deepEqual(
    byAgent.VerifiedDestinationNumbers!.map((v) => [v.DestinationPhoneNumber, v.RcsAgentId]),
    [['+14155550142', RcsAgentId]],
  );
  await expectError(
    () => c.send(new CreateVerifiedDestinationNumberCommand({ DestinationPhoneNumber: '+14155550144', RcsAgentId: 'rcs-00000000000000000000000000000000' })),
    ResourceNotFoundException,
  );
  const all = await c.send(new DescribeVerifiedDestinationNumbersCommand({}));
  assert.equal(all.VerifiedDestinationNumbers!.length, 2, 'a refused create records nothing');
});
