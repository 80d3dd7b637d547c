// RequestPhoneNumber, DescribePhoneNumbers, UpdatePhoneNumber, ReleasePhoneNumber.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md sections 1 and 13.
import { ConflictException, ResourceNotFoundException } from '../generated/errors.js';
import type { PhoneNumberFilterName, PhoneNumberInformation, RequestableNumberType } from '../generated/types.js';
import { toEpochSeconds } from '../domain/clock.js';
import { pickNumber, type InventoryKind } from '../domain/number-inventory.js';
import { currentNumberStatus, type PhoneNumberRecord } from '../domain/origination-identities.js';
import { BOOLEAN_VALUES, describePage, enumOf, type DescribeSpec } from './describe.js';
import type { Stored } from './resource-layer.js';
import { phoneNumbers, pools } from './resource-types.js';
import {
  checkDeletionProtection,
  checkKnownCountry,
  checkQuota,
  numberStatusNow,
  requireLiveNumber,
  requireVisibleNumber,
  settings,
} from './origination-shared.js';
import { checkJoin, join } from './pool-membership.js';
import { resolveOptOutListName, updatedIdentitySettings } from './opt-out-lists.js';
import { deleteKeywordsOf } from './keywords.js';
import { needsRegistration, registerRequestedNumber, releaseFromRegistration } from './registration-associations.js';
import { tagNewResource, forgetResource } from './tags.js';
import { checkNoRepeats } from './input-rules.js';
import type { HandlerContext, HandlerTable } from './types.js';

/**
 * Monthly leasing price (USD, the model's string) per number type. AWS publishes prices per country
 * on its pricing page, not in the API docs; a US toll-free number was observed at 2.00.
 */
const MONTHLY_LEASING_PRICE: Record<RequestableNumberType, string> = {
  LONG_CODE: '1.00',
  TOLL_FREE: '2.00',
  TEN_DLC: '2.00',
  SIMULATOR: '1.00',
};

/** Which numbers of libphonenumber each requestable type is drawn from, and the countries it exists in (all when absent). */
const INVENTORY: Record<RequestableNumberType, { kind: InventoryKind; countries?: string[] }> = {
  LONG_CODE: { kind: 'mobile' },
  TOLL_FREE: { kind: 'toll-free' },
  TEN_DLC: { kind: 'mobile', countries: ['US'] },
  // Simulator origination numbers are offered for the United States only [UG-SIM].
  SIMULATOR: { kind: 'mobile', countries: ['US'] },
};

/** The wire shape of a number, with its status as readers see it now. */
export function toPhoneNumberInformation(
  ctx: HandlerContext,
  row: Stored<PhoneNumberRecord>,
  status = numberStatusNow(ctx, row.doc) ?? row.doc.status,
): PhoneNumberInformation {
  const n = row.doc;
  return {
    PhoneNumberArn: phoneNumbers.arn(ctx, row.id),
    PhoneNumberId: n.phoneNumberId,
    PhoneNumber: n.phoneNumber,
    Status: status,
    IsoCountryCode: n.isoCountryCode,
    MessageType: n.messageType,
    NumberCapabilities: n.numberCapabilities,
    NumberType: n.numberType,
    MonthlyLeasingPrice: n.monthlyLeasingPrice,
    TwoWayEnabled: n.twoWayEnabled,
    ...(n.twoWayChannelArn !== undefined && { TwoWayChannelArn: n.twoWayChannelArn }),
    ...(n.twoWayChannelRole !== undefined && { TwoWayChannelRole: n.twoWayChannelRole }),
    SelfManagedOptOutsEnabled: n.selfManagedOptOutsEnabled,
    OptOutListName: n.optOutListName,
    InternationalSendingEnabled: n.internationalSendingEnabled,
    DeletionProtectionEnabled: n.deletionProtectionEnabled,
    ...(n.poolId !== undefined && { PoolId: n.poolId }),
    ...(n.registrationId !== undefined && { RegistrationId: n.registrationId }),
    CreatedTimestamp: toEpochSeconds(n.createdTimestamp),
  };
}

/** How each DescribePhoneNumbers filter reads a number. */
const describeSpec: DescribeSpec<PhoneNumberRecord, PhoneNumberFilterName> = {
  repository: phoneNumbers,
  filters: {
    status: { read: (n, now) => currentNumberStatus(n, now), values: enumOf('NumberStatus') },
    'iso-country-code': { read: (n) => n.isoCountryCode },
    'message-type': { read: (n) => n.messageType, values: enumOf('MessageType') },
    'number-capability': { read: (n) => n.numberCapabilities, values: enumOf('NumberCapability') },
    'number-type': { read: (n) => n.numberType, values: enumOf('NumberType') },
    'two-way-enabled': { read: (n) => n.twoWayEnabled, values: BOOLEAN_VALUES },
    'self-managed-opt-outs-enabled': { read: (n) => n.selfManagedOptOutsEnabled, values: BOOLEAN_VALUES },
    'opt-out-list-name': { read: (n) => n.optOutListName },
    'deletion-protection-enabled': { read: (n) => n.deletionProtectionEnabled, values: BOOLEAN_VALUES },
    'two-way-channel-arn': { read: (n) => n.twoWayChannelArn },
  },
  visible: (n, now) => currentNumberStatus(n, now) !== undefined,
  resolve: requireVisibleNumber,
};

/**
 * Deletes released numbers whose retention has passed, and answers how many numbers the account
 * holds (released ones do not count towards PHONE_NUMBERS).
 */
export async function countLiveNumbers(ctx: HandlerContext, purge: boolean): Promise<number> {
  let live = 0;
  let after: { parent: string; id: string } | undefined;
  for (;;) {
    const rows = await phoneNumbers.list(ctx, { after, limit: 500 });
    for (const row of rows) {
      const status = numberStatusNow(ctx, row.doc);
      if (status === undefined && purge) await phoneNumbers.delete(ctx, row.id);
      else if (status !== undefined && status !== 'DELETED') live++;
    }
    if (rows.length < 500) return live;
    after = rows[rows.length - 1];
  }
}

function checkNotPooled(n: PhoneNumberRecord): void {
  if (n.poolId !== undefined) {
    throw new ConflictException({
      message: `The phone number ${n.phoneNumberId} is in pool ${n.poolId}; disassociate it first`,
      Reason: 'PHONE_NUMBER_ASSOCIATED_TO_POOL',
      ResourceType: 'phone-number',
      ResourceId: n.phoneNumberId,
    });
  }
}

export const phoneNumberHandlers: HandlerTable = {
  RequestPhoneNumber: {
    mode: 'write',
    async handle(input, ctx) {
      const { IsoCountryCode: country, NumberType: numberType, MessageType: messageType } = input;
      checkKnownCountry(country);
      const inventory = INVENTORY[numberType];
      const noNumbers = () =>
        new ResourceNotFoundException({
          message: `No ${numberType} phone numbers for ${messageType} messages are available in ${country}`,
          ResourceType: 'phone-number',
          ResourceId: `${numberType}/${country}`,
        });
      // A PROMOTIONAL simulator request is ResourceNotFoundException on AWS (Terraform pool_test.go).
      if (numberType === 'SIMULATOR' && messageType !== 'TRANSACTIONAL') throw noNumbers();
      if (inventory.countries && !inventory.countries.includes(country)) throw noNumbers();
      checkNoRepeats('NumberCapabilities', input.NumberCapabilities);
      const optOutListName = await resolveOptOutListName(ctx, input.OptOutListName);
      const pool = input.PoolId === undefined ? undefined : await pools.require(ctx, input.PoolId);
      checkQuota(ctx, 'PHONE_NUMBERS', await countLiveNumbers(ctx, true), 'PHONE_NUMBERS_PER_ACCOUNT');
      const e164 = await pickNumber(country, inventory.kind, async (candidate) => (await phoneNumbers.findByName(ctx, candidate)) !== undefined);
      if (e164 === undefined) throw noNumbers();

      const now = ctx.clock.now();
      const id = phoneNumbers.newId(ctx);
      let record: PhoneNumberRecord = {
        phoneNumberId: id,
        phoneNumber: e164,
        status: 'PENDING',
        // US TEN_DLC and TOLL_FREE numbers wait for their registration (no activation time until it is approved).
        ...(!needsRegistration({ isoCountryCode: country, numberType }) && { activatesAt: now + settings(ctx).activationMs }),
        isoCountryCode: country,
        messageType,
        numberCapabilities: input.NumberCapabilities,
        numberType,
        monthlyLeasingPrice: MONTHLY_LEASING_PRICE[numberType],
        twoWayEnabled: false,
        selfManagedOptOutsEnabled: false,
        optOutListName,
        internationalSendingEnabled: input.InternationalSendingEnabled ?? false,
        deletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
        createdTimestamp: now,
      };
      const registration = input.RegistrationId === undefined ? undefined : await registerRequestedNumber(ctx, input.RegistrationId, record);
      if (registration) record = registration.doc;
      if (pool)
        await checkJoin(
          ctx,
          pool.doc,
          { kind: 'phone-number', row: { type: 'phone-number', parent: '', id, createdAt: now, doc: record } },
          { requested: true },
        );
      let row = await phoneNumbers.insert(ctx, id, record);
      await registration?.associate();
      if (pool) {
        await join(ctx, pool.doc, { kind: 'phone-number', row });
        row = await phoneNumbers.require(ctx, id);
      }
      const tags = await tagNewResource(ctx, phoneNumbers.arn(ctx, id), input.Tags);
      const { PoolId, ...information } = toPhoneNumberInformation(ctx, row, 'PENDING');
      return { ...information, NumberType: numberType, ...(PoolId !== undefined && { PoolId }), Tags: tags };
    },
  },

  DescribePhoneNumbers: {
    mode: 'read',
    async handle(input, ctx) {
      const page = await describePage(ctx, describeSpec, {
        ids: input.PhoneNumberIds,
        idsMember: 'PhoneNumberIds',
        owner: input.Owner,
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return { PhoneNumbers: page.rows.map((r) => toPhoneNumberInformation(ctx, r)), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  },

  UpdatePhoneNumber: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireLiveNumber(ctx, input.PhoneNumberId);
      checkNotPooled(row.doc);
      const doc: PhoneNumberRecord = {
        ...row.doc,
        ...(await updatedIdentitySettings(ctx, input)),
        ...(input.InternationalSendingEnabled !== undefined && { internationalSendingEnabled: input.InternationalSendingEnabled }),
      };
      return toPhoneNumberInformation(ctx, await phoneNumbers.update(ctx, row, doc));
    },
  },

  ReleasePhoneNumber: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireLiveNumber(ctx, input.PhoneNumberId);
      checkDeletionProtection(row.doc.deletionProtectionEnabled, 'phone-number', row.doc.phoneNumberId);
      checkNotPooled(row.doc);
      const now = ctx.clock.now();
      const { activatesAt: _a, ...rest } = row.doc;
      const released = await phoneNumbers.update(ctx, row, { ...rest, status: 'DELETED', purgeAt: now + settings(ctx).retentionMs });
      await forgetResource(ctx, phoneNumbers.arn(ctx, row.id));
      await deleteKeywordsOf(ctx, row.id);
      await releaseFromRegistration(ctx, row.doc.registrationId, phoneNumbers.arn(ctx, row.id));
      // Terraform then sees DISASSOCIATING and DELETED (phone_number.go); the answer says the release has begun.
      // ReleasePhoneNumberResult has no InternationalSendingEnabled, DeletionProtectionEnabled or PoolId.
      const {
        InternationalSendingEnabled: _i,
        DeletionProtectionEnabled: _d,
        PoolId: _p,
        ...information
      } = toPhoneNumberInformation(ctx, released, 'DISASSOCIATING');
      return information;
    },
  },
};
