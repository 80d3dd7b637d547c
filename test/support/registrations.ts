// Field values that satisfy the catalogue's required fields, and helpers the registration tests share.
import {
  DescribeRegistrationsCommand,
  PutRegistrationFieldValueCommand,
  type PinpointSMSVoiceV2Client,
  type RegistrationStatus,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';

type Value = string | string[];

const address = { city: 'Seattle', state: 'WA', zipCode: '98101', isoCountryCode: 'US' };

/** Every REQUIRED field of each type, with a valid value (a string is a TextValue, a list SelectChoices). */
export const REQUIRED_VALUES: Record<string, Record<string, Value>> = {
  US_TEN_DLC_BRAND_REGISTRATION: {
    'companyInfo.companyName': 'Example Corp',
    'companyInfo.legalType': ['PRIVATE_PROFIT'],
    'companyInfo.taxId': '12-3456789',
    'companyInfo.taxIdIssuingCountry': 'US',
    'companyInfo.address': '1 Main St',
    ...Object.fromEntries(Object.entries(address).map(([k, v]) => [`companyInfo.${k}`, v])),
    'contactInfo.vertical': 'TECHNOLOGY',
    'contactInfo.website': 'https://example.com',
    'contactInfo.supportEmail': 'help@example.com',
    'contactInfo.supportPhoneNumber': '+12065550100',
  },
  US_TEN_DLC_CAMPAIGN_REGISTRATION: {
    'campaignInfo.campaignName': 'Sign-in codes',
    'campaignInfo.vertical': 'TECHNOLOGY',
    'campaignInfo.optInWorkflow': 'Users enter their number on the sign-in page and tick a box to receive codes.',
    'campaignInfo.optInMessage': 'You will receive sign-in codes from Example. Reply STOP to stop.',
    'campaignInfo.helpMessage': 'Example: help at example.com. Reply STOP to stop.',
    'campaignInfo.stopMessage': 'You will no longer receive messages from Example.',
    'campaignUseCase.useCase': ['TWO_FACTOR_AUTHENTICATION'],
    'campaignUseCase.ageGated': ['NO'],
    'campaignUseCase.directLending': ['NO'],
    'campaignUseCase.embeddedLink': ['NO'],
    'campaignUseCase.embeddedPhone': ['NO'],
    'campaignUseCase.subscriberOptIn': ['YES'],
    'campaignUseCase.subscriberOptOut': ['YES'],
    'campaignUseCase.subscriberHelp': ['YES'],
    'campaignCapabilities.messageType': ['TRANSACTIONAL'],
    'campaignCapabilities.numberCapabilities': ['SMS'],
    'messageSamples.messageSample1': 'Your Example sign-in code is 123456.',
  },
  US_TOLL_FREE_REGISTRATION: {
    'companyInfo.companyName': 'Example Corp',
    'companyInfo.website': 'https://example.com',
    'companyInfo.address1': '1 Main St',
    ...Object.fromEntries(Object.entries(address).map(([k, v]) => [`companyInfo.${k}`, v])),
    'contactInfo.firstName': 'Ada',
    'contactInfo.lastName': 'Lovelace',
    'contactInfo.supportEmail': 'help@example.com',
    'contactInfo.supportPhoneNumber': '+12065550100',
    'messagingUseCase.monthlyMessageVolume': ['1,000'],
    'messagingUseCase.useCaseCategory': ['ONE_TIME_PASSCODES'],
    'messagingUseCase.useCaseDetails': 'Sign-in codes',
    'messagingUseCase.optInDescription': 'Users opt in on the sign-in page',
    'messageSamples.messageSample1': 'Your code is 123456',
  },
  ID_SENDER_ID_REGISTRATION: {
    'senderIdInfo.senderId': 'EXAMPLE',
    'companyInfo.companyId': 'ID-123',
    'companyInfo.companyName': 'Example Corp',
    'companyInfo.website': 'https://example.com',
    'companyAddress.address1': 'Jl. Sudirman 1',
    'companyAddress.city': 'Jakarta',
    'companyAddress.isoCountryCode': 'ID',
    'contactInfo.emailAddress': 'help@example.com',
    'contactInfo.phoneNumber': '+6281234567890',
    'messagingUseCase.useCaseCategory': ['ONE_TIME_PASSCODES'],
    'messagingUseCase.useCaseDescription': 'Sign-in codes',
    'messagingUseCase.monthlyMessageVolume': ['1,000'],
    'messageSamples.messageSample1': 'Your code is 123456',
  },
};

/** Puts each value into the registration's current version. */
export async function fill(client: PinpointSMSVoiceV2Client, RegistrationId: string, values: Record<string, Value>): Promise<void> {
  for (const [FieldPath, value] of Object.entries(values)) {
    await client.send(
      new PutRegistrationFieldValueCommand({ RegistrationId, FieldPath, ...(Array.isArray(value) ? { SelectChoices: value } : { TextValue: value }) }),
    );
  }
}

export async function registrationStatus(client: PinpointSMSVoiceV2Client, id: string): Promise<RegistrationStatus | undefined> {
  return (await client.send(new DescribeRegistrationsCommand({ RegistrationIds: [id] }))).Registrations![0].RegistrationStatus;
}

/** Polls until the registration has the status (bounded: fails after `timeoutMs`). */
export async function waitForStatus(client: PinpointSMSVoiceV2Client, id: string, status: RegistrationStatus, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await registrationStatus(client, id);
    if (now === status) return;
    if (Date.now() > deadline) throw new Error(`registration ${id} is ${now}, still not ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
