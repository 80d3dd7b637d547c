// Notify end to end: configurations (PENDING then ACTIVE, REJECTED for a bad display name), the
// template and country catalogue, sends with template variables to the handset view and through a
// configuration set's events, and the Basic tier's daily caps.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateConfigurationSetCommand,
  CreateNotifyConfigurationCommand,
  CreatePoolCommand,
  DeleteNotifyConfigurationCommand,
  DeletePoolCommand,
  DescribeNotifyConfigurationsCommand,
  DescribeNotifyTemplatesCommand,
  ListNotifyCountriesCommand,
  RequestPhoneNumberCommand,
  ResourceNotFoundException,
  SendNotifyTextMessageCommand,
  SendNotifyVoiceMessageCommand,
  ServiceQuotaExceededException,
  UpdateNotifyConfigurationCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';
import { conversation } from '../support/handset.js';
import { eventually, localEvents } from '../support/events.js';

let server: ServerProcess;
let next = 0;
const accountOf = (i: number) => String(220000000000 + i);
const fresh = (): { c: PinpointSMSVoiceV2Client; account: string } => {
  const i = next++;
  return { c: clientFor(server.url, { accessKeyId: `AKIDNTF${i}` }), account: accountOf(i) };
};

before(async () => {
  server = await startServer({
    NOTIFY_CONFIGURATION_REVIEW_MS: '300',
    EVENT_STEP_DELAY_MS: '0',
    ACCOUNTS: Array.from({ length: 6 }, (_, i) => `AKIDNTF${i}=${accountOf(i)}`).join(','),
  });
});
after(async () => {
  await server.stop();
});

const expectError = async (fn: () => Promise<unknown>, type: new (...args: never[]) => Error, Reason?: string) => {
  const error = await rejectionOf(fn);
  assert.ok(error instanceof type, `${error.name}: ${error.message}`);
  if (Reason !== undefined) assert.equal(error.Reason, Reason);
  assert.equal(error.$metadata.httpStatusCode, 400);
  return error;
};
const statusOf = async (c: PinpointSMSVoiceV2Client, id: string) =>
  (await c.send(new DescribeNotifyConfigurationsCommand({ NotifyConfigurationIds: [id] }))).NotifyConfigurations![0];
async function activeConfiguration(
  c: PinpointSMSVoiceV2Client,
  extra: Partial<{ DefaultTemplateId: string; PoolId: string; EnabledCountries: string[] }> = {},
) {
  const { NotifyConfigurationId } = await c.send(
    new CreateNotifyConfigurationCommand({ DisplayName: 'ExampleApp', UseCase: 'CODE_VERIFICATION', EnabledChannels: ['SMS', 'VOICE'], ...extra }),
  );
  for (let i = 0; (await statusOf(c, NotifyConfigurationId!)).Status !== 'ACTIVE'; i++) {
    assert.ok(i < 100, 'the configuration never became ACTIVE');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return NotifyConfigurationId!;
}

describe('notify configurations', () => {
  test('PENDING at creation, then ACTIVE; a display name with a URL is REJECTED; update, delete', async () => {
    const { c } = fresh();
    const created = await c.send(
      new CreateNotifyConfigurationCommand({
        DisplayName: 'ExampleApp',
        UseCase: 'CODE_VERIFICATION',
        EnabledChannels: ['SMS'],
        Tags: [{ Key: 'k', Value: 'v' }],
      }),
    );
    assert.equal(created.Status, 'PENDING');
    assert.equal(created.Tier, 'BASIC');
    assert.equal(created.TierUpgradeStatus, 'BASIC');
    assert.deepEqual(created.Tags, [{ Key: 'k', Value: 'v' }]);
    assert.match(created.NotifyConfigurationArn!, /:notify-configuration\/notify-[0-9a-f]{32}$/);
    const id = created.NotifyConfigurationId!;
    await expectError(
      () =>
        c.send(new SendNotifyTextMessageCommand({ NotifyConfigurationId: id, DestinationPhoneNumber: '+14254147755', TemplateVariables: { code: '123456' } })),
      ConflictException,
      'NOTIFY_CONFIGURATION_NOT_ACTIVE',
    );
    const rejected = await c.send(new CreateNotifyConfigurationCommand({ DisplayName: 'www example', UseCase: 'CODE_VERIFICATION', EnabledChannels: ['SMS'] }));
    await new Promise((resolve) => setTimeout(resolve, 350));
    assert.equal((await statusOf(c, id)).Status, 'ACTIVE');
    const bad = await statusOf(c, rejected.NotifyConfigurationId!);
    assert.equal(bad.Status, 'REJECTED');
    assert.match(bad.RejectionReason!, /URL/);
    const byStatus = await c.send(new DescribeNotifyConfigurationsCommand({ Filters: [{ Name: 'status', Values: ['REJECTED'] }] }));
    assert.deepEqual(
      byStatus.NotifyConfigurations!.map((n) => n.NotifyConfigurationId),
      [rejected.NotifyConfigurationId],
    );

    await expectError(
      () => c.send(new CreateNotifyConfigurationCommand({ DisplayName: 'X', UseCase: 'CODE_VERIFICATION', EnabledChannels: ['MMS'] })),
      ValidationException,
      'INVALID_PARAMETER',
    );
    await expectError(
      () =>
        c.send(new CreateNotifyConfigurationCommand({ DisplayName: 'X', UseCase: 'CODE_VERIFICATION', EnabledChannels: ['SMS'], DefaultTemplateId: 'nope' })),
      ResourceNotFoundException,
    );
    const updated = await c.send(
      new UpdateNotifyConfigurationCommand({
        NotifyConfigurationId: id,
        DefaultTemplateId: 'notify-otp-sms-en-002',
        EnabledCountries: ['US', 'GB'],
        DeletionProtectionEnabled: true,
      }),
    );
    assert.equal(updated.DefaultTemplateId, 'notify-otp-sms-en-002');
    assert.deepEqual(updated.EnabledCountries, ['US', 'GB']);
    await expectError(
      () => c.send(new UpdateNotifyConfigurationCommand({ NotifyConfigurationId: id, EnabledCountries: ['IN'] })),
      ValidationException,
      'COUNTRY_NOT_ENABLED',
    );
    const cleared = await c.send(new UpdateNotifyConfigurationCommand({ NotifyConfigurationId: id, DefaultTemplateId: 'UNSET_DEFAULT_TEMPLATE' }));
    assert.equal(cleared.DefaultTemplateId, undefined);
    await expectError(() => c.send(new DeleteNotifyConfigurationCommand({ NotifyConfigurationId: id })), ConflictException, 'DELETION_PROTECTION_ENABLED');
    await c.send(new UpdateNotifyConfigurationCommand({ NotifyConfigurationId: id, DeletionProtectionEnabled: false }));
    await c.send(new DeleteNotifyConfigurationCommand({ NotifyConfigurationId: id }));
    await expectError(() => statusOf(c, id), ResourceNotFoundException);
  });

  test('templates and countries come from the catalogue', async () => {
    const { c } = fresh();
    const voice = await c.send(new DescribeNotifyTemplatesCommand({ Filters: [{ Name: 'channels', Values: ['VOICE'] }] }));
    assert.deepEqual(
      voice.NotifyTemplates!.map((t) => t.TemplateId),
      ['notify-otp-voice-en-001'],
    );
    const [one] = (await c.send(new DescribeNotifyTemplatesCommand({ TemplateIds: ['notify-otp-sms-en-001'] }))).NotifyTemplates!;
    assert.equal(one.TemplateType, 'OTP_VERIFICATION');
    assert.equal(one.Variables!.code.Source, 'CUSTOMER');
    assert.equal(one.Variables!.appName.Source, 'SYSTEM');
    await expectError(() => c.send(new DescribeNotifyTemplatesCommand({ TemplateIds: ['nope'] })), ResourceNotFoundException);
    const basic = await c.send(new ListNotifyCountriesCommand({ Tier: 'BASIC', Channels: ['VOICE'] }));
    assert.ok(basic.NotifyCountries!.some((n) => n.IsoCountryCode === 'US'));
    assert.ok(basic.NotifyCountries!.every((n) => n.SupportedChannels!.includes('VOICE') && n.SupportedTiers!.includes('BASIC')));
    const page = await c.send(new ListNotifyCountriesCommand({ MaxResults: 2 }));
    assert.equal(page.NotifyCountries!.length, 2);
    assert.ok(page.NextToken);
  });
});

describe('notify sends', () => {
  test('the template filled in, delivered to the handset, events through the configuration set; variables checked', async () => {
    const { c, account } = fresh();
    await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'otp' }));
    const id = await activeConfiguration(c, { DefaultTemplateId: 'notify-otp-sms-en-001' });
    const sent = await c.send(
      new SendNotifyTextMessageCommand({
        NotifyConfigurationId: id,
        DestinationPhoneNumber: '+14254147755',
        TemplateVariables: { code: '482913' },
        ConfigurationSetName: 'otp',
      }),
    );
    assert.equal(sent.TemplateId, 'notify-otp-sms-en-001');
    assert.equal(sent.ResolvedMessageBody, 'ExampleApp: your verification code is 482913. It expires in 10 minutes.');
    const handset = (await conversation(server.url, '+14254147755', { account })).find((m) => m.messageId === sent.MessageId);
    assert.equal(handset?.messageBody, sent.ResolvedMessageBody);
    assert.equal(handset?.originationNumber, '+18005550199');
    const events = await eventually(async () => {
      const all = await localEvents(server.url, { account, messageId: sent.MessageId! });
      return all.length === 3 && all.every((e) => e.status === 'routed') ? all : undefined;
    });
    assert.ok(events.every((e) => e.record.originationPhoneNumber === '+18005550199' && e.record.messageType === 'TRANSACTIONAL'));
    assert.deepEqual(events.map((e) => e.eventType).sort(), ['TEXT_DELIVERED', 'TEXT_QUEUED', 'TEXT_SUCCESSFUL']);

    const voice = await c.send(
      new SendNotifyVoiceMessageCommand({
        NotifyConfigurationId: id,
        DestinationPhoneNumber: '+14254147755',
        TemplateId: 'notify-otp-voice-en-001',
        TemplateVariables: { code: '7788' },
      }),
    );
    assert.equal(voice.ResolvedMessageBody, 'Your ExampleApp verification code is 7788. Again, your code is 7788.');

    const send = (TemplateVariables: Record<string, string>, extra: Record<string, string> = {}) =>
      c.send(new SendNotifyTextMessageCommand({ NotifyConfigurationId: id, DestinationPhoneNumber: '+14254147755', TemplateVariables, ...extra }));
    const missing = await expectError(() => send({}), ValidationException, 'MISSING_PARAMETER');
    assert.deepEqual(
      missing.Fields.map((f: { Name: string }) => f.Name),
      ['TemplateVariables[code]'],
    );
    await expectError(() => send({ code: '12' }), ValidationException, 'INVALID_PARAMETER');
    await expectError(() => send({ code: '123456', expiryMinutes: 'soon' }), ValidationException, 'INVALID_PARAMETER');
    await expectError(() => send({ code: '123456', appName: 'Other' }), ValidationException, 'INVALID_PARAMETER');
    await expectError(() => send({ code: '123456', colour: 'red' }), ValidationException, 'INVALID_PARAMETER');
    await expectError(() => send({ code: '123456' }, { TemplateId: 'notify-otp-voice-en-001' }), ValidationException, 'INVALID_PARAMETER');
    await expectError(
      () =>
        c.send(new SendNotifyTextMessageCommand({ NotifyConfigurationId: id, DestinationPhoneNumber: '+919876543210', TemplateVariables: { code: '123456' } })),
      ValidationException,
      'COUNTRY_NOT_ENABLED',
    );
    const dry = await c.send(
      new SendNotifyTextMessageCommand({
        NotifyConfigurationId: id,
        DestinationPhoneNumber: '+14254147755',
        TemplateVariables: { code: '123456', expiryMinutes: '5' },
        DryRun: true,
      }),
    );
    assert.match(dry.ResolvedMessageBody!, /expires in 5 minutes/);
  });

  test('BASIC caps: 10 messages a day per destination, 200 a day per configuration', async () => {
    const { c } = fresh();
    const id = await activeConfiguration(c, { DefaultTemplateId: 'notify-otp-sms-en-002' });
    const send = (DestinationPhoneNumber: string) =>
      c.send(new SendNotifyTextMessageCommand({ NotifyConfigurationId: id, DestinationPhoneNumber, TemplateVariables: { code: '123456' } }));
    for (let i = 0; i < 10; i++) await send('+14254147755');
    await expectError(() => send('+14254147755'), ServiceQuotaExceededException, 'DAILY_DESTINATION_CALL_LIMIT');
    // Per account too: another configuration of the account cannot send an 11th to that number.
    const other = await activeConfiguration(c, { DefaultTemplateId: 'notify-otp-sms-en-002' });
    await expectError(
      () =>
        c.send(new SendNotifyTextMessageCommand({ NotifyConfigurationId: other, DestinationPhoneNumber: '+14254147755', TemplateVariables: { code: '1234' } })),
      ServiceQuotaExceededException,
      'DAILY_DESTINATION_CALL_LIMIT',
    );
    // 190 more to 19 other destinations take the configuration to 200.
    for (let d = 0; d < 19; d++) {
      const destination = `+1206555${String(1000 + d)}`;
      for (let i = 0; i < 10; i++) await send(destination);
    }
    await expectError(() => send('+12065559999'), ServiceQuotaExceededException, 'DAILY_NOTIFY_TIER_MESSAGE_LIMIT');
  });

  test('a configuration with a pool sends from its numbers; the pool cannot be deleted while used', async () => {
    const { c, account } = fresh();
    const number = await c.send(
      new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR' }),
    );
    const pool = await c.send(new CreatePoolCommand({ OriginationIdentity: number.PhoneNumberId, MessageType: 'TRANSACTIONAL' }));
    const id = await activeConfiguration(c, { DefaultTemplateId: 'notify-otp-sms-en-002', PoolId: pool.PoolId! });
    const sent = await c.send(
      new SendNotifyTextMessageCommand({ NotifyConfigurationId: id, DestinationPhoneNumber: '+14254147755', TemplateVariables: { code: '9876' } }),
    );
    const handset = (await conversation(server.url, '+14254147755', { account })).find((m) => m.messageId === sent.MessageId);
    assert.equal(handset?.originationNumber, number.PhoneNumber);
    await expectError(() => c.send(new DeletePoolCommand({ PoolId: pool.PoolId })), ConflictException, 'POOL_ASSOCIATED_TO_NOTIFY_CONFIGURATION');
    await c.send(new UpdateNotifyConfigurationCommand({ NotifyConfigurationId: id, PoolId: 'UNSET_DEFAULT_POOL_FOR_NOTIFY' }));
    await c.send(new DeletePoolCommand({ PoolId: pool.PoolId }));
  });
});
