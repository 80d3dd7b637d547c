// CreatePool, DescribePools, UpdatePool, DeletePool, AssociateOriginationIdentity,
// DisassociateOriginationIdentity, ListPoolOriginationIdentities.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md section 3.
import { ConflictException } from '../generated/errors.js';
import type { PoolFilterName, PoolInformation, PoolOriginationIdentitiesFilterName, PoolStatus } from '../generated/types.js';
import { toEpochSeconds } from '../domain/clock.js';
import type { PoolMemberRecord, PoolRecord } from '../domain/origination-identities.js';
import { BOOLEAN_VALUES, describePage, enumOf, type DescribeSpec } from './describe.js';
import type { Stored } from './resource-layer.js';
import { notifyConfigurations, poolMembers, pools } from './resource-types.js';
import { checkDeletionProtection, checkQuota, resolveOriginationIdentity } from './origination-shared.js';
import { DEFAULT_OPT_OUT_LIST } from '../domain/opt-outs.js';
import { updatedIdentitySettings } from './opt-out-lists.js';
import { copyKeywords, deleteKeywordsOf } from './keywords.js';
import { checkJoin, join, leave } from './pool-membership.js';
import { tagNewResource, forgetResource } from './tags.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** The wire shape of a pool; `status` overrides the stored one in CreatePool's and DeletePool's answers. */
export function toPoolInformation(ctx: HandlerContext, p: PoolRecord, status: PoolStatus = p.status): PoolInformation {
  return {
    PoolArn: pools.arn(ctx, p.poolId),
    PoolId: p.poolId,
    Status: status,
    MessageType: p.messageType,
    TwoWayEnabled: p.twoWayEnabled,
    ...(p.twoWayChannelArn !== undefined && { TwoWayChannelArn: p.twoWayChannelArn }),
    ...(p.twoWayChannelRole !== undefined && { TwoWayChannelRole: p.twoWayChannelRole }),
    SelfManagedOptOutsEnabled: p.selfManagedOptOutsEnabled,
    OptOutListName: p.optOutListName,
    SharedRoutesEnabled: p.sharedRoutesEnabled,
    DeletionProtectionEnabled: p.deletionProtectionEnabled,
    CreatedTimestamp: toEpochSeconds(p.createdTimestamp),
  };
}

const poolSpec: DescribeSpec<PoolRecord, PoolFilterName> = {
  repository: pools,
  filters: {
    status: { read: (p) => p.status, values: enumOf('PoolStatus') },
    'message-type': { read: (p) => p.messageType, values: enumOf('MessageType') },
    'two-way-enabled': { read: (p) => p.twoWayEnabled, values: BOOLEAN_VALUES },
    'self-managed-opt-outs-enabled': { read: (p) => p.selfManagedOptOutsEnabled, values: BOOLEAN_VALUES },
    'opt-out-list-name': { read: (p) => p.optOutListName },
    'shared-routes-enabled': { read: (p) => p.sharedRoutesEnabled, values: BOOLEAN_VALUES },
    'deletion-protection-enabled': { read: (p) => p.deletionProtectionEnabled, values: BOOLEAN_VALUES },
    'two-way-channel-arn': { read: (p) => p.twoWayChannelArn },
  },
};

const memberSpec: DescribeSpec<PoolMemberRecord, PoolOriginationIdentitiesFilterName> = {
  repository: poolMembers,
  filters: {
    'iso-country-code': { read: (m) => m.isoCountryCode },
    'number-capability': { read: (m) => m.numberCapabilities, values: enumOf('NumberCapability') },
  },
};

/** Every member of a pool. */
async function allMembers(ctx: HandlerContext, poolId: string): Promise<Stored<PoolMemberRecord>[]> {
  const members: Stored<PoolMemberRecord>[] = [];
  for (;;) {
    const last = members[members.length - 1];
    const rows = await poolMembers.list(ctx, { parent: poolId, after: last && { parent: poolId, id: last.id }, limit: 500 });
    members.push(...rows);
    if (rows.length < 500) return members;
  }
}

/** The first notify configuration whose PoolId is the pool, if any. */
async function notifyConfigurationUsing(ctx: HandlerContext, poolId: string): Promise<string | undefined> {
  let after: { parent: string; id: string } | undefined;
  for (;;) {
    const rows = await notifyConfigurations.list(ctx, { after, limit: 500 });
    const found = rows.find((r) => r.doc.poolId === poolId);
    if (found || rows.length < 500) return found?.id;
    after = rows[rows.length - 1];
  }
}

const membershipAnswer = (ctx: HandlerContext, pool: PoolRecord, m: PoolMemberRecord) => ({
  PoolArn: pools.arn(ctx, pool.poolId),
  PoolId: pool.poolId,
  OriginationIdentityArn: m.originationIdentityArn,
  OriginationIdentity: m.originationIdentity,
  // An RCS agent has no country.
  ...(m.isoCountryCode !== '' && { IsoCountryCode: m.isoCountryCode }),
});

export const poolHandlers: HandlerTable = {
  CreatePool: {
    mode: 'write',
    async handle(input, ctx) {
      const identity = await resolveOriginationIdentity(ctx, input.OriginationIdentity, input.IsoCountryCode);
      checkQuota(ctx, 'POOLS', await pools.count(ctx), 'POOLS_PER_ACCOUNT');
      const id = pools.newId(ctx);
      // The pool copies its first identity's settings; a sender ID has none of its own (the defaults).
      const source = identity.kind === 'sender-id' ? undefined : identity.row.doc;
      const record: PoolRecord = {
        poolId: id,
        status: 'ACTIVE',
        messageType: input.MessageType,
        twoWayEnabled: source?.twoWayEnabled ?? false,
        ...(source?.twoWayChannelArn !== undefined && { twoWayChannelArn: source.twoWayChannelArn }),
        ...(source?.twoWayChannelRole !== undefined && { twoWayChannelRole: source.twoWayChannelRole }),
        selfManagedOptOutsEnabled: source?.selfManagedOptOutsEnabled ?? false,
        optOutListName: source?.optOutListName ?? DEFAULT_OPT_OUT_LIST,
        sharedRoutesEnabled: false,
        deletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
        createdTimestamp: ctx.clock.now(),
      };
      await checkJoin(ctx, record, identity, { first: true });
      // The message type is the caller's choice, so it must suit the first identity too (an RCS agent carries both).
      const number = identity.kind === 'phone-number' ? identity.row.doc : undefined;
      if (number && number.messageType !== input.MessageType) {
        throw new ConflictException({
          message: `The phone number ${number.phoneNumberId} carries ${number.messageType} messages, not ${input.MessageType}`,
          Reason: 'MESSAGE_TYPE_MISMATCH',
          ResourceType: 'phone-number',
          ResourceId: number.phoneNumberId,
        });
      }
      await pools.insert(ctx, id, record);
      await join(ctx, record, identity);
      if (identity.kind !== 'sender-id') await copyKeywords(ctx, identity.row.id, id);
      const tags = await tagNewResource(ctx, pools.arn(ctx, id), input.Tags);
      // CREATING in the answer, ACTIVE from the next read (Terraform waits CREATING -> ACTIVE).
      const { Status, ...information } = toPoolInformation(ctx, record, 'CREATING');
      return { ...information, Status, Tags: tags };
    },
  },

  DescribePools: {
    mode: 'read',
    async handle(input, ctx) {
      const page = await describePage(ctx, poolSpec, {
        ids: input.PoolIds,
        idsMember: 'PoolIds',
        owner: input.Owner,
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return { Pools: page.rows.map((r) => toPoolInformation(ctx, r.doc)), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  },

  UpdatePool: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await pools.require(ctx, input.PoolId);
      const doc: PoolRecord = {
        ...row.doc,
        ...(await updatedIdentitySettings(ctx, input)),
        ...(input.SharedRoutesEnabled !== undefined && { sharedRoutesEnabled: input.SharedRoutesEnabled }),
      };
      await pools.update(ctx, row, doc);
      return toPoolInformation(ctx, doc);
    },
  },

  DeletePool: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await pools.require(ctx, input.PoolId);
      checkDeletionProtection(row.doc.deletionProtectionEnabled, 'pool', row.id);
      const notify = await notifyConfigurationUsing(ctx, row.id);
      if (notify) {
        throw new ConflictException({
          message: `The pool ${row.id} is used by the notify configuration ${notify}; change its PoolId first`,
          Reason: 'POOL_ASSOCIATED_TO_NOTIFY_CONFIGURATION',
          ResourceType: 'pool',
          ResourceId: row.id,
        });
      }
      for (const member of await allMembers(ctx, row.id)) await leave(ctx, row.id, member);
      await pools.delete(ctx, row.id);
      await deleteKeywordsOf(ctx, row.id);
      await forgetResource(ctx, pools.arn(ctx, row.id));
      const { DeletionProtectionEnabled: _d, ...information } = toPoolInformation(ctx, row.doc, 'DELETING');
      return information;
    },
  },

  AssociateOriginationIdentity: {
    mode: 'write',
    async handle(input, ctx) {
      const pool = await pools.require(ctx, input.PoolId);
      const identity = await resolveOriginationIdentity(ctx, input.OriginationIdentity, input.IsoCountryCode);
      await checkJoin(ctx, pool.doc, identity);
      return membershipAnswer(ctx, pool.doc, await join(ctx, pool.doc, identity));
    },
  },

  DisassociateOriginationIdentity: {
    mode: 'write',
    async handle(input, ctx) {
      const pool = await pools.require(ctx, input.PoolId);
      const identity = await resolveOriginationIdentity(ctx, input.OriginationIdentity, input.IsoCountryCode);
      const members = await allMembers(ctx, pool.id);
      const member = members.find((m) => m.doc.resourceId === identity.row.id && m.doc.kind === identity.kind);
      const conflict = (reason: 'PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL' | 'LAST_PHONE_NUMBER', message: string) =>
        new ConflictException({ message, Reason: reason, ResourceType: 'pool', ResourceId: pool.id });
      if (!member) throw conflict('PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL', `${input.OriginationIdentity} is not in pool ${pool.id}`);
      if (members.length === 1)
        throw conflict('LAST_PHONE_NUMBER', `${input.OriginationIdentity} is the last origination identity of pool ${pool.id}; delete the pool instead`);
      await leave(ctx, pool.id, member);
      return membershipAnswer(ctx, pool.doc, member.doc);
    },
  },

  ListPoolOriginationIdentities: {
    mode: 'read',
    async handle(input, ctx) {
      const pool = await pools.require(ctx, input.PoolId);
      const page = await describePage(ctx, memberSpec, {
        parent: pool.id,
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return {
        PoolArn: pools.arn(ctx, pool.id),
        PoolId: pool.id,
        OriginationIdentities: page.rows.map(({ doc: m }) => ({
          OriginationIdentityArn: m.originationIdentityArn,
          OriginationIdentity: m.originationIdentity,
          // Required by the model, but an RCS agent has no country: it answers an empty string.
          IsoCountryCode: m.isoCountryCode,
          NumberCapabilities: m.numberCapabilities,
          ...(m.phoneNumber !== undefined && { PhoneNumber: m.phoneNumber }),
        })),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },
};
