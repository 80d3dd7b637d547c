// CreateConfigurationSet, DescribeConfigurationSets, DeleteConfigurationSet and the set's defaults.
import { ConflictException, ServiceQuotaExceededException } from '../generated/errors.js';
import type { ConfigurationSetFilter, ConfigurationSetInformation } from '../generated/types.js';
import { buildArn } from '../domain/arn.js';
import { toEpochSeconds } from '../domain/clock.js';
import { checkConfigurationSetFilters, matchesConfigurationSetFilters } from '../domain/configuration-set-filters.js';
import { decodeNextToken, encodeNextToken } from '../domain/pagination.js';
import type { ConfigurationSetRecord, EventDestinationRecord } from '../storage/store.js';
import { toEventDestination } from './event-destinations.js';
import { MAX_PAGE } from './describe.js';
import { CONFIGURATION_SET, requireConfigurationSet } from './lookups.js';
import { tagNewResource, forgetResource } from './tags.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** Rows read per storage call while filtering, so one request costs a bounded number of reads per page. */
const SCAN_BATCH = 200;

export function toConfigurationSetInformation(set: ConfigurationSetRecord, destinations: EventDestinationRecord[]): ConfigurationSetInformation {
  return {
    ConfigurationSetArn: set.arn,
    ConfigurationSetName: set.name,
    EventDestinations: destinations.map(toEventDestination),
    CreatedTimestamp: toEpochSeconds(set.createdAt),
    ...(set.defaultMessageType !== undefined && {
      DefaultMessageType: set.defaultMessageType as ConfigurationSetInformation['DefaultMessageType'],
    }),
    ...(set.defaultSenderId !== undefined && { DefaultSenderId: set.defaultSenderId }),
    ...(set.defaultMessageFeedbackEnabled !== undefined && {
      DefaultMessageFeedbackEnabled: set.defaultMessageFeedbackEnabled,
    }),
    ...(set.protectConfigurationId !== undefined && { ProtectConfigurationId: set.protectConfigurationId }),
  };
}

function groupByConfigurationSet(destinations: EventDestinationRecord[]): Map<string, EventDestinationRecord[]> {
  const grouped = new Map<string, EventDestinationRecord[]>();
  for (const d of destinations) {
    const list = grouped.get(d.configurationSetName);
    if (list) list.push(d);
    else grouped.set(d.configurationSetName, [d]);
  }
  return grouped;
}

interface Candidate {
  set: ConfigurationSetRecord;
  destinations: EventDestinationRecord[];
}

/** The named sets (names or ARNs), in name order, every one of which must exist. */
async function loadNamedSets(ctx: HandlerContext, namesOrArns: string[], after: string | undefined) {
  const sets: ConfigurationSetRecord[] = [];
  for (const nameOrArn of namesOrArns) sets.push(await requireConfigurationSet(ctx, nameOrArn));
  const unique = [...new Map(sets.map((s) => [s.name, s])).values()]
    .filter((s) => after === undefined || s.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const grouped = groupByConfigurationSet(
    await ctx.tx.listEventDestinations(
      ctx.scope,
      unique.map((s) => s.name),
    ),
  );
  return unique.map((set) => ({ set, destinations: grouped.get(set.name) ?? [] }));
}

/**
 * Reads the account's sets in name order after `after` until `want` of them pass the filters or
 * the sets run out. Without filters this is one storage read of `want` rows.
 */
async function scanSets(ctx: HandlerContext, filters: ConfigurationSetFilter[], after: string | undefined, want: number) {
  const found: Candidate[] = [];
  let cursor = after;
  const batch = filters.length ? Math.max(want, SCAN_BATCH) : want;
  for (;;) {
    const sets = await ctx.tx.listConfigurationSets(ctx.scope, { afterName: cursor, limit: batch });
    const grouped = groupByConfigurationSet(
      await ctx.tx.listEventDestinations(
        ctx.scope,
        sets.map((s) => s.name),
      ),
    );
    for (const set of sets) {
      const destinations = grouped.get(set.name) ?? [];
      if (matchesConfigurationSetFilters(filters, set, destinations)) found.push({ set, destinations });
      if (found.length === want) return found;
    }
    if (sets.length < batch) return found;
    cursor = sets[sets.length - 1].name;
  }
}

export const configurationSetHandlers: HandlerTable = {
  CreateConfigurationSet: {
    mode: 'write',
    async handle(input, ctx) {
      const name = input.ConfigurationSetName;
      if (await ctx.tx.findConfigurationSet(ctx.scope, name)) {
        throw new ConflictException({
          message: `Configuration set ${name} already exists`,
          Reason: 'RESOURCE_ALREADY_EXISTS',
          ResourceType: CONFIGURATION_SET,
          ResourceId: name,
        });
      }
      if ((await ctx.tx.countConfigurationSets(ctx.scope)) >= ctx.limits.maxConfigurationSets) {
        throw new ServiceQuotaExceededException({
          message: `The account already has ${ctx.limits.maxConfigurationSets} configuration sets in ${ctx.scope.region}`,
          Reason: 'CONFIGURATION_SETS_PER_ACCOUNT',
        });
      }
      const record: ConfigurationSetRecord = {
        name,
        arn: buildArn(ctx.scope, CONFIGURATION_SET, name),
        createdAt: ctx.clock.now(),
      };
      await ctx.tx.insertConfigurationSet(ctx.scope, record);
      return {
        ConfigurationSetArn: record.arn,
        ConfigurationSetName: record.name,
        Tags: await tagNewResource(ctx, record.arn, input.Tags),
        CreatedTimestamp: toEpochSeconds(record.createdAt),
      };
    },
  },

  DescribeConfigurationSets: {
    mode: 'read',
    async handle(input, ctx) {
      const filters = input.Filters ?? [];
      checkConfigurationSetFilters(filters);
      const after = input.NextToken === undefined ? undefined : decodeNextToken('DescribeConfigurationSets', input.NextToken);
      const pageSize = input.MaxResults ?? MAX_PAGE;
      const candidates = input.ConfigurationSetNames?.length
        ? (await loadNamedSets(ctx, input.ConfigurationSetNames, after)).filter((c) => matchesConfigurationSetFilters(filters, c.set, c.destinations))
        : await scanSets(ctx, filters, after, pageSize + 1);
      const page = candidates.slice(0, pageSize);
      return {
        ConfigurationSets: page.map((c) => toConfigurationSetInformation(c.set, c.destinations)),
        ...(candidates.length > pageSize && { NextToken: encodeNextToken('DescribeConfigurationSets', page[page.length - 1].set.name) }),
      };
    },
  },

  DeleteConfigurationSet: {
    mode: 'write',
    async handle(input, ctx) {
      const set = await requireConfigurationSet(ctx, input.ConfigurationSetName);
      const destinations = await ctx.tx.listEventDestinations(ctx.scope, [set.name]);
      await ctx.tx.deleteConfigurationSet(ctx.scope, set.name);
      await ctx.tx.failPendingDeliveries(ctx.scope, set.name, undefined, `The configuration set ${set.name} was deleted`);
      await forgetResource(ctx, set.arn);
      const { ProtectConfigurationId: _unused, ...information } = toConfigurationSetInformation(set, destinations);
      return information;
    },
  },

  SetDefaultMessageType: {
    mode: 'write',
    async handle(input, ctx) {
      const set = await updateSet(ctx, input.ConfigurationSetName, (s) => ({ ...s, defaultMessageType: input.MessageType }));
      return { ConfigurationSetArn: set.arn, ConfigurationSetName: set.name, MessageType: input.MessageType };
    },
  },

  DeleteDefaultMessageType: {
    mode: 'write',
    async handle(input, ctx) {
      const { set, cleared } = await clearDefault(ctx, input.ConfigurationSetName, 'defaultMessageType');
      return {
        ConfigurationSetArn: set.arn,
        ConfigurationSetName: set.name,
        ...(cleared !== undefined && { MessageType: cleared as 'TRANSACTIONAL' | 'PROMOTIONAL' }),
      };
    },
  },

  SetDefaultSenderId: {
    mode: 'write',
    async handle(input, ctx) {
      const set = await updateSet(ctx, input.ConfigurationSetName, (s) => ({ ...s, defaultSenderId: input.SenderId }));
      return { ConfigurationSetArn: set.arn, ConfigurationSetName: set.name, SenderId: input.SenderId };
    },
  },

  DeleteDefaultSenderId: {
    mode: 'write',
    async handle(input, ctx) {
      const { set, cleared } = await clearDefault(ctx, input.ConfigurationSetName, 'defaultSenderId');
      return { ConfigurationSetArn: set.arn, ConfigurationSetName: set.name, ...(cleared !== undefined && { SenderId: cleared }) };
    },
  },

  SetDefaultMessageFeedbackEnabled: {
    mode: 'write',
    async handle(input, ctx) {
      const set = await updateSet(ctx, input.ConfigurationSetName, (s) => ({
        ...s,
        defaultMessageFeedbackEnabled: input.MessageFeedbackEnabled,
      }));
      return {
        ConfigurationSetArn: set.arn,
        ConfigurationSetName: set.name,
        MessageFeedbackEnabled: input.MessageFeedbackEnabled,
      };
    },
  },
};

/** Removes one default from a set; answers the set and the value it had. */
async function clearDefault(ctx: HandlerContext, nameOrArn: string, field: 'defaultMessageType' | 'defaultSenderId') {
  const set = await requireConfigurationSet(ctx, nameOrArn);
  const { [field]: cleared, ...rest } = set;
  await ctx.tx.updateConfigurationSet(ctx.scope, rest);
  return { set, cleared };
}

async function updateSet(
  ctx: HandlerContext,
  nameOrArn: string,
  change: (set: ConfigurationSetRecord) => ConfigurationSetRecord,
): Promise<ConfigurationSetRecord> {
  const updated = change(await requireConfigurationSet(ctx, nameOrArn));
  await ctx.tx.updateConfigurationSet(ctx.scope, updated);
  return updated;
}
