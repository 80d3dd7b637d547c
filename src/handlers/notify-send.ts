// SendNotifyTextMessage, SendNotifyVoiceMessage: a pre-approved template filled in with the
// caller's variables, sent from AWS-managed identities (or the configuration's pool), checked
// against the Basic tier's daily caps and the Notify spend limit, then recorded and delivered like
// any send (handset view, events through the configuration set).
// Facts: ../shared/notes/aws-behavior-rest-of-api.md section 12.3.
import { ConflictException, ServiceQuotaExceededException, ValidationException } from '../generated/errors.js';
import type { NumberCapability, VoiceId } from '../generated/types.js';
import { messageParts } from '../domain/message-parts.js';
import { isoCountryOf, withPlus } from '../domain/phone.js';
import { outcomeFor, type Channel } from '../domain/simulator.js';
import { checkOptOut, type SendRequest } from '../domain/send-rules.js';
import { DEFAULT_OPT_OUT_LIST } from '../domain/opt-outs.js';
import { notifyCatalogue, type CatalogueTemplate } from '../domain/notify-catalogue.js';
import {
  BASIC_DAILY_MESSAGES,
  DAILY_MESSAGES_PER_DESTINATION,
  dailyCountIds,
  dayOf,
  notifyStatusAt,
  resolveTemplate,
  type NotifyConfigurationRecord,
} from '../domain/notify.js';
import { messagePriceUnits, PRICE_UNITS_PER_USD } from '../events/event-record.js';
import type { MessageRecord } from '../events/message.js';
import { requireConfigurationSet } from './lookups.js';
import { DEFAULT_TTL_SECONDS, recordOutboundMessage } from './messages.js';
import { resolveOrigination, type ResolvedOrigination } from './origination.js';
import { isOptedOut } from './opt-out-lists.js';
import { chargeSpend } from './spend-limits.js';
import { protectSend } from './protect-rules.js';
import { notifyConfigurations, notifyDailyCounts } from './resource-types.js';
import type { Stored } from './resource-layer.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** The Notify fee on top of the channel's price, in USD per message (AWS charges one [UG-NOTIFY]; its amount here is simulated). */
export const NOTIFY_FEE_USD = 0.005;

/** Members both Notify sends share. */
interface NotifySendInput {
  NotifyConfigurationId: string;
  DestinationPhoneNumber: string;
  TemplateId?: string;
  TemplateVariables: Record<string, string>;
  ConfigurationSetName?: string;
  Context?: Record<string, string>;
  TimeToLive?: number;
  DryRun?: boolean;
  VoiceId?: VoiceId;
}

const invalid = (member: string, message: string, Reason: 'INVALID_PARAMETER' | 'MISSING_PARAMETER' | 'COUNTRY_NOT_ENABLED' | 'CHANNEL_NOT_ENABLED') =>
  new ValidationException({ message, Reason, Fields: [{ Name: member, Message: message }] });

/** The template a send uses: the one named, else the configuration's default; it must suit the channel and tier. */
function templateFor(c: NotifyConfigurationRecord, templateId: string | undefined, capability: NumberCapability): CatalogueTemplate {
  const id = templateId || c.defaultTemplateId;
  if (id === undefined)
    throw invalid('TemplateId', `Name a TemplateId: the notify configuration ${c.notifyConfigurationId} has no default template`, 'MISSING_PARAMETER');
  const t = notifyCatalogue().templates.get(id);
  if (!t) throw invalid('TemplateId', `The notify template ${id} does not exist; DescribeNotifyTemplates lists them`, 'INVALID_PARAMETER');
  if (t.Status === 'INACTIVE') throw invalid('TemplateId', `The notify template ${id} is INACTIVE`, 'INVALID_PARAMETER');
  if (!t.Channels.includes(capability)) throw invalid('TemplateId', `The notify template ${id} is not a ${capability} template`, 'INVALID_PARAMETER');
  if (!(t.TierAccess ?? []).includes(c.tier))
    throw invalid('TemplateId', `The notify template ${id} is not available to the ${c.tier} tier`, 'INVALID_PARAMETER');
  return t;
}

/** The destination's country, which the tier, the configuration and the template must all serve on this channel. */
function checkCountry(c: NotifyConfigurationRecord, t: CatalogueTemplate, destination: string, capability: NumberCapability) {
  const iso = isoCountryOf(destination);
  const country = iso === undefined ? undefined : notifyCatalogue().countries.get(iso);
  const refuse = (why: string) => invalid('DestinationPhoneNumber', `Notify cannot send to ${destination}: ${why}`, 'COUNTRY_NOT_ENABLED');
  if (!iso) throw refuse('no country owns the number');
  if (!country) throw refuse(`Notify does not serve ${iso} (ListNotifyCountries lists the countries it serves)`);
  if (!country.SupportedTiers.includes(c.tier)) throw refuse(`the ${c.tier} tier does not serve ${iso}`);
  if (!country.SupportedChannels.includes(capability)) throw refuse(`${iso} has no Notify ${capability} messages`);
  if (c.enabledCountries?.length && !c.enabledCountries.includes(iso)) throw refuse(`${iso} is not among the configuration's EnabledCountries`);
  if (!(t.SupportedCountries ?? []).includes(iso))
    throw invalid('TemplateId', `The notify template ${t.TemplateId} does not support ${iso}`, 'INVALID_PARAMETER');
  return country;
}

/** The day's counts a send would raise; refuses the send when a cap is reached. */
async function checkDailyCaps(ctx: HandlerContext, c: NotifyConfigurationRecord, destination: string) {
  const ids = dailyCountIds(dayOf(ctx.clock.now()), c.notifyConfigurationId, destination);
  const rows = await Promise.all([ids.configuration, ids.destination, ids.account].map(async (id) => ({ id, row: await notifyDailyCounts.get(ctx, id) })));
  const count = (i: number) => rows[i].row?.doc.count ?? 0;
  if (c.tier === 'BASIC' && count(0) >= BASIC_DAILY_MESSAGES) {
    throw new ServiceQuotaExceededException({
      message: `The notify configuration ${c.notifyConfigurationId} sent its ${BASIC_DAILY_MESSAGES} messages of the BASIC tier today (UTC)`,
      Reason: 'DAILY_NOTIFY_TIER_MESSAGE_LIMIT',
    });
  }
  if (count(1) >= DAILY_MESSAGES_PER_DESTINATION || count(2) >= DAILY_MESSAGES_PER_DESTINATION) {
    throw new ServiceQuotaExceededException({
      message: `${destination} received its ${DAILY_MESSAGES_PER_DESTINATION} notify messages today (UTC)`,
      Reason: 'DAILY_DESTINATION_CALL_LIMIT',
    });
  }
  return async () => {
    for (const { id, row } of rows as { id: string; row: Stored<{ count: number }> | undefined }[]) {
      if (row) await notifyDailyCounts.update(ctx, row, { count: row.doc.count + 1 });
      else await notifyDailyCounts.insert(ctx, id, { count: 1 });
    }
  };
}

/**
 * One Notify send, its checks in this order: the configuration exists and is ACTIVE
 * (ConflictException NOTIFY_CONFIGURATION_NOT_ACTIVE) with the channel enabled
 * (ValidationException CHANNEL_NOT_ENABLED); the template (named or default) suits the channel and
 * tier; the destination's country is served (COUNTRY_NOT_ENABLED); the variables fit the template
 * (MISSING_PARAMETER, INVALID_PARAMETER); the configuration set exists; the origination (the pool's
 * fitting member, else the country's managed identity; a country that needs the customer's own
 * identity without a pool is ConflictException NO_ORIGINATION_IDENTITIES_FOUND) and the opt-out
 * list; the protect configuration (the configuration set's, else the account default: ConflictException
 * for a blocked destination); the daily caps (ServiceQuotaExceededException); the Notify spend limit.
 */
async function sendNotify(channel: Channel, input: NotifySendInput, ctx: HandlerContext) {
  const row = await notifyConfigurations.require(ctx, input.NotifyConfigurationId);
  const c = row.doc;
  const status = notifyStatusAt(c, ctx.clock.now());
  if (status !== 'ACTIVE') {
    throw new ConflictException({
      message: `The notify configuration ${c.notifyConfigurationId} is ${status}, not ACTIVE`,
      Reason: 'NOTIFY_CONFIGURATION_NOT_ACTIVE',
      ResourceType: 'notify-configuration',
      ResourceId: c.notifyConfigurationId,
    });
  }
  const capability: NumberCapability = channel === 'VOICE' ? 'VOICE' : 'SMS';
  if (!c.enabledChannels.includes(capability))
    throw invalid('NotifyConfigurationId', `The notify configuration does not enable ${capability}`, 'CHANNEL_NOT_ENABLED');
  const template = templateFor(c, input.TemplateId, capability);
  const destination = withPlus(input.DestinationPhoneNumber);
  const country = checkCountry(c, template, destination, capability);
  const { body, failures } = resolveTemplate(template, input.TemplateVariables, { appName: c.displayName });
  if (failures.length) {
    throw new ValidationException({
      message: failures.map((f) => f.message).join('; '),
      Reason: failures[0].reason,
      Fields: failures.map((f) => ({ Name: `TemplateVariables[${f.variable}]`, Message: f.message })),
    });
  }
  const voiceIds = template.SupportedVoiceIds ?? [];
  if (input.VoiceId !== undefined && !voiceIds.includes(input.VoiceId)) {
    throw invalid('VoiceId', `The notify template ${template.TemplateId} speaks with ${voiceIds.join(', ')}`, 'INVALID_PARAMETER');
  }
  const set = input.ConfigurationSetName === undefined ? undefined : await requireConfigurationSet(ctx, input.ConfigurationSetName);
  const request: SendRequest = { channel, destination, destinationCountry: country.IsoCountryCode };
  let origination: { origination: string; arn?: string; kind?: ResolvedOrigination['kind'] };
  if (c.poolId !== undefined) origination = await resolveOrigination(ctx, request, c.poolId, set);
  else if (country.ManagedOriginationIdentity === undefined) {
    throw new ConflictException({
      message: `Notify needs your own origination identity in ${country.IsoCountryCode}: give the configuration a PoolId`,
      Reason: 'NO_ORIGINATION_IDENTITIES_FOUND',
    });
  } else {
    const failure = checkOptOut(request, DEFAULT_OPT_OUT_LIST, await isOptedOut(ctx, DEFAULT_OPT_OUT_LIST, destination));
    if (failure) {
      throw new ConflictException({
        message: failure.message,
        Reason: 'DESTINATION_PHONE_NUMBER_OPTED_OUT',
        ResourceType: 'opt-out-list',
        ResourceId: DEFAULT_OPT_OUT_LIST,
      });
    }
    origination = { origination: country.ManagedOriginationIdentity };
  }
  // The protect rule, as for every send (notes 8.5): after the opt-out rule, before the caps and the spend limit.
  // Notify sends name no ProtectConfigurationId, so the configuration set's governs, else the account default.
  const protect = await protectSend(
    ctx,
    { channel, destination, destinationCountry: country.IsoCountryCode, body, originationKind: origination.kind },
    undefined,
    set,
  );
  const count = await checkDailyCaps(ctx, c, destination);
  const messageId = ctx.ids.messageId();
  const message: MessageRecord = {
    messageId,
    channel,
    ...(set && { configurationSetName: set.name }),
    originationIdentity: origination.origination,
    ...(origination.arn !== undefined && { originationIdentityArn: origination.arn }),
    destinationPhoneNumber: destination,
    isoCountryCode: country.IsoCountryCode,
    messageBody: body,
    ...(input.Context && { context: input.Context }),
    requestTimestamp: ctx.clock.now(),
    timeToLive: input.TimeToLive ?? DEFAULT_TTL_SECONDS,
    outcome: protect?.filtered ? 'PROTECT_BLOCKED' : outcomeFor(channel, destination),
    ...(protect && { protectConfiguration: protect.protectConfiguration }),
    ...(channel === 'VOICE' ? { voiceId: input.VoiceId ?? voiceIds[0] } : { messageType: 'TRANSACTIONAL', ...messageParts(body) }),
  };
  // The Notify limit counts the channel's price and the Notify fee [UG-NOTIFY notify-spend-limits].
  await chargeSpend(ctx, 'NOTIFY', messagePriceUnits(message) + Math.round(NOTIFY_FEE_USD * PRICE_UNITS_PER_USD), input.DryRun === true);
  const answer = { MessageId: messageId, TemplateId: template.TemplateId, ResolvedMessageBody: body };
  if (input.DryRun) return answer;
  await count();
  await recordOutboundMessage(ctx, message);
  return answer;
}

export const notifySendHandlers: HandlerTable = {
  SendNotifyTextMessage: { mode: 'write', handle: (input, ctx) => sendNotify('TEXT', input, ctx) },
  SendNotifyVoiceMessage: { mode: 'write', handle: (input, ctx) => sendNotify('VOICE', input, ctx) },
};
