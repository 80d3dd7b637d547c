// The SMS and voice sandbox: CreateVerifiedDestinationNumber, SendDestinationNumberVerificationCode,
// VerifyDestinationNumber, DescribeVerifiedDestinationNumbers, DeleteVerifiedDestinationNumber, and
// the rule that a sandboxed account sends only to verified numbers.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md 7; choices where AWS is silent are in the README.
import { ConflictException, ValidationException } from '../generated/errors.js';
import type { VerifiedDestinationNumberInformation } from '../generated/types.js';
import { toEpochSeconds } from '../domain/clock.js';
import { callingCodeOf } from '../domain/carrier-lookup.js';
import { withPlus } from '../domain/phone.js';
import { checkSandbox } from '../domain/send-rules.js';
import {
  checkVerification,
  verificationCodeFrom,
  verificationMessageBody,
  type VerifiedDestinationNumberRecord,
} from '../domain/verified-destination-numbers.js';
import { describePage, enumOf, type DescribeSpec } from './describe.js';
import { sendMessage } from './messages.js';
import { checkQuota, settings } from './origination-shared.js';
import type { Stored } from './resource-layer.js';
import { verifiedDestinationNumbers } from './resource-types.js';
import { tagNewResource, forgetResource } from './tags.js';
import { requireRcsAgent } from './rcs-agents.js';
import type { HandlerContext, HandlerTable } from './types.js';

type Row = Stored<VerifiedDestinationNumberRecord>;

function toInformation(ctx: HandlerContext, row: Row): VerifiedDestinationNumberInformation {
  return {
    VerifiedDestinationNumberArn: verifiedDestinationNumbers.arn(ctx, row.id),
    VerifiedDestinationNumberId: row.id,
    DestinationPhoneNumber: row.doc.destinationPhoneNumber,
    Status: row.doc.status,
    CreatedTimestamp: toEpochSeconds(row.createdAt),
    ...(row.doc.rcsAgentId !== undefined && { RcsAgentId: row.doc.rcsAgentId }),
  };
}

/**
 * The sandbox rule for a send (checkSandbox): in a SANDBOX account, a destination with no VERIFIED
 * entry (and no simulator or local outcome number) is refused.
 * @throws ConflictException DESTINATION_PHONE_NUMBER_NOT_VERIFIED (ResourceType verified-destination-number, ResourceId the number)
 */
export async function requireSendableInSandbox(ctx: HandlerContext, destination: string): Promise<void> {
  const accountTier = settings(ctx).accountTier;
  if (accountTier !== 'SANDBOX') return;
  const entry = await verifiedDestinationNumbers.findByName(ctx, destination);
  const failure = checkSandbox({ accountTier, destination, verified: entry?.doc.status === 'VERIFIED' });
  if (failure) {
    throw new ConflictException({
      message: failure.message,
      Reason: 'DESTINATION_PHONE_NUMBER_NOT_VERIFIED',
      ResourceType: 'verified-destination-number',
      ResourceId: destination,
    });
  }
}

/** The model's two filters, and `destination`, which carries the request's DestinationPhoneNumbers list. */
const describeSpec: DescribeSpec<VerifiedDestinationNumberRecord, 'status' | 'rcs-agent-id' | 'destination'> = {
  repository: verifiedDestinationNumbers,
  filters: {
    status: { read: (v) => v.status, values: enumOf('VerificationStatus') },
    'rcs-agent-id': { read: (v) => v.rcsAgentId },
    destination: { read: (v) => v.destinationPhoneNumber },
  },
};

export const verifiedDestinationNumberHandlers: HandlerTable = {
  CreateVerifiedDestinationNumber: {
    mode: 'write',
    async handle(input, ctx) {
      // An RCS tester device of an agent (ID or ARN; ResourceNotFoundException when it names none).
      const agent = input.RcsAgentId !== undefined ? await requireRcsAgent(ctx, input.RcsAgentId) : undefined;
      const destination = withPlus(input.DestinationPhoneNumber);
      if (callingCodeOf(destination) === undefined) {
        const message = `${destination} starts with no assigned country calling code, so no message can reach it`;
        throw new ValidationException({ message, Reason: 'INVALID_PARAMETER', Fields: [{ Name: 'DestinationPhoneNumber', Message: message }] });
      }
      const existing = await verifiedDestinationNumbers.findByName(ctx, destination);
      if (existing) {
        throw new ConflictException({
          message: `${destination} is already a verified destination number (${existing.id}, ${existing.doc.status})`,
          Reason: 'RESOURCE_ALREADY_EXISTS',
          ResourceType: 'verified-destination-number',
          ResourceId: existing.id,
        });
      }
      checkQuota(ctx, 'VERIFIED_DESTINATION_NUMBERS', await verifiedDestinationNumbers.count(ctx), 'VERIFIED_DESTINATION_NUMBERS_PER_ACCOUNT');
      const id = verifiedDestinationNumbers.newId(ctx);
      const row = await verifiedDestinationNumbers.insert(ctx, id, {
        destinationPhoneNumber: destination,
        status: 'PENDING',
        ...(agent && { rcsAgentId: agent.id }),
      });
      const tags = await tagNewResource(ctx, verifiedDestinationNumbers.arn(ctx, id), input.Tags);
      return { ...toInformation(ctx, row), Tags: tags };
    },
  },

  SendDestinationNumberVerificationCode: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await verifiedDestinationNumbers.require(ctx, input.VerifiedDestinationNumberId);
      if (row.doc.status === 'VERIFIED') {
        throw new ConflictException({
          message: `${row.doc.destinationPhoneNumber} is already verified`,
          Reason: 'VERIFICATION_ALREADY_COMPLETE',
          ResourceType: 'verified-destination-number',
          ResourceId: row.id,
        });
      }
      const code = verificationCodeFrom(ctx.ids.uuid());
      const channel = input.VerificationChannel;
      const sent = await sendMessage(
        channel,
        {
          DestinationPhoneNumber: row.doc.destinationPhoneNumber,
          MessageBody: verificationMessageBody(code, channel),
          ...(input.OriginationIdentity !== undefined && { OriginationIdentity: input.OriginationIdentity }),
          ...(input.ConfigurationSetName !== undefined && { ConfigurationSetName: input.ConfigurationSetName }),
          ...(input.Context !== undefined && { Context: input.Context }),
        },
        {},
        ctx,
        { verificationCode: true },
      );
      // A new code replaces the previous one.
      await verifiedDestinationNumbers.update(ctx, row, {
        ...row.doc,
        verificationCode: code,
        codeExpiresAt: ctx.clock.now() + settings(ctx).verificationCodeLifetimeMs,
      });
      return sent;
    },
  },

  VerifyDestinationNumber: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await verifiedDestinationNumbers.require(ctx, input.VerifiedDestinationNumberId);
      const failure = checkVerification(row.doc, input.VerificationCode, ctx.clock.now());
      if (failure?.exception === 'ConflictException') {
        throw new ConflictException({ message: failure.message, Reason: failure.reason, ResourceType: 'verified-destination-number', ResourceId: row.id });
      }
      if (failure) {
        throw new ValidationException({
          message: failure.message,
          Reason: failure.reason,
          Fields: [{ Name: 'VerificationCode', Message: failure.message }],
        });
      }
      const updated = await verifiedDestinationNumbers.update(ctx, row, { destinationPhoneNumber: row.doc.destinationPhoneNumber, status: 'VERIFIED' });
      return toInformation(ctx, updated);
    },
  },

  DescribeVerifiedDestinationNumbers: {
    mode: 'read',
    async handle(input, ctx) {
      const destinations = (input.DestinationPhoneNumbers ?? []).map(withPlus);
      const { rows, nextToken } = await describePage(ctx, describeSpec, {
        ids: input.VerifiedDestinationNumberIds,
        idsMember: 'VerifiedDestinationNumberIds',
        filters: [...(input.Filters ?? []), ...(destinations.length ? [{ Name: 'destination' as const, Values: destinations }] : [])],
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return { VerifiedDestinationNumbers: rows.map((r) => toInformation(ctx, r)), ...(nextToken && { NextToken: nextToken }) };
    },
  },

  DeleteVerifiedDestinationNumber: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await verifiedDestinationNumbers.require(ctx, input.VerifiedDestinationNumberId);
      const arn = verifiedDestinationNumbers.arn(ctx, row.id);
      await verifiedDestinationNumbers.delete(ctx, row.id);
      await forgetResource(ctx, arn);
      const { Status: _status, ...deleted } = toInformation(ctx, row);
      return deleted;
    },
  },
};
