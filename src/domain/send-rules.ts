// What a send may originate from: small pure rules over an origination identity and the send
// request, checked in this order. The first rule that refuses decides the error. Facts from
// ../shared/notes/aws-behavior-rest-of-api.md sections 1.6, 2.4, 3.5, 8 and 13; where AWS documents
// no error, the choice is listed in the README's "Differences from AWS".
import type { ProtectStatus, ServiceQuotaExceededExceptionReason, SpendLimitName } from '../generated/types.js';
import { isDestinationOutcomeNumber, SIMULATOR_DESTINATION_NUMBERS, type Channel } from './simulator.js';
import { overrideActive } from './protect.js';

export type MessageType = 'TRANSACTIONAL' | 'PROMOTIONAL';
type Capability = 'SMS' | 'VOICE' | 'MMS' | 'RCS';

/** An origination identity as the send rules see it: a phone number, a sender ID or an RCS agent. */
export interface SendCandidate {
  kind: 'phone-number' | 'sender-id' | 'rcs-agent';
  /** What the message's events carry as `originationPhoneNumber`: E.164, or the sender ID. */
  origination: string;
  /** The identity's ARN. */
  arn: string;
  /** ACTIVE, or the number's current status. Sender IDs are always ACTIVE. */
  status: string;
  isoCountryCode: string;
  capabilities: readonly Capability[];
  /** The message types the identity may carry. */
  messageTypes: readonly MessageType[];
  numberType?: string;
  internationalSendingEnabled?: boolean;
  /** A phone number's opt-out list (sender IDs have none of their own). */
  optOutListName?: string;
  /** The pool a phone number or RCS agent is in, whose opt-out list then governs its sends. */
  poolId?: string;
  /** For an RCS agent, which has no country: the destination countries it reaches now, or ALL while it is testing. */
  countries?: readonly string[] | 'ALL';
}

export interface SendRequest {
  channel: Channel;
  /** E.164 with its plus. */
  destination: string;
  /** The destination's ISO country, undefined when no country owns the number. */
  destinationCountry?: string;
  /** The message type the request names itself (not a default), for text and media. */
  messageType?: MessageType;
  /** True for a destination number verification code (SendDestinationNumberVerificationCode). */
  verificationCode?: boolean;
}

/** Why a rule refused: the exception class and Reason to answer with. */
export interface RuleFailure {
  exception: 'ConflictException' | 'ValidationException' | 'ServiceQuotaExceededException';
  reason: string;
  message: string;
}

type Rule = (c: SendCandidate, r: SendRequest) => RuleFailure | undefined;

/** Countries where sender IDs are not supported at all (User Guide, sender-id.html). */
export const SENDER_ID_UNSUPPORTED_COUNTRIES: ReadonlySet<string> = new Set(['US', 'CA', 'CN']);

/** The capability a channel needs from its origination identity. */
export const CAPABILITY_FOR_CHANNEL: Record<Channel, Capability> = { TEXT: 'SMS', VOICE: 'VOICE', MEDIA: 'MMS' };

/**
 * The capability whose country rules a protect configuration applies to a send: `RCS` for a send
 * through an RCS agent (the model lists RCS among the rule sets' capabilities), else the channel's.
 */
export const protectCapabilityOf = (channel: Channel, kind?: SendCandidate['kind']): Capability =>
  kind === 'rcs-agent' ? 'RCS' : CAPABILITY_FOR_CHANNEL[channel];

const simulatorDestinations = new Set(Object.values(SIMULATOR_DESTINATION_NUMBERS).flat());
const KIND_NAMES: Record<SendCandidate['kind'], string> = { 'phone-number': 'Phone number', 'sender-id': 'Sender ID', 'rcs-agent': 'RCS agent' };
const name = (c: SendCandidate) => `${KIND_NAMES[c.kind]} ${c.origination}`;

/** The rules, in the order they are checked. Exported for their table-driven test. */
export const SEND_RULES: readonly [string, Rule][] = [
  [
    'active',
    (c) =>
      c.status === 'ACTIVE' ? undefined : { exception: 'ConflictException', reason: 'RESOURCE_NOT_ACTIVE', message: `${name(c)} is ${c.status}, not ACTIVE` },
  ],
  [
    'channel capability',
    (c, r) => {
      const needed = CAPABILITY_FOR_CHANNEL[r.channel];
      if (c.capabilities.includes(needed)) return undefined;
      return {
        exception: 'ValidationException',
        reason: r.channel === 'VOICE' ? 'VOICE_CAPABILITY_NOT_AVAILABLE' : 'CHANNEL_NOT_ENABLED',
        message: `${name(c)} does not have the ${needed} capability that a ${r.channel.toLowerCase()} message needs`,
      };
    },
  ],
  [
    'sender ID supported in the destination country',
    (c, r) =>
      c.kind === 'sender-id' && r.destinationCountry !== undefined && SENDER_ID_UNSUPPORTED_COUNTRIES.has(r.destinationCountry)
        ? { exception: 'ValidationException', reason: 'SENDER_ID_NOT_SUPPORTED', message: `Sender IDs are not supported in ${r.destinationCountry}` }
        : undefined,
  ],
  [
    'destination country',
    (c, r) => {
      // A number no country owns is accepted here; its message then fails with an INVALID event.
      if (r.destinationCountry === undefined || r.destinationCountry === c.isoCountryCode) return undefined;
      if (c.countries !== undefined) {
        if (c.countries === 'ALL' || c.countries.includes(r.destinationCountry)) return undefined;
        return {
          exception: 'ValidationException',
          reason: 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
          message: `${name(c)} is not launched in ${r.destinationCountry} (launched: ${c.countries.join(', ') || 'none'})`,
        };
      }
      if (c.kind === 'phone-number' && c.internationalSendingEnabled && c.numberType !== 'SIMULATOR') return undefined;
      return {
        exception: 'ValidationException',
        reason: 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
        message: `${name(c)} of ${c.isoCountryCode} cannot send to ${r.destination} in ${r.destinationCountry}`,
      };
    },
  ],
  [
    // Checked before the simulator destination rule, whose message would hide the reason.
    'verification codes never from a simulator number',
    (c, r) =>
      r.verificationCode && c.numberType === 'SIMULATOR'
        ? {
            exception: 'ValidationException',
            reason: 'INVALID_PARAMETER',
            message: `Simulator number ${c.origination} cannot send verification codes; use a number that is not a simulator number`,
          }
        : undefined,
  ],
  [
    'simulator numbers reach only simulator destinations',
    (c, r) =>
      c.numberType === 'SIMULATOR' && !simulatorDestinations.has(r.destination)
        ? {
            exception: 'ValidationException',
            reason: 'INVALID_IDENTITY_FOR_DESTINATION_COUNTRY',
            message: `Simulator number ${c.origination} can send only to the simulator destination numbers of ${c.isoCountryCode}`,
          }
        : undefined,
  ],
  [
    'message type',
    (c, r) =>
      r.channel === 'VOICE' || r.messageType === undefined || c.messageTypes.includes(r.messageType)
        ? undefined
        : { exception: 'ConflictException', reason: 'MESSAGE_TYPE_MISMATCH', message: `${name(c)} does not carry ${r.messageType} messages` },
  ],
];

/** The first rule that refuses this identity for this send, or undefined when it may send. */
export function checkSend(candidate: SendCandidate, request: SendRequest): RuleFailure | undefined {
  for (const [, rule] of SEND_RULES) {
    const failure = rule(candidate, request);
    if (failure) return failure;
  }
  return undefined;
}

/**
 * The last rule, after the identity is chosen: a destination on the opt-out list of the identity
 * used (the pool's list for a pool) is refused with ConflictException
 * DESTINATION_PHONE_NUMBER_OPTED_OUT (facts 4.6). It applies whether or not the identity's
 * opt-outs are self-managed: the list is then the application's to keep, and it is still honoured.
 */
export function checkOptOut(request: SendRequest, optOutListName: string, listed: boolean): RuleFailure | undefined {
  if (!listed) return undefined;
  return {
    exception: 'ConflictException',
    reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
    message: `The destination phone number ${request.destination} is on the opt-out list ${optOutListName}`,
  };
}

/** What the sandbox rule needs to know about a send. */
export interface SandboxRequest {
  /** The account's ACCOUNT_TIER. */
  accountTier: string;
  /** E.164 with its plus. */
  destination: string;
  /** True when the account has a VERIFIED destination number for `destination`. */
  verified: boolean;
}

/**
 * The sandbox rule, after the opt-out check and before the spend rule: an account whose tier is
 * SANDBOX sends only to its verified destination numbers (facts 7.1), and to the simulator and
 * local outcome destination numbers, which reach no real phone (AWS does not say; Pinpoint v1
 * allowed simulator sends from the sandbox). Else ConflictException DESTINATION_PHONE_NUMBER_NOT_VERIFIED.
 */
export function checkSandbox(s: SandboxRequest): RuleFailure | undefined {
  if (s.accountTier !== 'SANDBOX' || s.verified || isDestinationOutcomeNumber(s.destination)) return undefined;
  return {
    exception: 'ConflictException',
    reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED',
    message:
      `The account is in the sandbox and ${s.destination} is not a verified destination number: ` +
      'verify it (CreateVerifiedDestinationNumber, SendDestinationNumberVerificationCode, VerifyDestinationNumber) or send to a simulator number',
  };
}

/** A send as the protect rule sees it, once the protect configuration that governs it is known. */
export interface ProtectRequest {
  channel: Channel;
  destination: string;
  /** The destination's ISO country; undefined when no country owns the number (no country rule applies). */
  destinationCountry?: string;
  /** The capability whose rules apply (protectCapabilityOf); the channel's when absent. */
  capability?: Capability;
  /** The country's status for that capability (ALLOW when no rule names it). */
  countryStatus: ProtectStatus;
  /** The configuration's override for the destination, if any, expired or not. */
  override?: { action: 'ALLOW' | 'BLOCK'; expiresAt?: number };
  /** Epoch ms, the server's clock: an override whose `expiresAt` is not after it is ignored. */
  now: number;
  /** Whether the message is likely artificially inflated traffic (the AIT marker, domain/protect.ts). */
  classifiedAsAit: boolean;
}

/** What the protect rule decided: a refusal, or the status the message's events report and whether FILTER stopped it. */
export type ProtectDecision = { failure: RuleFailure } | { protectStatus: ProtectStatus; filtered: boolean };

/**
 * The protect rule, after the opt-out rule (so an opt-out beats an ALLOW override) and before the
 * spend rule (facts 8.5, 8.6). A live number override beats the country rule: BLOCK is
 * ConflictException DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE, ALLOW sends (status
 * ALLOW, even in a BLOCK or FILTER country). Else the country's status for the channel's capability:
 * BLOCK is ConflictException DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION; ALLOW and MONITOR
 * send; FILTER sends unless the message is classified as AIT, when a text is accepted and ends
 * TEXT_PROTECT_BLOCKED (`filtered`), and a call or media message, which have no such event, is
 * refused as for BLOCK.
 */
export function checkProtect(p: ProtectRequest): ProtectDecision {
  const override = p.override && overrideActive(p.override, p.now) ? p.override : undefined;
  if (override?.action === 'BLOCK') {
    return {
      failure: {
        exception: 'ConflictException',
        reason: 'DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE',
        message: `The destination phone number ${p.destination} is blocked by a number override of the protect configuration`,
      },
    };
  }
  if (override?.action === 'ALLOW') return { protectStatus: 'ALLOW', filtered: false };
  const status = p.destinationCountry === undefined ? 'ALLOW' : p.countryStatus;
  const filtered = status === 'FILTER' && p.classifiedAsAit;
  if (status === 'BLOCK' || (filtered && p.channel !== 'TEXT')) {
    const why = status === 'BLOCK' ? 'blocks' : `filters ${p.channel.toLowerCase()} messages classified as artificially inflated traffic to`;
    return {
      failure: {
        exception: 'ConflictException',
        reason: 'DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION',
        message: `The protect configuration ${why} ${p.destinationCountry} (${p.capability ?? CAPABILITY_FOR_CHANNEL[p.channel]})`,
      },
    };
  }
  return { protectStatus: status, filtered };
}

/** A channel with a monthly spend limit: the Send* channels and Notify. */
export type SpendChannel = Channel | 'NOTIFY';

/** The spend limit that governs each channel, and the Reason a send past it is refused with. */
export const SPEND_LIMITS: Record<SpendChannel, { name: SpendLimitName; reason: ServiceQuotaExceededExceptionReason }> = {
  TEXT: { name: 'TEXT_MESSAGE_MONTHLY_SPEND_LIMIT', reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT' },
  VOICE: { name: 'VOICE_MESSAGE_MONTHLY_SPEND_LIMIT', reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_VOICE' },
  MEDIA: { name: 'MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT', reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_MEDIA' },
  NOTIFY: { name: 'NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT', reason: 'MONTHLY_SPEND_LIMIT_REACHED_FOR_NOTIFY' },
};

/** The UTC calendar month of an instant (epoch ms), `YYYY-MM`: the period a month's spend is kept under. */
export function spendMonthOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

/** A send's spend as the spend rule sees it, in units of `unitsPerUsd` (the month's spend before it, its price). */
export interface SpendRequest {
  channel: SpendChannel;
  spentUnits: number;
  priceUnits: number;
  /** The enforced limit, in whole US dollars. */
  limitUsd: number;
  unitsPerUsd: number;
}

/**
 * The spend rule, after the opt-out check: a send that would take the month's spend past the
 * enforced limit is ServiceQuotaExceededException MONTHLY_SPEND_LIMIT_REACHED_FOR_<CHANNEL>.
 * Reaching the limit exactly is allowed; a send that costs nothing always passes, even under a
 * limit of 0.
 */
export function checkSpend(s: SpendRequest): RuleFailure | undefined {
  if (s.priceUnits === 0 || s.spentUnits + s.priceUnits <= s.limitUsd * s.unitsPerUsd) return undefined;
  const { name, reason } = SPEND_LIMITS[s.channel];
  const usd = (units: number) => (units / s.unitsPerUsd).toFixed(5);
  return {
    exception: 'ServiceQuotaExceededException',
    reason,
    message:
      `This message (${usd(s.priceUnits)} USD) would take this month's ${s.channel.toLowerCase()} spend (${usd(s.spentUnits)} USD) ` +
      `past the ${name} of ${s.limitUsd} USD`,
  };
}
