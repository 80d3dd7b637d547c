// CreateNotifyConfiguration, DescribeNotifyConfigurations, UpdateNotifyConfiguration,
// DeleteNotifyConfiguration, DescribeNotifyTemplates, ListNotifyCountries; the sends are in
// notify-send.ts. Templates and countries are the catalogue's (catalogues/notify.json).
// Facts: ../shared/notes/aws-behavior-rest-of-api.md section 12.3.
import { ResourceNotFoundException, ValidationException } from '../generated/errors.js';
import type {
  NotifyConfigurationFilterName,
  NotifyConfigurationInformation,
  NotifyConfigurationStatus,
  NotifyTemplateFilterName,
  NumberCapability,
} from '../generated/types.js';
import { toEpochSeconds } from '../domain/clock.js';
import { notifyCatalogue, toCountryInformation, toTemplateInformation, type CatalogueTemplate } from '../domain/notify-catalogue.js';
import { notifyStatusAt, screenDisplayName, type NotifyConfigurationRecord } from '../domain/notify.js';
import { BOOLEAN_VALUES, checkFilterValues, describePage, enumOf, matchesFilters, pageOfList, type DescribeSpec, type FilterField } from './describe.js';
import { checkDeletionProtection, checkQuota } from './origination-shared.js';
import { notifyConfigurations, pools } from './resource-types.js';
import { tagNewResource } from './tags.js';
import { checkNoRepeats } from './input-rules.js';
import { notifySendHandlers } from './notify-send.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** The values UpdateNotifyConfiguration takes to clear the default template and the pool. */
const UNSET_TEMPLATE = 'UNSET_DEFAULT_TEMPLATE';
const UNSET_POOL = 'UNSET_DEFAULT_POOL_FOR_NOTIFY';
/** Notify sends text and voice only [UG-NOTIFY]. */
const NOTIFY_CHANNELS: readonly NumberCapability[] = ['SMS', 'VOICE'];

/** Milliseconds a new configuration is validated (PENDING) before it is ACTIVE or REJECTED. */
const reviewMsOf = (ctx: HandlerContext) => ctx.limits.notifyConfigurationReviewMs ?? 0;

export function toNotifyConfigurationInformation(
  ctx: HandlerContext,
  c: NotifyConfigurationRecord,
  status: NotifyConfigurationStatus = notifyStatusAt(c, ctx.clock.now()),
): NotifyConfigurationInformation {
  return {
    NotifyConfigurationArn: notifyConfigurations.arn(ctx, c.notifyConfigurationId),
    NotifyConfigurationId: c.notifyConfigurationId,
    DisplayName: c.displayName,
    UseCase: c.useCase,
    ...(c.defaultTemplateId !== undefined && { DefaultTemplateId: c.defaultTemplateId }),
    ...(c.poolId !== undefined && { PoolId: c.poolId }),
    ...(c.enabledCountries !== undefined && { EnabledCountries: c.enabledCountries }),
    EnabledChannels: c.enabledChannels,
    Tier: c.tier,
    TierUpgradeStatus: c.tier,
    Status: status,
    ...(status === 'REJECTED' && c.rejectionReason !== undefined && { RejectionReason: c.rejectionReason }),
    DeletionProtectionEnabled: c.deletionProtectionEnabled,
    CreatedTimestamp: toEpochSeconds(c.createdTimestamp),
  };
}

const invalid = (member: string, message: string, Reason: 'INVALID_PARAMETER' | 'COUNTRY_NOT_ENABLED' | 'CHANNEL_NOT_ENABLED' = 'INVALID_PARAMETER') =>
  new ValidationException({ message, Reason, Fields: [{ Name: member, Message: message }] });

/** The catalogue template an id names; ResourceNotFoundException (ResourceType `notify-template`) when none. */
export function requireTemplate(templateId: string): CatalogueTemplate {
  const t = notifyCatalogue().templates.get(templateId);
  if (!t)
    throw new ResourceNotFoundException({
      message: `The notify template ${templateId} does not exist`,
      ResourceType: 'notify-template',
      ResourceId: templateId,
    });
  return t;
}

/** Checks the channels (SMS and VOICE, no repeats) and countries (the catalogue's, for the tier) a configuration enables. */
function checkEnabled(channels: NumberCapability[] | undefined, countries: string[] | undefined, tier: 'BASIC' | 'ADVANCED'): void {
  if (channels) {
    checkNoRepeats('EnabledChannels', channels);
    const bad = channels.find((c) => !NOTIFY_CHANNELS.includes(c));
    if (bad) throw invalid('EnabledChannels', `Notify sends through SMS and VOICE, not ${bad}`);
  }
  if (countries) {
    checkNoRepeats('EnabledCountries', countries);
    const bad = countries.filter((c) => !notifyCatalogue().countries.get(c)?.SupportedTiers.includes(tier));
    if (bad.length)
      throw invalid(
        'EnabledCountries',
        `Notify's ${tier} tier does not serve ${bad.join(', ')}; ListNotifyCountries lists the countries`,
        'COUNTRY_NOT_ENABLED',
      );
  }
}

/**
 * A template a configuration may default to: ACTIVE, open to the tier, and sending on one of the
 * configuration's channels (else every send without a TemplateId would fail).
 * @throws ResourceNotFoundException (`notify-template`); ValidationException INVALID_PARAMETER, or
 *   CHANNEL_NOT_ENABLED for a template of channels the configuration does not enable
 */
function checkDefaultTemplate(templateId: string, tier: 'BASIC' | 'ADVANCED', channels: readonly NumberCapability[]): void {
  const t = requireTemplate(templateId);
  if (t.Status === 'INACTIVE') throw invalid('DefaultTemplateId', `The template ${templateId} is INACTIVE; DescribeNotifyTemplates lists the ACTIVE ones`);
  if (!(t.TierAccess ?? []).includes(tier)) throw invalid('DefaultTemplateId', `The template ${templateId} is not available to the ${tier} tier`);
  if (!t.Channels.some((c) => channels.includes(c))) {
    throw invalid(
      'DefaultTemplateId',
      `The template ${templateId} is a ${t.Channels.join(', ')} template, and the configuration enables ${channels.join(', ')}`,
      'CHANNEL_NOT_ENABLED',
    );
  }
}

const configurationSpec: DescribeSpec<NotifyConfigurationRecord, NotifyConfigurationFilterName> = {
  repository: notifyConfigurations,
  filters: {
    'display-name': { read: (c) => c.displayName },
    'enabled-countries': { read: (c) => c.enabledCountries },
    'enabled-channels': { read: (c) => c.enabledChannels, values: enumOf('NumberCapability') },
    'default-template': { read: (c) => c.defaultTemplateId },
    'default-pool': { read: (c) => c.poolId },
    'use-case': { read: (c) => c.useCase, values: enumOf('NotifyConfigurationUseCase') },
    status: { read: (c, now) => notifyStatusAt(c, now), values: enumOf('NotifyConfigurationStatus') },
    'deletion-protection-enabled': { read: (c) => c.deletionProtectionEnabled, values: BOOLEAN_VALUES },
    'tier-upgrade-status': { read: (c) => c.tier, values: enumOf('TierUpgradeStatus') },
  },
};

const templateFilters: Record<NotifyTemplateFilterName, FilterField<CatalogueTemplate>> = {
  'template-type': { read: (t) => t.TemplateType, values: enumOf('NotifyTemplateType') },
  channels: { read: (t) => t.Channels, values: enumOf('NumberCapability') },
  'tier-access': { read: (t) => t.TierAccess, values: enumOf('NotifyConfigurationTier') },
  'supported-countries': { read: (t) => t.SupportedCountries },
  'language-code': { read: (t) => t.LanguageCode },
  'supported-voice-ids': { read: (t) => t.SupportedVoiceIds, values: enumOf('VoiceId') },
};

export const notifyHandlers: HandlerTable = {
  ...notifySendHandlers,

  CreateNotifyConfiguration: {
    mode: 'write',
    async handle(input, ctx) {
      checkEnabled(input.EnabledChannels, input.EnabledCountries, 'BASIC');
      if (input.DefaultTemplateId !== undefined) checkDefaultTemplate(input.DefaultTemplateId, 'BASIC', input.EnabledChannels);
      const pool = input.PoolId === undefined ? undefined : await pools.require(ctx, input.PoolId);
      checkQuota(ctx, 'NOTIFY_CONFIGURATIONS', await notifyConfigurations.count(ctx), 'NOTIFY_CONFIGURATIONS_PER_ACCOUNT');
      const now = ctx.clock.now();
      const id = notifyConfigurations.newId(ctx);
      const rejectionReason = screenDisplayName(input.DisplayName, notifyCatalogue().blockedDisplayNameWords);
      const record: NotifyConfigurationRecord = {
        notifyConfigurationId: id,
        displayName: input.DisplayName,
        useCase: input.UseCase,
        ...(input.DefaultTemplateId !== undefined && { defaultTemplateId: input.DefaultTemplateId }),
        ...(pool && { poolId: pool.id }),
        ...(input.EnabledCountries !== undefined && { enabledCountries: input.EnabledCountries }),
        enabledChannels: input.EnabledChannels,
        tier: 'BASIC',
        reviewedAt: now + reviewMsOf(ctx),
        ...(rejectionReason !== undefined && { rejectionReason }),
        deletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
        createdTimestamp: now,
      };
      await notifyConfigurations.insert(ctx, id, record);
      const tags = await tagNewResource(ctx, notifyConfigurations.arn(ctx, id), input.Tags);
      // PENDING in the answer: the automatic validation has just begun [UG-NOTIFY].
      return { ...toNotifyConfigurationInformation(ctx, record, 'PENDING'), Tags: tags };
    },
  },

  DescribeNotifyConfigurations: {
    mode: 'read',
    async handle(input, ctx) {
      const page = await describePage(ctx, configurationSpec, {
        ids: input.NotifyConfigurationIds,
        idsMember: 'NotifyConfigurationIds',
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return {
        NotifyConfigurations: page.rows.map((r) => toNotifyConfigurationInformation(ctx, r.doc)),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },

  UpdateNotifyConfiguration: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await notifyConfigurations.require(ctx, input.NotifyConfigurationId);
      const c = row.doc;
      checkEnabled(input.EnabledChannels, input.EnabledCountries, c.tier);
      // The default template after the update must suit the channels after it, whichever of them changes.
      const template = input.DefaultTemplateId === undefined ? c.defaultTemplateId : input.DefaultTemplateId;
      if (template !== undefined && template !== UNSET_TEMPLATE && (input.DefaultTemplateId !== undefined || input.EnabledChannels !== undefined)) {
        checkDefaultTemplate(template, c.tier, input.EnabledChannels ?? c.enabledChannels);
      }
      const pool = input.PoolId === undefined || input.PoolId === UNSET_POOL ? undefined : await pools.require(ctx, input.PoolId);
      const { defaultTemplateId: _t, poolId: _p, ...rest } = c;
      const doc: NotifyConfigurationRecord = {
        ...rest,
        ...(input.DefaultTemplateId === undefined
          ? c.defaultTemplateId !== undefined && { defaultTemplateId: c.defaultTemplateId }
          : input.DefaultTemplateId !== UNSET_TEMPLATE && { defaultTemplateId: input.DefaultTemplateId }),
        ...(input.PoolId === undefined ? c.poolId !== undefined && { poolId: c.poolId } : pool && { poolId: pool.id }),
        ...(input.EnabledChannels !== undefined && { enabledChannels: input.EnabledChannels }),
        ...(input.EnabledCountries !== undefined && { enabledCountries: input.EnabledCountries }),
        ...(input.DeletionProtectionEnabled !== undefined && { deletionProtectionEnabled: input.DeletionProtectionEnabled }),
      };
      await notifyConfigurations.update(ctx, row, doc);
      return toNotifyConfigurationInformation(ctx, doc);
    },
  },

  DeleteNotifyConfiguration: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await notifyConfigurations.require(ctx, input.NotifyConfigurationId);
      checkDeletionProtection(row.doc.deletionProtectionEnabled, 'notify-configuration', row.id);
      await notifyConfigurations.delete(ctx, row.id);
      await ctx.tx.deleteTags(ctx.scope, notifyConfigurations.arn(ctx, row.id), 'all');
      return toNotifyConfigurationInformation(ctx, row.doc);
    },
  },

  DescribeNotifyTemplates: {
    mode: 'read',
    async handle(input) {
      const filters = input.Filters ?? [];
      checkFilterValues(templateFilters, filters);
      const named = input.TemplateIds?.length ? new Set(input.TemplateIds.map((id) => requireTemplate(id).TemplateId)) : undefined;
      const templates = [...notifyCatalogue().templates.values()]
        .filter((t) => (named === undefined || named.has(t.TemplateId)) && matchesFilters(templateFilters, filters, t, 0))
        .sort((a, b) => a.TemplateId.localeCompare(b.TemplateId));
      const page = pageOfList('DescribeNotifyTemplates', templates, (t) => t.TemplateId, input.MaxResults, input.NextToken);
      return { NotifyTemplates: page.items.map(toTemplateInformation), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  },

  ListNotifyCountries: {
    mode: 'read',
    async handle(input) {
      const countries = [...notifyCatalogue().countries.values()]
        .filter(
          (c) =>
            (input.Channels === undefined || input.Channels.every((ch) => c.SupportedChannels.includes(ch))) &&
            (input.UseCases === undefined || input.UseCases.every((u) => c.SupportedUseCases.includes(u))) &&
            (input.Tier === undefined || c.SupportedTiers.includes(input.Tier)),
        )
        .sort((a, b) => a.IsoCountryCode.localeCompare(b.IsoCountryCode));
      const page = pageOfList('ListNotifyCountries', countries, (c) => c.IsoCountryCode, input.MaxResults, input.NextToken);
      return { NotifyCountries: page.items.map(toCountryInformation), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  },
};
