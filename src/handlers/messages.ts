// SendTextMessage, SendVoiceMessage, SendMediaMessage: record the message and schedule its events
// in one transaction; the event dispatcher routes and delivers them when they fall due. And
// PutMessageFeedback, which records the feedback on the message.
import { ResourceNotFoundException, ValidationException } from '../generated/errors.js';
import { messageParts } from '../domain/message-parts.js';
import { isoCountryOf, withPlus } from '../domain/phone.js';
import { outcomeFor, type Channel } from '../domain/simulator.js';
import { buildMessageEvents, messagePriceUnits } from '../events/event-record.js';
import { lifecycleOf } from '../events/lifecycle.js';
import { routeEvent } from '../events/routing.js';
import type { MessageRecord } from '../events/message.js';
import type { MessageType } from '../domain/send-rules.js';
import { resolveOrigination } from './origination.js';
import type { ConfigurationSetRecord } from '../storage/store.js';
import { requireConfigurationSet } from './lookups.js';
import { chargeSpend } from './spend-limits.js';
import { requireSendableInSandbox } from './verified-destination-numbers.js';
import { protectSend } from './protect-rules.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** The model's documented default TimeToLive: 72 hours. */
export const DEFAULT_TTL_SECONDS = 259200;

/**
 * Records an outbound message and schedules its lifecycle events, in the caller's transaction.
 * Events due at once (the first; all of them with EVENT_STEP_DELAY_MS=0) are routed here,
 * through the destinations the message's configuration set has now, exactly as the dispatcher
 * would route them a moment later (a delivery to local capture is recorded captured then, see
 * routeEvent); it routes the later ones when they fall due.
 */
export async function recordOutboundMessage(ctx: HandlerContext, message: MessageRecord): Promise<void> {
  const events = buildMessageEvents(message, lifecycleOf(message.channel, message.outcome), ctx.events.stepDelayMs, ctx.ids.messageId);
  const now = ctx.clock.now();
  const dueNow = events.some((e) => e.dueAt <= now);
  const captures = ctx.events.capturesAtOnce?.(ctx.scope);
  const destinations =
    dueNow && message.configurationSetName !== undefined ? await ctx.tx.listEventDestinations(ctx.scope, [message.configurationSetName]) : [];
  await ctx.tx.insertMessage(
    ctx.scope,
    message,
    // Every event of the message is new, so no earlier one can be pending: captures need no check.
    events.map((e) => (e.dueAt <= now ? { ...e, routing: { routedAt: now, deliveries: routeEvent(e, destinations, now, captures) } } : e)),
  );
  ctx.outboxChanged();
}

/** Members every Send* input shares. */
export interface SendInput {
  ConfigurationSetName?: string;
  Context?: Record<string, string>;
  DestinationPhoneNumber: string;
  DryRun?: boolean;
  MessageBody?: string;
  MessageFeedbackEnabled?: boolean;
  OriginationIdentity?: string;
  ProtectConfigurationId?: string;
  TimeToLive?: number;
}

function missing(member: string, message: string): ValidationException {
  return new ValidationException({ message, Reason: 'MISSING_PARAMETER', Fields: [{ Name: member, Message: message }] });
}

/*
 * Sends run at read committed (SendTextMessage, SendMediaMessage, SendVoiceMessage; see WriteOptions
 * in storage/store.ts): each read below sees what was committed when it ran, not one snapshot. That
 * is enough because a send's only writes are its own new rows (the message, its events and their
 * deliveries, under fresh keys) and the month's spend, and no other operation's check reads either:
 * - The checks (configuration set, origination identity and pool, opt-out list, sandbox verified
 *   number, protect configuration and override, spend limit override) only read. A change committed
 *   meanwhile either is seen or is not, as if the send had come just after or just before it. Reads
 *   of two rows may straddle such a change (a pool's member read after it moved): the send then uses
 *   an identity that was valid a moment earlier, as a send racing the change on AWS would.
 * - The spend is charged by one atomic add under the row's lock, then checked (chargeSpend): exact.
 * - The destinations a send routes its first event to are read once. A destination deleted while the
 *   send is in flight may still get that event: the deletion's failPendingDeliveries runs serializable
 *   and does not see the send's deliveries yet. The event is one of a message sent while the
 *   destination existed, which it would have got had the dispatcher delivered it a moment sooner.
 * - recordOutboundMessage inserts under fresh ids (a taken one fails on its key and is retried).
 * - Nothing else is locked, so two sends never wait for each other's locks in opposite orders.
 */
/**
 * Sends one message in the caller's transaction: the checks first (the configuration set, the
 * origination identity and the opt-out list (resolveOrigination), the sandbox, protect), then it
 * records the message and schedules its events, and last charges the month's spend, which refuses
 * the send (rolling it all back) past the limit. A verification code
 * (`verificationCode`) goes to a number that is not verified yet and is free: it skips the sandbox
 * and spend rules, and never goes out from a simulator number.
 * @throws ResourceNotFoundException, ConflictException, ValidationException, ServiceQuotaExceededException
 */
export async function sendMessage(
  channel: Channel,
  input: SendInput,
  extra: Partial<MessageRecord>,
  ctx: HandlerContext,
  { verificationCode = false }: { verificationCode?: boolean } = {},
): Promise<{ MessageId: string }> {
  let set: ConfigurationSetRecord | undefined;
  if (input.ConfigurationSetName !== undefined) set = await requireConfigurationSet(ctx, input.ConfigurationSetName);
  const destination = withPlus(input.DestinationPhoneNumber);
  const isoCountryCode = isoCountryOf(destination);
  const requested = extra.messageType as MessageType | undefined;
  const origination = await resolveOrigination(
    ctx,
    {
      channel,
      destination,
      ...(isoCountryCode && { destinationCountry: isoCountryCode }),
      ...(requested && { messageType: requested }),
      ...(verificationCode && { verificationCode }),
    },
    input.OriginationIdentity,
    set,
  );
  if (!verificationCode) await requireSendableInSandbox(ctx, destination);
  // The protect rule, after the opt-out rule (in resolveOrigination) and before the spend rule.
  const protect = await protectSend(
    ctx,
    { channel, destination, destinationCountry: isoCountryCode, body: input.MessageBody, originationKind: origination.kind },
    input.ProtectConfigurationId,
    set,
  );
  const messageId = ctx.ids.messageId();
  const feedback = input.MessageFeedbackEnabled ?? set?.defaultMessageFeedbackEnabled ?? false;
  const message: MessageRecord = {
    messageId,
    channel,
    ...(set && { configurationSetName: set.name }),
    originationIdentity: origination.origination,
    originationIdentityArn: origination.arn,
    destinationPhoneNumber: destination,
    ...(isoCountryCode && { isoCountryCode }),
    ...(input.MessageBody !== undefined && { messageBody: input.MessageBody }),
    ...(input.Context && { context: input.Context }),
    requestTimestamp: ctx.clock.now(),
    timeToLive: input.TimeToLive ?? DEFAULT_TTL_SECONDS,
    outcome: protect?.filtered ? 'PROTECT_BLOCKED' : isoCountryCode ? outcomeFor(channel, destination) : channel === 'VOICE' ? 'FAILED' : 'INVALID',
    ...(protect && { protectConfiguration: protect.protectConfiguration }),
    ...(feedback && { messageFeedbackEnabled: true }),
    ...extra,
  };
  if (channel !== 'VOICE' && message.messageType === undefined) {
    message.messageType = origination.messageType ?? set?.defaultMessageType ?? 'TRANSACTIONAL';
  }
  // The last rule: the month's spend. A dry run is refused as the send would be, but charges nothing.
  const priceUnits = messagePriceUnits(message);
  if (input.DryRun) {
    if (!verificationCode) await chargeSpend(ctx, channel, priceUnits, true);
    return { MessageId: messageId };
  }
  await recordOutboundMessage(ctx, message);
  // Charged after the message is written: the charge locks the month's spend row until the commit,
  // and every send of the account waits for that lock, so it is taken last. A refusal rolls the
  // message back with the charge.
  if (!verificationCode) await chargeSpend(ctx, channel, priceUnits, false);
  return { MessageId: messageId };
}

export const messageHandlers: HandlerTable = {
  // Facts: notes 9. The message must be one the account sent with feedback enabled.
  PutMessageFeedback: {
    mode: 'write',
    async handle(input, ctx) {
      const [row] = await ctx.tx.listMessages({ ...ctx.scope, messageId: input.MessageId, limit: 1 });
      const message = row?.message;
      if (!message || message.direction === 'INBOUND' || !message.messageFeedbackEnabled) {
        throw new ResourceNotFoundException({
          message: message
            ? `The message ${input.MessageId} was not sent with MessageFeedbackEnabled`
            : `The message ${input.MessageId} does not exist in account ${ctx.scope.accountId} and ${ctx.scope.region}`,
          ResourceType: 'message',
          ResourceId: input.MessageId,
        });
      }
      await ctx.tx.updateMessage(ctx.scope, {
        ...message,
        messageFeedbackStatus: input.MessageFeedbackStatus,
        messageFeedbackTimestamp: ctx.clock.now(),
      });
      return { MessageId: input.MessageId, MessageFeedbackStatus: input.MessageFeedbackStatus };
    },
  },

  SendTextMessage: {
    mode: 'write',
    isolation: 'read-committed',
    async handle(input, ctx) {
      if (input.MessageBody === undefined) throw missing('MessageBody', 'A text message needs a MessageBody');
      const { encoding, parts } = messageParts(input.MessageBody);
      return sendMessage('TEXT', input, { encoding, parts, ...(input.MessageType && { messageType: input.MessageType }) }, ctx);
    },
  },

  SendMediaMessage: {
    mode: 'write',
    isolation: 'read-committed',
    async handle(input, ctx) {
      if (input.MessageBody === undefined && !input.MediaUrls?.length) {
        throw missing('MediaUrls', 'A media message needs a MessageBody, MediaUrls or both');
      }
      const parts = input.MessageBody === undefined ? 1 : messageParts(input.MessageBody).parts;
      return sendMessage('MEDIA', input, { parts, ...(input.MediaUrls && { mediaUrls: input.MediaUrls }) }, ctx);
    },
  },

  SendVoiceMessage: {
    mode: 'write',
    isolation: 'read-committed',
    async handle(input, ctx) {
      if (input.MessageBody === undefined) throw missing('MessageBody', 'A voice message needs a MessageBody');
      return sendMessage('VOICE', input, { ...(input.VoiceId && { voiceId: input.VoiceId }) }, ctx);
    },
  },
};
