// RequestSenderId, DescribeSenderIds, UpdateSenderId, ReleaseSenderId.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md section 2.
import { ConflictException, ValidationException } from '../generated/errors.js';
import type { SenderIdFilterName, SenderIdInformation } from '../generated/types.js';
import { senderIdAvailable, senderIdRegistered, type SenderIdRecord } from '../domain/origination-identities.js';
import { BOOLEAN_VALUES, describePage, enumOf, type DescribeSpec } from './describe.js';
import type { Stored } from './resource-layer.js';
import { poolMembers, senderIdName, senderIds } from './resource-types.js';
import { checkDeletionProtection, checkKnownCountry, checkQuota, requireSenderId, senderIdKey } from './origination-shared.js';
import { releaseFromRegistration } from './registration-associations.js';
import { tagNewResource, forgetResource } from './tags.js';
import { SENDER_ID_UNSUPPORTED_COUNTRIES } from '../domain/send-rules.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** AWS charges no monthly fee for an unregistered sender ID (its pricing page lists none). */
const SENDER_ID_MONTHLY_PRICE = '0.00';

export function toSenderIdInformation(ctx: HandlerContext, row: Stored<SenderIdRecord>): SenderIdInformation {
  const s = row.doc;
  return {
    SenderIdArn: senderIds.arn(ctx, row.id),
    SenderId: s.senderId,
    IsoCountryCode: s.isoCountryCode,
    MessageTypes: s.messageTypes,
    MonthlyLeasingPrice: s.monthlyLeasingPrice,
    DeletionProtectionEnabled: s.deletionProtectionEnabled,
    Registered: senderIdRegistered(s, ctx.clock.now()),
    ...(s.registrationId !== undefined && { RegistrationId: s.registrationId }),
  };
}

const describeSpec: DescribeSpec<SenderIdRecord, SenderIdFilterName> = {
  repository: senderIds,
  filters: {
    'sender-id': { read: (s) => s.senderId },
    'iso-country-code': { read: (s) => s.isoCountryCode },
    'message-type': { read: (s) => s.messageTypes, values: enumOf('MessageType') },
    'deletion-protection-enabled': { read: (s) => s.deletionProtectionEnabled, values: BOOLEAN_VALUES },
    registered: { read: (s, now) => senderIdRegistered(s, now), values: BOOLEAN_VALUES },
  },
  visible: senderIdAvailable,
  // DescribeSenderIds's list entries arrive as JSON [SenderId or SenderIdArn, IsoCountryCode] pairs.
  resolve: (ctx, entry) => {
    const [senderId, country] = JSON.parse(entry) as [string, string];
    return requireSenderId(ctx, senderId, country);
  },
};

/** True when any pool holds the sender ID (a sender ID may be in several). */
async function inAnyPool(ctx: HandlerContext, arn: string): Promise<boolean> {
  let after: { parent: string; id: string } | undefined;
  for (;;) {
    const rows = await poolMembers.list(ctx, { after, limit: 500 });
    if (rows.some((r) => r.id === arn)) return true;
    if (rows.length < 500) return false;
    after = rows[rows.length - 1];
  }
}

export const senderIdHandlers: HandlerTable = {
  RequestSenderId: {
    mode: 'write',
    async handle(input, ctx) {
      const { SenderId: senderId, IsoCountryCode: country } = input;
      checkKnownCountry(country);
      if (SENDER_ID_UNSUPPORTED_COUNTRIES.has(country)) {
        throw new ValidationException({
          message: `Sender IDs are not supported in ${country}`,
          Reason: 'SENDER_ID_NOT_SUPPORTED',
          Fields: [{ Name: 'IsoCountryCode', Message: `Sender IDs are not supported in ${country}` }],
        });
      }
      const id = senderIdKey(senderId, country);
      // Sender IDs are case-insensitive (notes 2.1): ACME and acme are one sender ID of a country.
      if (await senderIds.findByName(ctx, senderIdName(senderId, country))) {
        throw new ConflictException({
          message: `The sender ID ${senderId} already exists in ${country}`,
          Reason: 'RESOURCE_ALREADY_EXISTS',
          ResourceType: 'sender-id',
          ResourceId: senderId,
        });
      }
      checkQuota(ctx, 'SENDER_IDS', await senderIds.count(ctx), 'SENDER_IDS_PER_ACCOUNT');
      const record: SenderIdRecord = {
        senderId,
        isoCountryCode: country,
        // With no MessageTypes given, the sender ID carries both (not documented by AWS).
        messageTypes: input.MessageTypes?.length ? [...new Set(input.MessageTypes)] : ['TRANSACTIONAL', 'PROMOTIONAL'],
        monthlyLeasingPrice: SENDER_ID_MONTHLY_PRICE,
        deletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
        registered: false,
        createdTimestamp: ctx.clock.now(),
      };
      const row = await senderIds.insert(ctx, id, record);
      const { RegistrationId: _r, ...information } = toSenderIdInformation(ctx, row);
      return { ...information, Tags: await tagNewResource(ctx, senderIds.arn(ctx, id), input.Tags) };
    },
  },

  DescribeSenderIds: {
    mode: 'read',
    async handle(input, ctx) {
      const page = await describePage(ctx, describeSpec, {
        ids: input.SenderIds?.map((s) => JSON.stringify([s.SenderId, s.IsoCountryCode])),
        idsMember: 'SenderIds',
        owner: input.Owner,
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return { SenderIds: page.rows.map((r) => toSenderIdInformation(ctx, r)), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  },

  UpdateSenderId: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireSenderId(ctx, input.SenderId, input.IsoCountryCode);
      const doc = { ...row.doc, ...(input.DeletionProtectionEnabled !== undefined && { deletionProtectionEnabled: input.DeletionProtectionEnabled }) };
      return toSenderIdInformation(ctx, await senderIds.update(ctx, row, doc));
    },
  },

  ReleaseSenderId: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireSenderId(ctx, input.SenderId, input.IsoCountryCode);
      checkDeletionProtection(row.doc.deletionProtectionEnabled, 'sender-id', row.doc.senderId);
      const arn = senderIds.arn(ctx, row.id);
      if (await inAnyPool(ctx, arn)) {
        throw new ConflictException({
          message: `The sender ID ${row.doc.senderId} is in a pool; disassociate it first`,
          Reason: 'SENDER_ID_ASSOCIATED_TO_POOL',
          ResourceType: 'sender-id',
          ResourceId: row.doc.senderId,
        });
      }
      await senderIds.delete(ctx, row.id);
      await forgetResource(ctx, arn);
      await releaseFromRegistration(ctx, row.doc.registrationId, arn);
      // ReleaseSenderIdResult has no DeletionProtectionEnabled.
      const { DeletionProtectionEnabled: _d, ...information } = toSenderIdInformation(ctx, row);
      return information;
    },
  },
};
