// Joining and leaving pools: the rules every way of adding an identity to a pool shares (CreatePool,
// AssociateOriginationIdentity, RequestPhoneNumber with PoolId). Membership is one `poolMembers`
// row per identity under the pool, and, for a phone number, its record's `poolId`.
import { ConflictException } from '../generated/errors.js';
import type { ConflictExceptionReason } from '../generated/types.js';
import type { PoolMemberRecord, PoolRecord } from '../domain/origination-identities.js';
import type { Stored } from './resource-layer.js';
import { phoneNumbers, poolMembers, rcsAgents, senderIds } from './resource-types.js';
import { checkQuota, numberStatusNow, type OriginationIdentity } from './origination-shared.js';
import type { HandlerContext } from './types.js';

const conflict = (reason: ConflictExceptionReason, message: string, type: 'phone-number' | 'sender-id' | 'rcs-agent' | 'pool', id: string) =>
  new ConflictException({ message, Reason: reason, ResourceType: type, ResourceId: id });

/** The identity's ARN and what ListPoolOriginationIdentities shows of it. */
export function memberRecord(ctx: HandlerContext, identity: OriginationIdentity): PoolMemberRecord {
  if (identity.kind === 'phone-number') {
    const n = identity.row.doc;
    return {
      originationIdentityArn: phoneNumbers.arn(ctx, identity.row.id),
      originationIdentity: n.phoneNumberId,
      kind: 'phone-number',
      resourceId: identity.row.id,
      isoCountryCode: n.isoCountryCode,
      numberCapabilities: n.numberCapabilities,
      phoneNumber: n.phoneNumber,
    };
  }
  if (identity.kind === 'rcs-agent') {
    return {
      originationIdentityArn: rcsAgents.arn(ctx, identity.row.id),
      originationIdentity: identity.row.id,
      kind: 'rcs-agent',
      resourceId: identity.row.id,
      // An agent has no country of its own; it carries text messages.
      isoCountryCode: '',
      numberCapabilities: ['SMS'],
    };
  }
  const s = identity.row.doc;
  return {
    originationIdentityArn: senderIds.arn(ctx, identity.row.id),
    originationIdentity: s.senderId,
    kind: 'sender-id',
    resourceId: identity.row.id,
    isoCountryCode: s.isoCountryCode,
    // Sender IDs carry text messages only.
    numberCapabilities: ['SMS'],
  };
}

/**
 * The checks before `identity` joins `pool`, in this order: a phone number must be ACTIVE (unless
 * `requested`: a number that RequestPhoneNumber is creating in the pool)
 * (RESOURCE_NOT_ACTIVE); a phone number or RCS agent must be in no pool (PHONE_NUMBER_ASSOCIATED_TO_POOL
 * or RCS_AGENT_ASSOCIATED_TO_POOL, or RESOURCE_ALREADY_ASSOCIATED for this pool); a sender ID not already in this pool (RESOURCE_ALREADY_ASSOCIATED); its settings
 * must match the pool's (MESSAGE_TYPE_MISMATCH, OPT_OUT_LIST_MISMATCH, TWO_WAY_CONFIG_MISMATCH,
 * SELF_MANAGED_OPT_OUTS_MISMATCH), unless it is the pool's first identity; and the pool must have
 * room (ServiceQuotaExceededException ORIGINATION_IDENTITIES_PER_POOL).
 */
export async function checkJoin(
  ctx: HandlerContext,
  pool: PoolRecord,
  identity: OriginationIdentity,
  { first = false, requested = false }: { first?: boolean; requested?: boolean } = {},
): Promise<void> {
  const id = identity.kind === 'phone-number' ? identity.row.doc.phoneNumberId : identity.row.id;
  if (identity.kind !== 'sender-id') {
    const n = identity.row.doc;
    const type = identity.kind;
    const what = type === 'phone-number' ? 'phone number' : 'RCS agent';
    if (identity.kind === 'phone-number' && !requested && numberStatusNow(ctx, identity.row.doc) !== 'ACTIVE')
      throw conflict('RESOURCE_NOT_ACTIVE', `The phone number ${id} is not ACTIVE`, type, id);
    if (n.poolId === pool.poolId) throw conflict('RESOURCE_ALREADY_ASSOCIATED', `The ${what} ${id} is already in pool ${pool.poolId}`, type, id);
    if (n.poolId !== undefined) {
      const reason = type === 'phone-number' ? 'PHONE_NUMBER_ASSOCIATED_TO_POOL' : 'RCS_AGENT_ASSOCIATED_TO_POOL';
      throw conflict(reason, `The ${what} ${id} is already in pool ${n.poolId}`, type, id);
    }
    if (!first) {
      const mismatch: [boolean, ConflictExceptionReason, string][] = [
        // An RCS agent carries both message types.
        [identity.kind === 'phone-number' && identity.row.doc.messageType !== pool.messageType, 'MESSAGE_TYPE_MISMATCH', 'message type'],
        [n.optOutListName !== pool.optOutListName, 'OPT_OUT_LIST_MISMATCH', 'opt-out list'],
        [
          n.twoWayEnabled !== pool.twoWayEnabled || (n.twoWayChannelArn ?? '') !== (pool.twoWayChannelArn ?? ''),
          'TWO_WAY_CONFIG_MISMATCH',
          'two-way configuration',
        ],
        [n.selfManagedOptOutsEnabled !== pool.selfManagedOptOutsEnabled, 'SELF_MANAGED_OPT_OUTS_MISMATCH', 'self-managed opt-outs setting'],
      ];
      for (const [differs, reason, what2] of mismatch) {
        if (differs) throw conflict(reason, `The ${what2} of ${what} ${id} does not match pool ${pool.poolId}`, type, id);
      }
    }
  } else {
    if (await poolMembers.get(ctx, memberRecord(ctx, identity).originationIdentityArn, pool.poolId)) {
      throw conflict('RESOURCE_ALREADY_ASSOCIATED', `The sender ID ${id} is already in pool ${pool.poolId}`, 'sender-id', id);
    }
    if (!identity.row.doc.messageTypes.includes(pool.messageType)) {
      throw conflict('MESSAGE_TYPE_MISMATCH', `The sender ID ${id} does not carry ${pool.messageType} messages`, 'sender-id', id);
    }
  }
  checkQuota(ctx, 'ORIGINATION_IDENTITIES_PER_POOL', await poolMembers.count(ctx, pool.poolId), 'ORIGINATION_IDENTITIES_PER_POOL');
}

/** Adds the identity to the pool (after `checkJoin`); answers its membership record. */
export async function join(ctx: HandlerContext, pool: PoolRecord, identity: OriginationIdentity): Promise<PoolMemberRecord> {
  const member = memberRecord(ctx, identity);
  await poolMembers.insert(ctx, member.originationIdentityArn, member, pool.poolId);
  if (identity.kind === 'phone-number') await phoneNumbers.update(ctx, identity.row, { ...identity.row.doc, poolId: pool.poolId });
  if (identity.kind === 'rcs-agent') await rcsAgents.update(ctx, identity.row, { ...identity.row.doc, poolId: pool.poolId });
  return member;
}

/** Removes a member from its pool, clearing a phone number's or RCS agent's `poolId`. */
export async function leave(ctx: HandlerContext, poolId: string, member: Stored<PoolMemberRecord>): Promise<void> {
  await poolMembers.delete(ctx, member.id, poolId);
  if (member.doc.kind === 'rcs-agent') {
    const agent = await rcsAgents.get(ctx, member.doc.resourceId);
    if (agent?.doc.poolId === poolId) {
      const { poolId: _left, ...rest } = agent.doc;
      await rcsAgents.update(ctx, agent, rest);
    }
  }
  if (member.doc.kind !== 'phone-number') return;
  const number = await phoneNumbers.get(ctx, member.doc.resourceId);
  if (number?.doc.poolId === poolId) {
    const { poolId: _left, ...rest } = number.doc;
    await phoneNumbers.update(ctx, number, rest);
  }
}
