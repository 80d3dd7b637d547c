// Notify rules a tester found missing: a default template must suit the configuration's channels
// (on create and on update), an INACTIVE one is called inactive, Notify sends follow protect
// configurations like any send, and a country Notify does not serve is named.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateProtectConfigurationCommand,
  ConflictException,
  CreateConfigurationSetCommand,
  CreateNotifyConfigurationCommand,
  CreateProtectConfigurationCommand,
  DeleteAccountDefaultProtectConfigurationCommand,
  SendNotifyTextMessageCommand,
  SendNotifyVoiceMessageCommand,
  SetAccountDefaultProtectConfigurationCommand,
  UpdateNotifyConfigurationCommand,
  UpdateProtectConfigurationCountryRuleSetCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { assertServiceError, clientFor, rejectionOf } from '../support/client.js';
import { eventually, localEvents } from '../support/events.js';

let server: ServerProcess;
let next = 0;
const accountOf = (i: number) => String(230000000000 + i);
const fresh = (): { c: PinpointSMSVoiceV2Client; account: string } => {
  const i = next++;
  return { c: clientFor(server.url, { accessKeyId: `AKIDNR${i}` }), account: accountOf(i) };
};

before(async () => {
  // NOTIFY_CONFIGURATION_REVIEW_MS is left at its default, 0: a configuration is ACTIVE at once.
  server = await startServer({ EVENT_STEP_DELAY_MS: '0', ACCOUNTS: Array.from({ length: 6 }, (_, i) => `AKIDNR${i}=${accountOf(i)}`).join(',') });
});
after(async () => {
  await server.stop();
});

const create = (c: PinpointSMSVoiceV2Client, EnabledChannels: ('SMS' | 'VOICE')[], DefaultTemplateId?: string) =>
  c.send(new CreateNotifyConfigurationCommand({ DisplayName: 'RulesApp', UseCase: 'CODE_VERIFICATION', EnabledChannels, DefaultTemplateId }));

describe('a notify configuration’s default template', () => {
  test('must send on one of its channels, on create and on update', async () => {
    const { c } = fresh();
    assertServiceError(await rejectionOf(() => create(c, ['SMS'], 'notify-otp-voice-en-001')), ValidationException, 'CHANNEL_NOT_ENABLED');
    assertServiceError(await rejectionOf(() => create(c, ['VOICE'], 'notify-otp-sms-en-002')), ValidationException, 'CHANNEL_NOT_ENABLED');
    const both = await create(c, ['SMS', 'VOICE'], 'notify-otp-voice-en-001');
    const id = both.NotifyConfigurationId!;
    // Dropping VOICE would leave a VOICE default on an SMS-only configuration.
    const dropped = await rejectionOf(() => c.send(new UpdateNotifyConfigurationCommand({ NotifyConfigurationId: id, EnabledChannels: ['SMS'] })));
    assertServiceError(dropped, ValidationException, 'CHANNEL_NOT_ENABLED');
    const smsOnly = (await create(c, ['SMS'])).NotifyConfigurationId!;
    const voiceDefault = await rejectionOf(() =>
      c.send(new UpdateNotifyConfigurationCommand({ NotifyConfigurationId: smsOnly, DefaultTemplateId: 'notify-otp-voice-en-001' })),
    );
    assertServiceError(voiceDefault, ValidationException, 'CHANNEL_NOT_ENABLED');
    // Both at once, consistently, is fine.
    const switched = await c.send(
      new UpdateNotifyConfigurationCommand({ NotifyConfigurationId: id, EnabledChannels: ['SMS'], DefaultTemplateId: 'notify-otp-sms-en-002' }),
    );
    assert.deepEqual(switched.EnabledChannels, ['SMS']);
    assert.equal(switched.DefaultTemplateId, 'notify-otp-sms-en-002');
  });

  test('an INACTIVE template is refused as inactive', async () => {
    const { c } = fresh();
    const error = await rejectionOf(() => create(c, ['SMS'], 'notify-otp-sms-en-000'));
    assertServiceError(error, ValidationException, 'INVALID_PARAMETER');
    assert.match(error.message, /INACTIVE/);
    assert.doesNotMatch(error.message, /tier/);
  });
});

describe('notify sends', () => {
  test('to a country Notify does not serve say so', async () => {
    const { c } = fresh();
    const id = (await create(c, ['SMS'], 'notify-otp-sms-en-002')).NotifyConfigurationId!;
    const error = await rejectionOf(() =>
      c.send(new SendNotifyTextMessageCommand({ NotifyConfigurationId: id, DestinationPhoneNumber: '+8613800138000', TemplateVariables: { code: '1' } })),
    );
    assertServiceError(error, ValidationException, 'COUNTRY_NOT_ENABLED');
    assert.match(error.message, /Notify does not serve CN/);
  });
});

describe('notify sends and protect configurations', () => {
  const send = (c: PinpointSMSVoiceV2Client, id: string, extra: { ConfigurationSetName?: string } = {}) =>
    c.send(
      new SendNotifyTextMessageCommand({ NotifyConfigurationId: id, DestinationPhoneNumber: '+14254147755', TemplateVariables: { code: '123456' }, ...extra }),
    );

  test('the account default blocks a country for Notify texts and calls as for other sends', async () => {
    const { c } = fresh();
    const id = (await create(c, ['SMS', 'VOICE'], 'notify-otp-sms-en-002')).NotifyConfigurationId!;
    const { ProtectConfigurationId } = await c.send(new CreateProtectConfigurationCommand({}));
    for (const NumberCapability of ['SMS', 'VOICE'] as const) {
      await c.send(
        new UpdateProtectConfigurationCountryRuleSetCommand({
          ProtectConfigurationId,
          NumberCapability,
          CountryRuleSetUpdates: { US: { ProtectStatus: 'BLOCK' } },
        }),
      );
    }
    await c.send(new SetAccountDefaultProtectConfigurationCommand({ ProtectConfigurationId }));
    const text = await rejectionOf(() => send(c, id));
    assertServiceError(text, ConflictException, 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION');
    const voice = await rejectionOf(() =>
      c.send(
        new SendNotifyVoiceMessageCommand({
          NotifyConfigurationId: id,
          DestinationPhoneNumber: '+14254147755',
          TemplateId: 'notify-otp-voice-en-001',
          TemplateVariables: { code: '123456' },
        }),
      ),
    );
    assertServiceError(voice, ConflictException, 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION');
    await c.send(new DeleteAccountDefaultProtectConfigurationCommand({}));
    assert.ok((await send(c, id)).MessageId);
  });

  test('the configuration set’s protect configuration governs, and the events carry it', async () => {
    const { c, account } = fresh();
    const id = (await create(c, ['SMS'], 'notify-otp-sms-en-002')).NotifyConfigurationId!;
    const { ProtectConfigurationId } = await c.send(new CreateProtectConfigurationCommand({}));
    await c.send(
      new UpdateProtectConfigurationCountryRuleSetCommand({
        ProtectConfigurationId,
        NumberCapability: 'SMS',
        CountryRuleSetUpdates: { US: { ProtectStatus: 'MONITOR' } },
      }),
    );
    await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'notify-protect' }));
    await c.send(new AssociateProtectConfigurationCommand({ ProtectConfigurationId, ConfigurationSetName: 'notify-protect' }));
    const { MessageId } = await send(c, id, { ConfigurationSetName: 'notify-protect' });
    const events = await eventually(async () => {
      const found = await localEvents(server.url, { messageId: MessageId!, account });
      return found.length ? found : undefined;
    });
    for (const e of events) assert.deepEqual(e.record.protectConfiguration, { protectConfigurationId: ProtectConfigurationId, protectStatus: 'MONITOR' });
  });
});
