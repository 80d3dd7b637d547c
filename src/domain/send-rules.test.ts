import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkOptOut,
  checkSandbox,
  checkProtect,
  checkSend,
  checkSpend,
  protectCapabilityOf,
  SEND_RULES,
  spendMonthOf,
  type SandboxRequest,
  type ProtectRequest,
  type SendCandidate,
  type SendRequest,
  type SpendRequest,
} from './send-rules.js';

const usNumber: SendCandidate = {
  kind: 'phone-number',
  origination: '+12065550142',
  arn: 'arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-1',
  status: 'ACTIVE',
  isoCountryCode: 'US',
  capabilities: ['SMS', 'VOICE'],
  messageTypes: ['TRANSACTIONAL'],
  numberType: 'LONG_CODE',
  internationalSendingEnabled: false,
};
const gbSenderId: SendCandidate = {
  kind: 'sender-id',
  origination: 'ACME',
  arn: 'arn:aws:sms-voice:us-east-1:123456789012:sender-id/ACME/GB',
  status: 'ACTIVE',
  isoCountryCode: 'GB',
  capabilities: ['SMS'],
  messageTypes: ['TRANSACTIONAL', 'PROMOTIONAL'],
};
const text = (destination: string, destinationCountry: string | undefined, extra: Partial<SendRequest> = {}): SendRequest => ({
  channel: 'TEXT',
  destination,
  ...(destinationCountry && { destinationCountry }),
  ...extra,
});

describe('send rules', () => {
  const cases: [string, SendCandidate, SendRequest, string | undefined][] = [
    ['an active US number texts a US number', usNumber, text('+14254147755', 'US'), undefined],
    ['a pending number', { ...usNumber, status: 'PENDING' }, text('+14254147755', 'US'), 'RESOURCE_NOT_ACTIVE'],
    ['a released number', { ...usNumber, status: 'DELETED' }, text('+14254147755', 'US'), 'RESOURCE_NOT_ACTIVE'],
    ['media needs MMS', usNumber, text('+14254147755', 'US', { channel: 'MEDIA' }), 'CHANNEL_NOT_ENABLED'],
    ['voice needs VOICE', { ...usNumber, capabilities: ['SMS'] }, text('+14254147755', 'US', { channel: 'VOICE' }), 'VOICE_CAPABILITY_NOT_AVAILABLE'],
    ['text needs SMS', { ...usNumber, capabilities: ['VOICE'] }, text('+14254147755', 'US'), 'CHANNEL_NOT_ENABLED'],
    ['a number sends within its country', usNumber, text('+447860019066', 'GB'), 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY'],
    ['international sending lets it send abroad', { ...usNumber, internationalSendingEnabled: true }, text('+447860019066', 'GB'), undefined],
    ['a number no country owns is left to its INVALID event', usNumber, text('+999123', undefined), undefined],
    ['a sender ID texts its country', gbSenderId, text('+447860019066', 'GB'), undefined],
    ['a sender ID cannot call', gbSenderId, text('+447860019066', 'GB', { channel: 'VOICE' }), 'VOICE_CAPABILITY_NOT_AVAILABLE'],
    ['sender IDs are not supported in the US', { ...gbSenderId, isoCountryCode: 'US' }, text('+14254147755', 'US'), 'SENDER_ID_NOT_SUPPORTED'],
    ['sender IDs are not supported in Canada', gbSenderId, text('+15065550142', 'CA'), 'SENDER_ID_NOT_SUPPORTED'],
    ['a GB sender ID cannot text France', gbSenderId, text('+33755512501', 'FR'), 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY'],
    ['a simulator number texts a simulator destination', { ...usNumber, numberType: 'SIMULATOR' }, text('+14254147167', 'US'), undefined],
    [
      'a simulator number cannot text a real number',
      { ...usNumber, numberType: 'SIMULATOR' },
      text('+12065550199', 'US'),
      'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
    ],
    [
      'a simulator number never sends abroad, even with international sending',
      { ...usNumber, numberType: 'SIMULATOR', internationalSendingEnabled: true },
      text('+447860019066', 'GB'),
      'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
    ],
    ['a transactional number refuses a promotional text', usNumber, text('+14254147755', 'US', { messageType: 'PROMOTIONAL' }), 'MESSAGE_TYPE_MISMATCH'],
    ['a transactional number carries a transactional text', usNumber, text('+14254147755', 'US', { messageType: 'TRANSACTIONAL' }), undefined],
    ['a long code sends a verification code', usNumber, text('+12065550199', 'US', { verificationCode: true }), undefined],
    [
      'a simulator number never sends a verification code, even to a simulator destination',
      { ...usNumber, numberType: 'SIMULATOR' },
      text('+14254147755', 'US', { verificationCode: true }),
      'INVALID_PARAMETER',
    ],
    [
      'a simulator number sending a code to a real number is told about the code, not the destination',
      { ...usNumber, numberType: 'SIMULATOR' },
      text('+12065550199', 'US', { verificationCode: true }),
      'INVALID_PARAMETER',
    ],
  ];
  for (const [name, candidate, request, reason] of cases) {
    test(name, () => {
      assert.equal(checkSend(candidate, request)?.reason, reason);
    });
  }

  test('rules run in order: the first refusal decides', () => {
    const failure = checkSend({ ...usNumber, status: 'PENDING', capabilities: [] }, text('+447860019066', 'GB'));
    assert.equal(failure?.reason, 'RESOURCE_NOT_ACTIVE');
    assert.equal(SEND_RULES[0][0], 'active');
  });
});

describe('the opt-out rule', () => {
  const cases: [string, boolean, string | undefined][] = [
    ['a destination on the list is refused', true, 'DESTINATION_PHONE_NUMBER_OPTED_OUT'],
    ['a destination not on the list may be sent to', false, undefined],
  ];
  for (const [name, listed, reason] of cases) {
    test(name, () => {
      const failure = checkOptOut(text('+14254147755', 'US'), 'Default', listed);
      assert.equal(failure?.reason, reason);
      if (failure) {
        assert.equal(failure.exception, 'ConflictException');
        assert.match(failure.message, /\+14254147755.*Default/);
      }
    });
  }
});

describe('the sandbox rule', () => {
  const cases: [string, SandboxRequest, string | undefined][] = [
    ['production sends to any number', { accountTier: 'PRODUCTION', destination: '+14155552671', verified: false }, undefined],
    ['the sandbox sends to a verified number', { accountTier: 'SANDBOX', destination: '+14155552671', verified: true }, undefined],
    [
      'the sandbox refuses an unverified number',
      { accountTier: 'SANDBOX', destination: '+14155552671', verified: false },
      'DESTINATION_PHONE_NUMBER_NOT_VERIFIED',
    ],
    ['the sandbox sends to an AWS simulator destination', { accountTier: 'SANDBOX', destination: '+14254147755', verified: false }, undefined],
    ['the sandbox sends to a UK simulator destination', { accountTier: 'SANDBOX', destination: '+447860019067', verified: false }, undefined],
    ['the sandbox sends to a local outcome number', { accountTier: 'SANDBOX', destination: '+12065550101', verified: false }, undefined],
  ];
  for (const [name, request, reason] of cases) {
    test(name, () => {
      const failure = checkSandbox(request);
      assert.equal(failure?.reason, reason);
      if (failure) {
        assert.equal(failure.exception, 'ConflictException');
        assert.match(failure.message, /\+14155552671/);
      }
    });
  }
});

describe('the protect rule', () => {
  test('applies the RCS rules to an RCS agent, else the channel capability', () => {
    assert.equal(protectCapabilityOf('TEXT', 'rcs-agent'), 'RCS');
    assert.equal(protectCapabilityOf('TEXT', 'phone-number'), 'SMS');
    assert.equal(protectCapabilityOf('VOICE', 'phone-number'), 'VOICE');
    assert.equal(protectCapabilityOf('MEDIA', 'sender-id'), 'MMS');
    assert.equal(protectCapabilityOf('TEXT'), 'SMS');
  });

  const NOW = 1_800_000_000_000;
  const protect = (extra: Partial<ProtectRequest>): ProtectRequest => ({
    channel: 'TEXT',
    destination: '+447860019066',
    destinationCountry: 'GB',
    countryStatus: 'ALLOW',
    now: NOW,
    classifiedAsAit: false,
    ...extra,
  });
  const COUNTRY = 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION';
  const NUMBER = 'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE';
  // [name, request, the refusal's reason, or the status the events carry and whether FILTER stopped the text]
  const cases: [string, ProtectRequest, string | [string, boolean]][] = [
    ['an ALLOW country sends', protect({}), ['ALLOW', false]],
    ['a BLOCK country refuses', protect({ countryStatus: 'BLOCK' }), COUNTRY],
    ['a MONITOR country sends and says MONITOR', protect({ countryStatus: 'MONITOR' }), ['MONITOR', false]],
    ['a FILTER country sends a text that is not AIT', protect({ countryStatus: 'FILTER' }), ['FILTER', false]],
    ['a FILTER country stops an AIT text (accepted, TEXT_PROTECT_BLOCKED)', protect({ countryStatus: 'FILTER', classifiedAsAit: true }), ['FILTER', true]],
    ['a FILTER country refuses an AIT call', protect({ countryStatus: 'FILTER', classifiedAsAit: true, channel: 'VOICE' }), COUNTRY],
    ['a FILTER country refuses an AIT media message', protect({ countryStatus: 'FILTER', classifiedAsAit: true, channel: 'MEDIA' }), COUNTRY],
    ['AIT matters only under FILTER', protect({ countryStatus: 'MONITOR', classifiedAsAit: true }), ['MONITOR', false]],
    ['an ALLOW override beats a BLOCK country', protect({ countryStatus: 'BLOCK', override: { action: 'ALLOW' } }), ['ALLOW', false]],
    [
      'an ALLOW override beats FILTER, AIT or not',
      protect({ countryStatus: 'FILTER', classifiedAsAit: true, override: { action: 'ALLOW' } }),
      ['ALLOW', false],
    ],
    ['a BLOCK override beats an ALLOW country', protect({ override: { action: 'BLOCK' } }), NUMBER],
    ['a BLOCK override beats a BLOCK country (its own reason)', protect({ countryStatus: 'BLOCK', override: { action: 'BLOCK' } }), NUMBER],
    ['a BLOCK override that expires later applies', protect({ override: { action: 'BLOCK', expiresAt: NOW + 1 } }), NUMBER],
    ['a BLOCK override that expired is ignored', protect({ override: { action: 'BLOCK', expiresAt: NOW - 1 } }), ['ALLOW', false]],
    ['an override expiring right now is expired', protect({ override: { action: 'BLOCK', expiresAt: NOW } }), ['ALLOW', false]],
    ['an expired ALLOW override leaves the BLOCK country', protect({ countryStatus: 'BLOCK', override: { action: 'ALLOW', expiresAt: NOW - 1 } }), COUNTRY],
    [
      'a number no country owns has no country rule',
      protect({ destination: '+999123', destinationCountry: undefined, countryStatus: 'BLOCK' }),
      ['ALLOW', false],
    ],
    [
      'a number no country owns still follows its override',
      protect({ destination: '+999123', destinationCountry: undefined, override: { action: 'BLOCK' } }),
      NUMBER,
    ],
  ];
  for (const [name, request, expected] of cases) {
    test(name, () => {
      const decision = checkProtect(request);
      if (typeof expected === 'string') {
        assert.ok('failure' in decision, `expected ${expected}`);
        assert.equal(decision.failure.reason, expected);
        assert.equal(decision.failure.exception, 'ConflictException');
      } else {
        assert.deepEqual(decision, { protectStatus: expected[0], filtered: expected[1] });
      }
    });
  }

  test('an opt-out beats an ALLOW override: the opt-out rule runs first and refuses on its own', () => {
    // The protect rule would send; the send path checks the opt-out rule before it (handlers/messages.ts).
    assert.deepEqual(checkProtect(protect({ override: { action: 'ALLOW' } })), { protectStatus: 'ALLOW', filtered: false });
    assert.equal(checkOptOut(text('+447860019066', 'GB'), 'Default', true)?.reason, 'DESTINATION_PHONE_NUMBER_OPTED_OUT');
  });
});

describe('the spend rule', () => {
  const spend = (extra: Partial<SpendRequest>): SpendRequest => ({
    channel: 'TEXT',
    spentUnits: 0,
    priceUnits: 881,
    limitUsd: 1,
    unitsPerUsd: 100_000,
    ...extra,
  });
  const cases: [string, SpendRequest, string | undefined][] = [
    ['a send well under the limit', spend({}), undefined],
    ['a send that reaches the limit exactly', spend({ spentUnits: 100_000 - 881 }), undefined],
    ['a send one unit past the limit', spend({ spentUnits: 100_000 - 880 }), 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT'],
    ['a send after the limit was reached', spend({ spentUnits: 100_000 }), 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT'],
    ['a limit of 0 refuses a priced send', spend({ limitUsd: 0 }), 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT'],
    ['a limit of 0 admits a send that costs nothing', spend({ limitUsd: 0, priceUnits: 0 }), undefined],
    ['a spend already past a lowered limit admits a free send', spend({ spentUnits: 500_000, priceUnits: 0 }), undefined],
    ['voice names its own reason', spend({ channel: 'VOICE', limitUsd: 0, priceUnits: 1300 }), 'MONTHLY_SPEND_LIMIT_REACHED_FOR_VOICE'],
    ['media names its own reason', spend({ channel: 'MEDIA', limitUsd: 0 }), 'MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA'],
    ['notify names its own reason', spend({ channel: 'NOTIFY', limitUsd: 0 }), 'MONTHLY_SPEND_LIMIT_REACHED_FOR_NOTIFY'],
  ];
  for (const [name, request, reason] of cases) {
    test(name, () => {
      const failure = checkSpend(request);
      assert.equal(failure?.reason, reason);
      if (failure) assert.equal(failure.exception, 'ServiceQuotaExceededException');
    });
  }

  test('the message names the price, the spend and the limit in dollars', () => {
    const failure = checkSpend(spend({ spentUnits: 99_500 }));
    assert.equal(
      failure?.message,
      "This message (0.00881 USD) would take this month's text spend (0.99500 USD) past the TEXT_MESSAGE_MONTHLY_SPEND_LIMIT of 1 USD",
    );
  });

  test('months are UTC calendar months', () => {
    assert.equal(spendMonthOf(Date.UTC(2025, 0, 31, 23, 59, 59, 999)), '2025-01');
    assert.equal(spendMonthOf(Date.UTC(2025, 1, 1, 0, 0, 0, 0)), '2025-02');
    assert.equal(spendMonthOf(Date.UTC(2024, 11, 31, 12)), '2024-12');
  });
});
