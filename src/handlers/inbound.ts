// The simulated handset's side of two-way SMS: an end user's message to a number of the account,
// and everything AWS does with it, in one transaction: keyword processing (opt-out, opt-in,
// automatic response), the reply as a real outbound message, and the two-way publication to the
// number's (or pool's) SNS topic through the outbox. Facts: ../shared/notes/aws-behavior-rest-of-api.md 4.4-4.5, 5.
import { ConflictException, ResourceNotFoundException } from '../generated/errors.js';
import { messageParts } from '../domain/message-parts.js';
import { currentNumberStatus, type PhoneNumberRecord } from '../domain/origination-identities.js';
import { matchKeyword, type KeywordMatch } from '../domain/opt-outs.js';
import { isoCountryOf } from '../domain/phone.js';
import { outcomeFor } from '../domain/simulator.js';
import type { MessageEventRecord, MessageRecord } from '../events/message.js';
import type { DeliveryRecord } from '../storage/store.js';
import { DEFAULT_TTL_SECONDS, recordOutboundMessage } from './messages.js';
import { keywordsOf } from './keywords.js';
import { putOptedOutNumber } from './opt-out-lists.js';
import type { Stored } from './resource-layer.js';
import { optedOutNumbers, phoneNumbers, pools } from './resource-types.js';
import type { HandlerContext } from './types.js';

/** What a handset sends: `POST /_local/inbound`'s body, checked by `parseInboundRequest`. */
export interface InboundRequest {
  /** The handset's number, E.164. */
  originationNumber: string;
  /** A number of the account, E.164. */
  destinationNumber: string;
  messageBody: string;
  previousPublishedMessageId?: string;
}

export interface InboundResult {
  inboundMessageId: string;
  keyword?: string;
  action: KeywordMatch['action'];
  /** The service's reply, when it sent one. */
  messageId?: string;
}

/** The event type under which an inbound message's two-way publication appears in `/_local/events`. */
export const INBOUND_EVENT_TYPE = 'INBOUND_TEXT';
/** An SNS topic ARN: the two-way channels published to (Amazon Connect channels are not simulated). */
const SNS_TOPIC_ARN = /^arn:[^:]+:sns:[^:]+:\d{12}:[^:/]+$/;
/** The outbox destination name of a two-way channel. */
export const TWO_WAY_DESTINATION = 'two-way-channel';
/** The configuration set name of a two-way publication's delivery: it belongs to no set. */
export const TWO_WAY_CONFIGURATION_SET = '';

/** The settings that govern a number's inbound messages: its pool's when it is in one, else its own. */
interface Governing {
  keywordOwner: string;
  optOutListName: string;
  selfManaged: boolean;
  twoWayChannelArn?: string;
}

async function governing(ctx: HandlerContext, number: PhoneNumberRecord): Promise<Governing> {
  const pool = number.poolId === undefined ? undefined : (await pools.get(ctx, number.poolId))?.doc;
  const source = pool ?? number;
  return {
    keywordOwner: pool?.poolId ?? number.phoneNumberId,
    optOutListName: source.optOutListName,
    selfManaged: source.selfManagedOptOutsEnabled,
    ...(source.twoWayEnabled && source.twoWayChannelArn !== undefined && { twoWayChannelArn: source.twoWayChannelArn }),
  };
}

/** The account's number an inbound message goes to; it must exist and be ACTIVE. */
async function requireReceivingNumber(ctx: HandlerContext, e164: string): Promise<Stored<PhoneNumberRecord>> {
  const row = await phoneNumbers.findByName(ctx, e164);
  const status = row && currentNumberStatus(row.doc, ctx.clock.now());
  if (!row || status === undefined || status === 'DELETED') {
    throw new ResourceNotFoundException({
      message: `${e164} is not a phone number of account ${ctx.scope.accountId} in ${ctx.scope.region}`,
      ResourceType: 'phone-number',
      ResourceId: e164,
    });
  }
  if (status !== 'ACTIVE') {
    throw new ConflictException({
      message: `The phone number ${e164} is ${status}, not ACTIVE`,
      Reason: 'RESOURCE_NOT_ACTIVE',
      ResourceType: 'phone-number',
      ResourceId: row.id,
    });
  }
  return row;
}

/**
 * The configuration set of a reply: the one of the message the handset replied to
 * (previousPublishedMessageId) when that message was sent to this handset; else none.
 */
async function replySet(ctx: HandlerContext, handset: string, previousId: string | undefined): Promise<string | undefined> {
  if (previousId === undefined) return undefined;
  const [previous] = await ctx.tx.listMessages({ accountId: ctx.scope.accountId, region: ctx.scope.region, messageId: previousId, limit: 1 });
  const m = previous?.message;
  if (!m || m.direction === 'INBOUND' || m.destinationPhoneNumber !== handset) return undefined;
  // The set may have been deleted since; a reply then goes through no set.
  return m.configurationSetName !== undefined && (await ctx.tx.findConfigurationSet(ctx.scope, m.configurationSetName)) ? m.configurationSetName : undefined;
}

async function sendReply(ctx: HandlerContext, number: Stored<PhoneNumberRecord>, handset: string, body: string, set: string | undefined): Promise<string> {
  const { encoding, parts } = messageParts(body);
  const isoCountryCode = isoCountryOf(handset);
  const message: MessageRecord = {
    messageId: ctx.ids.messageId(),
    channel: 'TEXT',
    ...(set !== undefined && { configurationSetName: set }),
    originationIdentity: number.doc.phoneNumber,
    originationIdentityArn: phoneNumbers.arn(ctx, number.id),
    destinationPhoneNumber: handset,
    ...(isoCountryCode && { isoCountryCode }),
    messageBody: body,
    messageType: number.doc.messageType,
    requestTimestamp: ctx.clock.now(),
    timeToLive: DEFAULT_TTL_SECONDS,
    outcome: isoCountryCode ? outcomeFor('TEXT', handset) : 'INVALID',
    encoding,
    parts,
  };
  await recordOutboundMessage(ctx, message);
  return message.messageId;
}

/**
 * The AWS two-way payload (User Guide, two-way SMS): `messageKeyword` is the keyword matched, or
 * `KEYWORD_<account id>` when none matched, as observed in real payloads.
 */
export function inboundPayload(accountId: string, request: InboundRequest, inboundMessageId: string, keyword: string | undefined) {
  return {
    originationNumber: request.originationNumber,
    destinationNumber: request.destinationNumber,
    messageKeyword: keyword ?? `KEYWORD_${accountId}`,
    messageBody: request.messageBody,
    inboundMessageId,
    ...(request.previousPublishedMessageId !== undefined && { previousPublishedMessageId: request.previousPublishedMessageId }),
  };
}

/** Records the inbound message and, for an SNS two-way channel, its publication as an outbox delivery. */
async function recordInbound(ctx: HandlerContext, request: InboundRequest, id: string, keyword: string | undefined, channelArn: string | undefined) {
  const now = ctx.clock.now();
  const inbound: MessageRecord = {
    messageId: id,
    direction: 'INBOUND',
    channel: 'TEXT',
    originationIdentity: request.originationNumber,
    destinationPhoneNumber: request.destinationNumber,
    messageBody: request.messageBody,
    ...(keyword !== undefined && { keyword }),
    ...(request.previousPublishedMessageId !== undefined && { previousPublishedMessageId: request.previousPublishedMessageId }),
    requestTimestamp: now,
    timeToLive: 0,
    outcome: 'DELIVERED',
  };
  const publishTo = channelArn !== undefined && SNS_TOPIC_ARN.test(channelArn) ? channelArn : undefined;
  const event: MessageEventRecord = {
    eventId: ctx.ids.messageId(),
    messageId: id,
    seq: 0,
    eventType: INBOUND_EVENT_TYPE,
    dueAt: now,
    record: inboundPayload(ctx.scope.accountId, request, id, keyword),
  };
  await ctx.tx.insertMessage(ctx.scope, inbound, publishTo ? [event] : []);
  if (!publishTo) return;
  // Routed at once to the one channel, then delivered by the dispatcher like any event.
  const delivery: DeliveryRecord = {
    eventId: event.eventId,
    destinationName: TWO_WAY_DESTINATION,
    configurationSetName: TWO_WAY_CONFIGURATION_SET,
    messageId: id,
    seq: 0,
    sink: { kind: 'sns', topicArn: publishTo },
    status: 'pending',
    attempts: 0,
    createdAt: now,
    nextAttemptAt: now,
  };
  await ctx.tx.markEventRouted(ctx.scope, event.eventId, now, [delivery]);
  ctx.outboxChanged();
}

/**
 * An end user's SMS to a number of the account. Processing, all in the caller's transaction:
 * match the keywords of the number (its pool's when pooled); OPT_OUT puts the sender on the
 * governing opt-out list (EndUserOptedOut true), OPT_IN takes it off, and each sends its keyword's
 * message as a reply; AUTOMATIC_RESPONSE sends its message. With a two-way SNS channel, every
 * inbound message (keyword messages too) is published to it through the outbox.
 * @throws ResourceNotFoundException when the destination is not a number of the account; ConflictException RESOURCE_NOT_ACTIVE
 */
export async function receiveInbound(ctx: HandlerContext, request: InboundRequest): Promise<InboundResult> {
  const number = await requireReceivingNumber(ctx, request.destinationNumber);
  const rules = await governing(ctx, number.doc);
  const match = matchKeyword(request.messageBody, await keywordsOf(ctx, rules.keywordOwner), rules.selfManaged);
  const inboundMessageId = ctx.ids.messageId();
  await recordInbound(ctx, request, inboundMessageId, match.keyword, rules.twoWayChannelArn);

  const handset = request.originationNumber;
  if (match.action === 'OPT_OUT') await putOptedOutNumber(ctx, rules.optOutListName, handset, true);
  if (match.action === 'OPT_IN' && (await optedOutNumbers.get(ctx, handset, rules.optOutListName))) {
    await optedOutNumbers.delete(ctx, handset, rules.optOutListName);
  }
  const result: InboundResult = { inboundMessageId, ...(match.keyword !== undefined && { keyword: match.keyword }), action: match.action };
  if (match.reply === undefined) return result;
  const set = await replySet(ctx, handset, request.previousPublishedMessageId);
  return { ...result, messageId: await sendReply(ctx, number, handset, match.reply, set) };
}
