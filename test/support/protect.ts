// Protect configuration fixtures: a region of its own with a number that can text, call and send
// media anywhere, and a protect configuration with given country rules.
import {
  CreateProtectConfigurationCommand,
  RequestPhoneNumberCommand,
  UpdatePhoneNumberCommand,
  UpdateProtectConfigurationCountryRuleSetCommand,
  type NumberCapability,
  type PinpointSMSVoiceV2Client,
  type ProtectStatus,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { clientFor } from './client.js';

/** GB's simulator success number: delivered, and in a country other than the origination number's. */
export const GB_HANDSET = '+447860019066';

let regions = 0;
/** A client on a region of its own, so each test starts with no protect configuration and no default. */
export function freshRegion(url: string, prefix: string): { client: PinpointSMSVoiceV2Client; region: string } {
  const region = `${prefix}-${++regions}`;
  return { client: clientFor(url, { region }), region };
}

/** A US long code with SMS, VOICE and MMS and international sending on: it can reach GB and the US. */
export async function worldwideNumber(client: PinpointSMSVoiceV2Client): Promise<string> {
  const n = await client.send(
    new RequestPhoneNumberCommand({ IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS', 'VOICE', 'MMS'], NumberType: 'LONG_CODE' }),
  );
  await client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n.PhoneNumberId, InternationalSendingEnabled: true }));
  return n.PhoneNumber!;
}

/** Country rules per capability, e.g. `{ SMS: { GB: 'BLOCK' } }`. */
export type CountryRules = Partial<Record<NumberCapability, Record<string, ProtectStatus>>>;

/** A new protect configuration with these country rules; answers its id. */
export async function protectConfiguration(client: PinpointSMSVoiceV2Client, rules: CountryRules = {}): Promise<string> {
  const { ProtectConfigurationId } = await client.send(new CreateProtectConfigurationCommand({}));
  for (const [capability, countries] of Object.entries(rules)) {
    await client.send(
      new UpdateProtectConfigurationCountryRuleSetCommand({
        ProtectConfigurationId,
        NumberCapability: capability as NumberCapability,
        CountryRuleSetUpdates: Object.fromEntries(Object.entries(countries).map(([country, status]) => [country, { ProtectStatus: status }])),
      }),
    );
  }
  return ProtectConfigurationId!;
}
