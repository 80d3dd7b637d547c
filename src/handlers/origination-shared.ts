// What the phone number, sender ID and pool families share: their settings, the lookups of live identities, and the account quota check.
import { ConflictException, ServiceQuotaExceededException, ValidationException } from '../generated/errors.js';
import type { ResourceType, ServiceQuotaExceededExceptionReason } from '../generated/types.js';
import { defaultConfig, type AccountLimitMaxima } from '../config/config.js';
import { parseArn } from '../domain/arn.js';
import { currentNumberStatus, senderIdAvailable, type PhoneNumberRecord, type SenderIdRecord } from '../domain/origination-identities.js';
import type { RcsAgentRecord } from '../domain/rcs-agents.js';
import { isKnownCountry } from '../domain/number-inventory.js';
import { notFound, type Stored } from './resource-layer.js';
import { phoneNumbers, rcsAgents, senderIds } from './resource-types.js';
import type { HandlerContext } from './types.js';

/** The account limits and lifecycle settings in effect, with the configuration's defaults filled in. */
export function settings(ctx: HandlerContext) {
  const l = ctx.limits;
  return {
    accountLimits: l.accountLimits ?? defaultConfig.accountLimits,
    activationMs: l.phoneNumberActivationMs ?? defaultConfig.phoneNumberActivationMs,
    retentionMs: l.releasedPhoneNumberRetentionMs ?? defaultConfig.releasedPhoneNumberRetentionMs,
    reviewMs: l.registrationReviewMs ?? defaultConfig.registrationReviewMs,
    verificationCodeLifetimeMs: l.verificationCodeLifetimeMs ?? defaultConfig.verificationCodeLifetimeMs,
    accountTier: l.accountTiers?.[ctx.scope.accountId] ?? l.defaultAccountTier ?? defaultConfig.defaultAccountTier,
  };
}

/** A phone number's status for readers now; undefined once a released number's retention has passed. */
export const numberStatusNow = (ctx: HandlerContext, doc: PhoneNumberRecord) => currentNumberStatus(doc, ctx.clock.now());

/** The phone number (ID or ARN) as readers see it: a released number is found until its retention ends. */
export async function requireVisibleNumber(ctx: HandlerContext, idOrArn: string): Promise<Stored<PhoneNumberRecord>> {
  const row = await phoneNumbers.find(ctx, idOrArn);
  if (!row || numberStatusNow(ctx, row.doc) === undefined) throw notFound('phone-number', idOrArn);
  return row;
}

/** A phone number that is not released: a DELETED number is ResourceNotFoundException for every change. */
export async function requireLiveNumber(ctx: HandlerContext, idOrArn: string): Promise<Stored<PhoneNumberRecord>> {
  const row = await requireVisibleNumber(ctx, idOrArn);
  if (row.doc.status === 'DELETED') throw notFound('phone-number', idOrArn);
  return row;
}

/** The stored id of a sender ID: `<SenderId>/<IsoCountryCode>`, as in its ARN. */
export const senderIdKey = (senderId: string, isoCountryCode: string) => `${senderId}/${isoCountryCode}`;

/**
 * The sender ID a (SenderId or SenderIdArn, IsoCountryCode) pair names; ResourceNotFoundException
 * (ResourceType `sender-id`) when there is none (or a registration has not created it yet).
 */
export async function requireSenderId(ctx: HandlerContext, senderIdOrArn: string, isoCountryCode: string): Promise<Stored<SenderIdRecord>> {
  const row = await senderIds.find(ctx, senderIdOrArn.startsWith('arn:') ? senderIdOrArn : senderIdKey(senderIdOrArn, isoCountryCode));
  if (!row || row.doc.isoCountryCode !== isoCountryCode || !senderIdAvailable(row.doc, ctx.clock.now())) throw notFound('sender-id', senderIdOrArn);
  return row;
}

/** A phone number or a sender ID, as an origination identity of a pool. */
export type OriginationIdentity =
  | { kind: 'phone-number'; row: Stored<PhoneNumberRecord> }
  | { kind: 'sender-id'; row: Stored<SenderIdRecord> }
  | { kind: 'rcs-agent'; row: Stored<RcsAgentRecord> };

const PHONE_NUMBER_ID = /^phone-[0-9a-f]{32}$/;
/** An RCS agent id; a sender ID (at most 11 characters) can never take this form. */
export const RCS_AGENT_ID = /^rcs-[0-9a-f]{32}$/;

/**
 * Resolves the OriginationIdentity member of CreatePool and (Dis)AssociateOriginationIdentity: a
 * PhoneNumberId or PhoneNumberArn, an RcsAgentId or RcsAgentArn, or a SenderId or SenderIdArn with IsoCountryCode. A sender ID
 * without IsoCountryCode is ValidationException INVALID_ARN naming `senderId` (observed by the
 * Terraform provider's acceptance tests); an unknown identity is ResourceNotFoundException.
 */
export async function resolveOriginationIdentity(ctx: HandlerContext, value: string, isoCountryCode: string | undefined): Promise<OriginationIdentity> {
  const arnType = value.startsWith('arn:') ? parseArn(value)?.resourceType : undefined;
  if (arnType === 'phone-number' || (arnType === undefined && PHONE_NUMBER_ID.test(value))) {
    return { kind: 'phone-number', row: await requireLiveNumber(ctx, value) };
  }
  // An RCS agent needs no IsoCountryCode (notes 3.4).
  if (arnType === 'rcs-agent' || (arnType === undefined && RCS_AGENT_ID.test(value))) return { kind: 'rcs-agent', row: await rcsAgents.require(ctx, value) };
  if (arnType !== undefined && arnType !== 'sender-id') throw notFound('phone-number', value);
  if (isoCountryCode === undefined) {
    throw new ValidationException({
      message: `The sender ID ${value} needs an IsoCountryCode`,
      Reason: 'INVALID_ARN',
      Fields: [{ Name: 'senderId', Message: 'A sender ID origination identity needs IsoCountryCode' }],
    });
  }
  return { kind: 'sender-id', row: await requireSenderId(ctx, value, isoCountryCode) };
}

/** ServiceQuotaExceededException when `used` already reaches the account's maximum of `limit`. */
export function checkQuota(ctx: HandlerContext, limit: keyof AccountLimitMaxima, used: number, reason: ServiceQuotaExceededExceptionReason): void {
  const max = settings(ctx).accountLimits[limit];
  if (used >= max) {
    throw new ServiceQuotaExceededException({ message: `The quota ${limit} (${max}) is reached in ${ctx.scope.region}`, Reason: reason });
  }
}

/** ConflictException DELETION_PROTECTION_ENABLED for a protected resource being released or deleted. */
export function checkDeletionProtection(protectedFlag: boolean, type: ResourceType, id: string): void {
  if (protectedFlag) {
    throw new ConflictException({
      message: `The ${type} ${id} has deletion protection enabled`,
      Reason: 'DELETION_PROTECTION_ENABLED',
      ResourceType: type,
      ResourceId: id,
    });
  }
}

/** ValidationException INVALID_PARAMETER on IsoCountryCode when libphonenumber knows no such country. */
export function checkKnownCountry(isoCountryCode: string): void {
  if (!isKnownCountry(isoCountryCode)) {
    throw new ValidationException({
      message: `${isoCountryCode} is not a country code`,
      Reason: 'INVALID_PARAMETER',
      Fields: [{ Name: 'IsoCountryCode', Message: 'Not an ISO 3166-1 alpha-2 country code' }],
    });
  }
}
