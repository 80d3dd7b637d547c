// The one place that decides which origination identity a send goes out from: it resolves the
// request's OriginationIdentity (E.164 number, PhoneNumberId/Arn, SenderId/Arn, PoolId/Arn,
// RcsAgentId/Arn), or
// picks one when none is given, and applies the send rules of ../domain/send-rules.ts.
// AWS facts: ../shared/notes/aws-behavior-rest-of-api.md sections 1.6, 2.4, 3.5 and 12.2.
import { ConflictException, ResourceNotFoundException, ValidationException } from '../generated/errors.js';
import { isOwnArn, parseArn } from '../domain/arn.js';
import {
  currentNumberStatus,
  senderIdAvailable,
  type PhoneNumberRecord,
  type PoolMemberRecord,
  type SenderIdRecord,
} from '../domain/origination-identities.js';
import { checkOptOut, checkSend, CAPABILITY_FOR_CHANNEL, type RuleFailure, type SendCandidate, type SendRequest } from '../domain/send-rules.js';
import type { ConfigurationSetRecord } from '../storage/store.js';
import { DEFAULT_OPT_OUT_LIST } from '../domain/opt-outs.js';
import { isOptedOut } from './opt-out-lists.js';
import { notFound, type Repository, type Stored } from './resource-layer.js';
import { phoneNumbers, poolMembers, pools, rcsAgents, senderIdName, senderIds } from './resource-types.js';
import { SENDING_AGENT_STATUSES, type RcsAgentRecord } from '../domain/rcs-agents.js';
import { agentViewAt, reachableCountries } from './rcs-agent-view.js';
import { RCS_AGENT_ID } from './origination-shared.js';
import type { HandlerContext } from './types.js';

/** The identity a send goes out from, as its events carry it. */
export interface ResolvedOrigination {
  /** E.164 number or sender ID: the events' `originationPhoneNumber`. */
  origination: string;
  arn: string;
  /** The identity's message type when the request named none (numbers carry one type). */
  messageType?: string;
  /** The opt-out list that governs the send: the pool's for a pool or a number in one, else the number's, else `Default`. */
  optOutListName: string;
  /** What kind of identity sends: an RCS agent's sends follow a protect configuration's RCS rules. */
  kind: SendCandidate['kind'];
}

/** Pages scanned when looking for a fitting identity (each page holds PAGE identities). */
const PAGE = 100;

function toError(failure: RuleFailure): ConflictException | ValidationException {
  const members = { message: failure.message, Reason: failure.reason as never };
  return failure.exception === 'ConflictException' ? new ConflictException(members) : new ValidationException(members);
}

function phoneCandidate(ctx: HandlerContext, row: Stored<PhoneNumberRecord>): SendCandidate {
  const n = row.doc;
  return {
    kind: 'phone-number',
    origination: n.phoneNumber,
    arn: phoneNumbers.arn(ctx, row.id),
    status: currentNumberStatus(n, ctx.clock.now()) ?? 'DELETED',
    isoCountryCode: n.isoCountryCode,
    capabilities: n.numberCapabilities,
    messageTypes: [n.messageType],
    numberType: n.numberType,
    internationalSendingEnabled: n.internationalSendingEnabled,
    optOutListName: n.optOutListName,
    ...(n.poolId !== undefined && { poolId: n.poolId }),
  };
}

function senderIdCandidate(ctx: HandlerContext, row: Stored<SenderIdRecord>): SendCandidate {
  const s = row.doc;
  return {
    kind: 'sender-id',
    origination: s.senderId,
    arn: senderIds.arn(ctx, row.id),
    // A sender ID a registration creates on approval exists only from then.
    status: senderIdAvailable(s, ctx.clock.now()) ? 'ACTIVE' : 'PENDING',
    isoCountryCode: s.isoCountryCode,
    capabilities: ['SMS'],
    // A sender ID requested with no MessageTypes carries both.
    messageTypes: s.messageTypes.length ? s.messageTypes : ['TRANSACTIONAL', 'PROMOTIONAL'],
  };
}

async function agentCandidate(ctx: HandlerContext, row: Stored<RcsAgentRecord>): Promise<SendCandidate> {
  const a = row.doc;
  const view = await agentViewAt(ctx, a);
  return {
    kind: 'rcs-agent',
    origination: a.rcsAgentId,
    arn: rcsAgents.arn(ctx, row.id),
    // An agent sends once its testing agent or a country launch is active.
    status: SENDING_AGENT_STATUSES.has(view.status) ? 'ACTIVE' : view.status,
    isoCountryCode: '',
    countries: reachableCountries(view),
    // Texts go out through the agent (SendTextMessage, as for SMS [RCS-S]).
    capabilities: ['SMS'],
    messageTypes: ['TRANSACTIONAL', 'PROMOTIONAL'],
    optOutListName: a.optOutListName,
    ...(a.poolId !== undefined && { poolId: a.poolId }),
  };
}

/**
 * The chosen identity, after the last rule: a destination on the opt-out list that governs the
 * send (the pool's list when sent through a pool or from a number in a pool, as the number's
 * inbound STOPs go there) is ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT.
 */
async function resolved(ctx: HandlerContext, c: SendCandidate, request: SendRequest, poolListName?: string): Promise<ResolvedOrigination> {
  const memberOf = poolListName === undefined && c.poolId !== undefined ? (await pools.get(ctx, c.poolId))?.doc : undefined;
  const optOutListName = poolListName ?? memberOf?.optOutListName ?? c.optOutListName ?? DEFAULT_OPT_OUT_LIST;
  const failure = checkOptOut(request, optOutListName, await isOptedOut(ctx, optOutListName, request.destination));
  if (failure) {
    throw new ConflictException({
      message: failure.message,
      Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
      ResourceType: 'opt-out-list',
      ResourceId: optOutListName,
    });
  }
  return {
    origination: c.origination,
    arn: c.arn,
    ...(c.kind === 'phone-number' && c.messageTypes.length === 1 && { messageType: c.messageTypes[0] }),
    optOutListName,
    kind: c.kind,
  };
}

/**
 * The sender ID a value (no country) names for the destination's country: the one of that exact
 * value, else the one of its upper-case form (sender IDs keep the case they were requested in).
 */
async function findSenderId(ctx: HandlerContext, senderId: string, country: string): Promise<Stored<SenderIdRecord> | undefined> {
  // Sender IDs are case-insensitive within a country (notes 2.1): their unique name is the upper-cased key.
  return senderIds.findByName(ctx, senderIdName(senderId, country));
}

/** Generated ids; a sender ID (at most 11 characters) can never take this form, though it may start alike (`pool-A`). */
const PHONE_NUMBER_ID = /^phone-[0-9a-f]{32}$/;
const POOL_ID = /^pool-[0-9a-f]{32}$/;
/** The identity types an OriginationIdentity ARN may name. */
const IDENTITY_TYPES: readonly string[] = ['phone-number', 'sender-id', 'pool', 'rcs-agent'];

/** Every row of a repository under `parent`, a page at a time, in id order. */
async function* scan<D>(ctx: HandlerContext, repo: Repository<D>, parent: string): AsyncGenerator<Stored<D>> {
  let after: { parent: string; id: string } | undefined;
  for (;;) {
    const rows = await repo.list(ctx, { parent, limit: PAGE, ...(after && { after }) });
    yield* rows;
    if (rows.length < PAGE) return;
    after = { parent, id: rows[rows.length - 1].id };
  }
}

/** The first member of a pool, in membership order, that may send this message. */
async function fittingPoolMember(ctx: HandlerContext, poolId: string, request: SendRequest): Promise<SendCandidate | undefined> {
  for await (const member of scan(ctx, poolMembers, poolId)) {
    const candidate = await memberCandidate(ctx, member.doc);
    if (candidate && !checkSend(candidate, request)) return candidate;
  }
  return undefined;
}

async function memberCandidate(ctx: HandlerContext, member: PoolMemberRecord): Promise<SendCandidate | undefined> {
  if (member.kind === 'rcs-agent') {
    const row = await rcsAgents.get(ctx, member.resourceId);
    return row && agentCandidate(ctx, row);
  }
  if (member.kind === 'phone-number') {
    const row = await phoneNumbers.get(ctx, member.resourceId);
    return row && phoneCandidate(ctx, row);
  }
  const row = await senderIds.get(ctx, member.resourceId);
  return row && senderIdCandidate(ctx, row);
}

function noIdentityFound(request: SendRequest, detail: string): ConflictException {
  const country = request.destinationCountry ?? 'US';
  const capability = CAPABILITY_FOR_CHANNEL[request.channel];
  // A simulator number is the easy choice for a US message, but it never sends a verification code.
  const numberType = country === 'US' && !request.verificationCode ? 'SIMULATOR' : 'LONG_CODE';
  return new ConflictException({
    message:
      `No origination identity can send this ${request.channel.toLowerCase()} message to ${request.destination}: ${detail}. ` +
      `Request one, e.g.: aws pinpoint-sms-voice-v2 request-phone-number --iso-country-code ${country} ` +
      `--message-type TRANSACTIONAL --number-capabilities ${capability} --number-type ${numberType}`,
    Reason: 'NO_ORIGINATION_IDENTITIES_FOUND',
  });
}

/** The first identity of the account that may send this message: phone numbers, then sender IDs, in id order. */
async function fittingAccountIdentity(ctx: HandlerContext, request: SendRequest): Promise<SendCandidate | undefined> {
  for await (const row of scan(ctx, phoneNumbers, '')) {
    const candidate = phoneCandidate(ctx, row);
    if (!checkSend(candidate, request)) return candidate;
  }
  for await (const row of scan(ctx, senderIds, '')) {
    const candidate = senderIdCandidate(ctx, row);
    if (!checkSend(candidate, request)) return candidate;
  }
  return undefined;
}

/** Looks up the identity an OriginationIdentity value names; ResourceNotFoundException when it is none. */
async function namedIdentity(ctx: HandlerContext, value: string, request: SendRequest): Promise<SendCandidate | { poolId: string; optOutListName: string }> {
  let type: string;
  let id: string;
  if (value.startsWith('arn:')) {
    const parsed = parseArn(value);
    if (!parsed || !isOwnArn(parsed, ctx.scope)) {
      // Another account's or region's ARN names nothing here (resources are not shared locally).
      if (parsed && IDENTITY_TYPES.includes(parsed.resourceType))
        throw notFound(parsed.resourceType as 'phone-number' | 'sender-id' | 'pool' | 'rcs-agent', value);
      throw new ResourceNotFoundException({ message: `Origination identity ${value} does not exist`, ResourceId: value });
    }
    [type, id] = [parsed.resourceType, parsed.resourceId];
  } else if (value.startsWith('+')) {
    const row = await phoneNumbers.findByName(ctx, value);
    if (!row || currentNumberStatus(row.doc, ctx.clock.now()) === undefined) throw notFound('phone-number', value);
    return phoneCandidate(ctx, row);
  } else if (PHONE_NUMBER_ID.test(value)) {
    [type, id] = ['phone-number', value];
  } else if (POOL_ID.test(value)) {
    [type, id] = ['pool', value];
  } else if (RCS_AGENT_ID.test(value)) {
    [type, id] = ['rcs-agent', value];
  } else {
    const row = await findSenderId(ctx, value, request.destinationCountry ?? '');
    if (!row || !senderIdAvailable(row.doc, ctx.clock.now())) throw notFound('sender-id', value);
    return senderIdCandidate(ctx, row);
  }
  switch (type) {
    case 'phone-number': {
      const row = await phoneNumbers.get(ctx, id);
      if (!row || currentNumberStatus(row.doc, ctx.clock.now()) === undefined) throw notFound('phone-number', value);
      return phoneCandidate(ctx, row);
    }
    case 'rcs-agent': {
      const row = await rcsAgents.get(ctx, id);
      if (!row) throw notFound('rcs-agent', value);
      return agentCandidate(ctx, row);
    }
    case 'sender-id': {
      const row = await senderIds.findByName(ctx, id.toUpperCase());
      if (!row || !senderIdAvailable(row.doc, ctx.clock.now())) throw notFound('sender-id', value);
      return senderIdCandidate(ctx, row);
    }
    case 'pool': {
      const row = await pools.get(ctx, id);
      if (!row) throw notFound('pool', value);
      if (row.doc.status !== 'ACTIVE') {
        throw new ConflictException({
          message: `Pool ${value} is ${row.doc.status}, not ACTIVE`,
          Reason: 'RESOURCE_NOT_ACTIVE',
          ResourceType: 'pool',
          ResourceId: value,
        });
      }
      return { poolId: row.id, optOutListName: row.doc.optOutListName };
    }
    default:
      throw new ResourceNotFoundException({ message: `Origination identity ${value} does not exist`, ResourceId: value });
  }
}

/**
 * Decides the origination of a send. With an OriginationIdentity: that identity, which must pass
 * every send rule (its error otherwise), or for a pool the first member that passes (else
 * ConflictException NO_ORIGINATION_IDENTITIES_FOUND). With none: the configuration set's default
 * sender ID where it exists and fits, else the first identity of the account that fits, else
 * ConflictException NO_ORIGINATION_IDENTITIES_FOUND naming the CLI command that requests one.
 * Once chosen, a destination on the governing opt-out list is ConflictException DESTINATION_PHONE_NUMBER_OPTED_OUT.
 * @throws ResourceNotFoundException (ResourceType phone-number, sender-id or pool), ConflictException, ValidationException
 */
export async function resolveOrigination(
  ctx: HandlerContext,
  request: SendRequest,
  originationIdentity: string | undefined,
  set: ConfigurationSetRecord | undefined,
): Promise<ResolvedOrigination> {
  if (originationIdentity !== undefined) {
    const named = await namedIdentity(ctx, originationIdentity, request);
    if (!('kind' in named)) {
      const fit = await fittingPoolMember(ctx, named.poolId, request);
      if (!fit) throw noIdentityFound(request, `no member of pool ${originationIdentity} fits it`);
      return resolved(ctx, fit, request, named.optOutListName);
    }
    const failure = checkSend(named, request);
    if (failure) throw toError(failure);
    return resolved(ctx, named, request);
  }
  if (set?.defaultSenderId !== undefined && request.destinationCountry !== undefined) {
    const row = await findSenderId(ctx, set.defaultSenderId, request.destinationCountry);
    const candidate = row && senderIdCandidate(ctx, row);
    if (candidate && !checkSend(candidate, request)) return resolved(ctx, candidate, request);
  }
  const fit = await fittingAccountIdentity(ctx, request);
  if (!fit) throw noIdentityFound(request, 'the account has no active identity that fits it');
  return resolved(ctx, fit, request);
}
