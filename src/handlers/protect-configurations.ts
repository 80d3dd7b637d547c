// Protect configurations as resources: Create/Describe/Update/DeleteProtectConfiguration,
// Associate/DisassociateProtectConfiguration with configuration sets, and
// Set/DeleteAccountDefaultProtectConfiguration. Facts: ../shared/notes/aws-behavior-rest-of-api.md
// sections 8.1 and 8.4; choices where AWS is silent are in the README's "Differences from AWS".
import { ConflictException, ResourceNotFoundException } from '../generated/errors.js';
import type { ProtectConfigurationFilterName, ProtectConfigurationInformation } from '../generated/types.js';
import { toEpochSeconds } from '../domain/clock.js';
import type { ProtectConfigurationRecord } from '../domain/protect.js';
import type { ConfigurationSetRecord } from '../storage/store.js';
import { BOOLEAN_VALUES, describePage, type DescribeSpec } from './describe.js';
import { requireConfigurationSet } from './lookups.js';
import { checkQuota } from './origination-shared.js';
import type { Stored } from './resource-layer.js';
import { accountDefaultProtect, protectConfigurations, protectNumberOverrides } from './resource-types.js';
import { tagNewResource } from './tags.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** The id of the account default record. */
const DEFAULT_ID = 'default';
/** Configuration sets read per storage call while looking for the ones a protect configuration serves. */
const SET_BATCH = 200;

/** The id of the account's default protect configuration in the caller's account and region, if one is set. */
export async function accountDefaultProtectId(ctx: HandlerContext): Promise<string | undefined> {
  return (await accountDefaultProtect.get(ctx, DEFAULT_ID))?.doc.protectConfigurationId;
}

/**
 * The protect configuration a `ProtectConfigurationId` member names (ID or ARN).
 * @throws ResourceNotFoundException (ResourceType `protect-configuration`) when it names none
 */
export function requireProtectConfiguration(ctx: HandlerContext, idOrArn: string): Promise<Stored<ProtectConfigurationRecord>> {
  return protectConfigurations.require(ctx, idOrArn);
}

/** The wire form (ProtectConfigurationInformation, also the Create/Update/Delete answers' core). */
export function toProtectConfigurationInformation(
  ctx: HandlerContext,
  row: Stored<ProtectConfigurationRecord>,
  defaultId: string | undefined,
): ProtectConfigurationInformation {
  return {
    ProtectConfigurationArn: protectConfigurations.arn(ctx, row.id),
    ProtectConfigurationId: row.id,
    CreatedTimestamp: toEpochSeconds(row.createdAt),
    AccountDefault: row.id === defaultId,
    DeletionProtectionEnabled: row.doc.deletionProtectionEnabled,
  };
}

/** The first configuration set of the account that uses the protect configuration, if any (in name order). */
async function firstSetUsing(ctx: HandlerContext, protectConfigurationId: string): Promise<ConfigurationSetRecord | undefined> {
  let afterName: string | undefined;
  for (;;) {
    const sets = await ctx.tx.listConfigurationSets(ctx.scope, { afterName, limit: SET_BATCH });
    const using = sets.find((s) => s.protectConfigurationId === protectConfigurationId);
    if (using || sets.length < SET_BATCH) return using;
    afterName = sets[sets.length - 1].name;
  }
}

/** The answer of Associate/DisassociateProtectConfiguration. */
function associationOf(ctx: HandlerContext, set: ConfigurationSetRecord, row: Stored<ProtectConfigurationRecord>) {
  return {
    ConfigurationSetArn: set.arn,
    ConfigurationSetName: set.name,
    ProtectConfigurationArn: protectConfigurations.arn(ctx, row.id),
    ProtectConfigurationId: row.id,
  };
}

function describeSpec(defaultId: string | undefined): DescribeSpec<ProtectConfigurationRecord, ProtectConfigurationFilterName> {
  return {
    repository: protectConfigurations,
    filters: {
      'account-default': { read: (p) => p.protectConfigurationId === defaultId, values: BOOLEAN_VALUES },
      'deletion-protection-enabled': { read: (p) => p.deletionProtectionEnabled, values: BOOLEAN_VALUES },
    },
  };
}

export const protectConfigurationHandlers: HandlerTable = {
  CreateProtectConfiguration: {
    mode: 'write',
    async handle(input, ctx) {
      checkQuota(ctx, 'PROTECT_CONFIGURATIONS', await protectConfigurations.count(ctx), 'PROTECT_CONFIGURATIONS_PER_ACCOUNT');
      const id = protectConfigurations.newId(ctx);
      const doc = { protectConfigurationId: id, deletionProtectionEnabled: input.DeletionProtectionEnabled ?? false, countryRules: {} };
      const row = await protectConfigurations.insert(ctx, id, doc);
      const information = toProtectConfigurationInformation(ctx, row, undefined);
      return { ...information, Tags: await tagNewResource(ctx, information.ProtectConfigurationArn, input.Tags) };
    },
  },

  DescribeProtectConfigurations: {
    mode: 'read',
    async handle(input, ctx) {
      const defaultId = await accountDefaultProtectId(ctx);
      const { rows, nextToken } = await describePage(ctx, describeSpec(defaultId), {
        ids: input.ProtectConfigurationIds,
        idsMember: 'ProtectConfigurationIds',
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return {
        ProtectConfigurations: rows.map((r) => toProtectConfigurationInformation(ctx, r, defaultId)),
        ...(nextToken && { NextToken: nextToken }),
      };
    },
  },

  UpdateProtectConfiguration: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireProtectConfiguration(ctx, input.ProtectConfigurationId);
      const doc = { ...row.doc, deletionProtectionEnabled: input.DeletionProtectionEnabled ?? row.doc.deletionProtectionEnabled };
      const updated = await protectConfigurations.update(ctx, row, doc);
      return toProtectConfigurationInformation(ctx, updated, await accountDefaultProtectId(ctx));
    },
  },

  DeleteProtectConfiguration: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireProtectConfiguration(ctx, input.ProtectConfigurationId);
      const conflict = (
        Reason: 'DELETION_PROTECTION_ENABLED' | 'PROTECT_CONFIGURATION_IS_ACCOUNT_DEFAULT' | 'PROTECT_CONFIGURATION_ASSOCIATED_WITH_CONFIGURATION_SET',
        why: string,
      ) => new ConflictException({ message: `Protect configuration ${row.id} ${why}`, Reason, ResourceType: 'protect-configuration', ResourceId: row.id });
      if (row.doc.deletionProtectionEnabled) throw conflict('DELETION_PROTECTION_ENABLED', 'has deletion protection enabled');
      const defaultId = await accountDefaultProtectId(ctx);
      if (defaultId === row.id) throw conflict('PROTECT_CONFIGURATION_IS_ACCOUNT_DEFAULT', 'is the account default');
      const set = await firstSetUsing(ctx, row.id);
      if (set) throw conflict('PROTECT_CONFIGURATION_ASSOCIATED_WITH_CONFIGURATION_SET', `is associated with the configuration set ${set.name}`);
      const information = toProtectConfigurationInformation(ctx, row, defaultId);
      await protectNumberOverrides.deleteAllOf(ctx, row.id);
      await protectConfigurations.delete(ctx, row.id);
      await ctx.tx.deleteTags(ctx.scope, information.ProtectConfigurationArn, 'all');
      return information;
    },
  },

  AssociateProtectConfiguration: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireProtectConfiguration(ctx, input.ProtectConfigurationId);
      const set = await requireConfigurationSet(ctx, input.ConfigurationSetName);
      const updated = { ...set, protectConfigurationId: row.id };
      await ctx.tx.updateConfigurationSet(ctx.scope, updated);
      return associationOf(ctx, updated, row);
    },
  },

  DisassociateProtectConfiguration: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireProtectConfiguration(ctx, input.ProtectConfigurationId);
      const set = await requireConfigurationSet(ctx, input.ConfigurationSetName);
      if (set.protectConfigurationId !== row.id) {
        throw new ConflictException({
          message: `Protect configuration ${row.id} is not associated with the configuration set ${set.name}`,
          Reason: 'PROTECT_CONFIGURATION_NOT_ASSOCIATED_WITH_CONFIGURATION_SET',
          ResourceType: 'configuration-set',
          ResourceId: set.name,
        });
      }
      const { protectConfigurationId: _removed, ...rest } = set;
      await ctx.tx.updateConfigurationSet(ctx.scope, rest);
      return associationOf(ctx, rest, row);
    },
  },

  SetAccountDefaultProtectConfiguration: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireProtectConfiguration(ctx, input.ProtectConfigurationId);
      const existing = await accountDefaultProtect.get(ctx, DEFAULT_ID);
      const doc = { protectConfigurationId: row.id };
      if (existing) await accountDefaultProtect.update(ctx, existing, doc);
      else await accountDefaultProtect.insert(ctx, DEFAULT_ID, doc);
      return { DefaultProtectConfigurationArn: protectConfigurations.arn(ctx, row.id), DefaultProtectConfigurationId: row.id };
    },
  },

  DeleteAccountDefaultProtectConfiguration: {
    mode: 'write',
    async handle(_input, ctx) {
      const existing = await accountDefaultProtect.get(ctx, DEFAULT_ID);
      if (!existing) {
        throw new ResourceNotFoundException({
          message: 'The account has no default protect configuration',
          ResourceType: 'protect-configuration',
          ResourceId: DEFAULT_ID,
        });
      }
      await accountDefaultProtect.delete(ctx, DEFAULT_ID);
      const id = existing.doc.protectConfigurationId;
      return { DefaultProtectConfigurationArn: protectConfigurations.arn(ctx, id), DefaultProtectConfigurationId: id };
    },
  },
};
