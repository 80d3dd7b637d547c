// CreateRcsAgent, DescribeRcsAgents, UpdateRcsAgent, DeleteRcsAgent, DescribeRcsAgentCountryLaunchStatus.
// An agent is an origination identity (pools, keywords, opt-out lists, sends: see pool-membership.ts,
// keywords.ts, origination.ts); its status, testing agent and country launches come from the
// registrations associated with it (rcs-agent-view.ts). Facts: ../shared/notes/aws-behavior-rest-of-api.md 12.2.
import { ConflictException } from '../generated/errors.js';
import type { CountryLaunchStatusFilterName, RcsAgentFilterName, RcsAgentInformation, RcsAgentStatus } from '../generated/types.js';
import { toEpochSeconds } from '../domain/clock.js';
import type { RcsAgentRecord } from '../domain/rcs-agents.js';
import { BOOLEAN_VALUES, checkFilterValues, describePage, enumOf, matchesFilters, pageOfList, type DescribeSpec, type FilterField } from './describe.js';
import type { Stored } from './resource-layer.js';
import { rcsAgents } from './resource-types.js';
import { agentViewAt, type AgentCountryLaunch, type AgentView } from './rcs-agent-view.js';
import { checkDeletionProtection, checkQuota } from './origination-shared.js';
import { resolveOptOutListName, updatedIdentitySettings } from './opt-out-lists.js';
import { deleteKeywordsOf } from './keywords.js';
import { tagNewResource } from './tags.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** The wire shape of an agent as it is now (the view gives its status and testing agent). */
export function toRcsAgentInformation(ctx: HandlerContext, a: RcsAgentRecord, view: AgentView): RcsAgentInformation {
  return {
    RcsAgentArn: rcsAgents.arn(ctx, a.rcsAgentId),
    RcsAgentId: a.rcsAgentId,
    Status: view.status,
    CreatedTimestamp: toEpochSeconds(a.createdTimestamp),
    DeletionProtectionEnabled: a.deletionProtectionEnabled,
    OptOutListName: a.optOutListName,
    SelfManagedOptOutsEnabled: a.selfManagedOptOutsEnabled,
    TwoWayEnabled: a.twoWayEnabled,
    ...(a.twoWayChannelArn !== undefined && { TwoWayChannelArn: a.twoWayChannelArn }),
    ...(a.twoWayChannelRole !== undefined && { TwoWayChannelRole: a.twoWayChannelRole }),
    ...(a.poolId !== undefined && { PoolId: a.poolId }),
    ...(view.testingAgent && { TestingAgent: { RegistrationId: view.testingAgent.registrationId, Status: view.testingAgent.status } }),
  };
}

/** The answer of Create/Update/Delete: the record without PoolId and TestingAgent (their result shapes have neither). */
function changeAnswer(ctx: HandlerContext, a: RcsAgentRecord, status: RcsAgentStatus) {
  const { PoolId: _p, TestingAgent: _t, ...rest } = toRcsAgentInformation(ctx, a, { status, launches: [] });
  return rest;
}

/** The `status` filter reads the stored record only, so DescribeRcsAgents derives it before filtering (see below). */
const agentSpec: DescribeSpec<RcsAgentRecord, Exclude<RcsAgentFilterName, 'status'>> = {
  repository: rcsAgents,
  filters: {
    'two-way-enabled': { read: (a) => a.twoWayEnabled, values: BOOLEAN_VALUES },
    'self-managed-opt-outs-enabled': { read: (a) => a.selfManagedOptOutsEnabled, values: BOOLEAN_VALUES },
    'opt-out-list-name': { read: (a) => a.optOutListName },
    'deletion-protection-enabled': { read: (a) => a.deletionProtectionEnabled, values: BOOLEAN_VALUES },
    'two-way-channel-arn': { read: (a) => a.twoWayChannelArn },
  },
};

const statusFilter: Record<'status', FilterField<AgentView>> = { status: { read: (v) => v.status, values: enumOf('RcsAgentStatus') } };
const launchFilters: Record<CountryLaunchStatusFilterName, FilterField<AgentCountryLaunch>> = {
  'country-launch-status': { read: (l) => l.status, values: enumOf('CountryLaunchStatus') },
};

/** An agent in a pool can be neither updated nor deleted: ConflictException RCS_AGENT_ASSOCIATED_TO_POOL. */
const pooled = (a: RcsAgentRecord) =>
  new ConflictException({
    message: `The RCS agent ${a.rcsAgentId} is in pool ${a.poolId}; disassociate it first`,
    Reason: 'RCS_AGENT_ASSOCIATED_TO_POOL',
    ResourceType: 'rcs-agent',
    ResourceId: a.rcsAgentId,
  });

/** The agent an RcsAgentId member (ID or ARN) names; ResourceNotFoundException (ResourceType `rcs-agent`) when none. */
export const requireRcsAgent = (ctx: HandlerContext, idOrArn: string): Promise<Stored<RcsAgentRecord>> => rcsAgents.require(ctx, idOrArn);

export const rcsAgentHandlers: HandlerTable = {
  CreateRcsAgent: {
    mode: 'write',
    async handle(input, ctx) {
      const optOutListName = await resolveOptOutListName(ctx, input.OptOutListName);
      checkQuota(ctx, 'RCS_AGENTS', await rcsAgents.count(ctx), 'RCS_AGENTS_PER_ACCOUNT');
      const id = rcsAgents.newId(ctx);
      const record: RcsAgentRecord = {
        rcsAgentId: id,
        deletionProtectionEnabled: input.DeletionProtectionEnabled ?? false,
        optOutListName,
        selfManagedOptOutsEnabled: false,
        twoWayEnabled: false,
        registrations: [],
        createdTimestamp: ctx.clock.now(),
      };
      await rcsAgents.insert(ctx, id, record);
      const tags = await tagNewResource(ctx, rcsAgents.arn(ctx, id), input.Tags);
      return { ...changeAnswer(ctx, record, 'CREATED'), Tags: tags };
    },
  },

  DescribeRcsAgents: {
    mode: 'read',
    async handle(input, ctx) {
      // The status filter needs each agent's registrations: check its values up front, then page
      // with the record filters and drop rows whose status does not match.
      const filters = input.Filters ?? [];
      const byStatus = filters.filter((f) => f.Name === 'status') as { Name: 'status'; Values: string[] }[];
      checkFilterValues(statusFilter, byStatus);
      const others = filters.filter((f) => f.Name !== 'status') as { Name: Exclude<RcsAgentFilterName, 'status'>; Values: string[] }[];
      const agents: RcsAgentInformation[] = [];
      let nextToken = input.NextToken;
      const want = input.MaxResults;
      for (;;) {
        const page = await describePage(ctx, agentSpec, {
          ids: input.RcsAgentIds,
          idsMember: 'RcsAgentIds',
          owner: input.Owner,
          filters: others,
          maxResults: want,
          nextToken,
        });
        for (const row of page.rows) {
          const view = await agentViewAt(ctx, row.doc);
          if (matchesFilters(statusFilter, byStatus, view, ctx.clock.now())) agents.push(toRcsAgentInformation(ctx, row.doc, view));
        }
        nextToken = page.nextToken;
        // A page thinned by the status filter still answers its NextToken, so a caller can go on.
        if (!byStatus.length || agents.length > 0 || nextToken === undefined) break;
      }
      return { RcsAgents: agents, ...(nextToken && { NextToken: nextToken }) };
    },
  },

  UpdateRcsAgent: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireRcsAgent(ctx, input.RcsAgentId);
      // As for a pooled phone number (UpdatePhoneNumber): its settings must keep matching the pool's.
      if (row.doc.poolId !== undefined) throw pooled(row.doc);
      const doc: RcsAgentRecord = {
        ...row.doc,
        ...(await updatedIdentitySettings(ctx, input)),
      };
      await rcsAgents.update(ctx, row, doc);
      return changeAnswer(ctx, doc, (await agentViewAt(ctx, doc)).status);
    },
  },

  DeleteRcsAgent: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireRcsAgent(ctx, input.RcsAgentId);
      const a = row.doc;
      checkDeletionProtection(a.deletionProtectionEnabled, 'rcs-agent', a.rcsAgentId);
      if (a.poolId !== undefined) throw pooled(a);
      // AWS: delete the agent's registrations first [RCS-S].
      if (a.registrations.length) {
        const ids = a.registrations.map((r) => r.registrationId).join(', ');
        throw new ConflictException({
          message: `The RCS agent ${a.rcsAgentId} still has registrations (${ids}); delete them first`,
          Reason: 'RESOURCE_NOT_EMPTY',
          ResourceType: 'rcs-agent',
          ResourceId: a.rcsAgentId,
        });
      }
      await rcsAgents.delete(ctx, row.id);
      await deleteKeywordsOf(ctx, row.id);
      await ctx.tx.deleteTags(ctx.scope, rcsAgents.arn(ctx, row.id), 'all');
      return changeAnswer(ctx, a, 'DELETED');
    },
  },

  DescribeRcsAgentCountryLaunchStatus: {
    mode: 'read',
    async handle(input, ctx) {
      const row = await requireRcsAgent(ctx, input.RcsAgentId);
      const filters = input.Filters ?? [];
      checkFilterValues(launchFilters, filters);
      const now = ctx.clock.now();
      const wanted = input.IsoCountryCodes?.length ? new Set(input.IsoCountryCodes) : undefined;
      const launches = (await agentViewAt(ctx, row.doc)).launches
        .filter((l) => (wanted === undefined || wanted.has(l.isoCountryCode)) && matchesFilters(launchFilters, filters, l, now))
        .sort((x, y) => x.isoCountryCode.localeCompare(y.isoCountryCode));
      const page = pageOfList(`DescribeRcsAgentCountryLaunchStatus/${row.id}`, launches, (l) => l.isoCountryCode, input.MaxResults, input.NextToken);
      return {
        RcsAgentArn: rcsAgents.arn(ctx, row.id),
        RcsAgentId: row.id,
        CountryLaunchStatus: page.items.map((l) => ({
          IsoCountryCode: l.isoCountryCode,
          RegistrationId: l.registrationId,
          Status: l.status,
          CarrierStatus: l.carriers,
        })),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },
};
