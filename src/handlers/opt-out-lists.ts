// CreateOptOutList, DescribeOptOutLists, DeleteOptOutList, PutOptedOutNumber,
// DescribeOptedOutNumbers, DeleteOptedOutNumber. Facts: ../shared/notes/aws-behavior-rest-of-api.md 4.1-4.2.
import { ConflictException } from '../generated/errors.js';
import type { OptedOutFilterName } from '../generated/types.js';
import { toEpochSeconds } from '../domain/clock.js';
import { DEFAULT_OPT_OUT_LIST, type OptedOutNumberRecord, type OptOutListRecord } from '../domain/opt-outs.js';
import { withPlus } from '../domain/phone.js';
import { BOOLEAN_VALUES, describePage, type DescribeSpec } from './describe.js';
import { notFound, type Repository, type Stored } from './resource-layer.js';
import { optedOutNumbers, optOutLists, phoneNumbers, pools, rcsAgents } from './resource-types.js';
import { checkQuota } from './origination-shared.js';
import { tagNewResource, forgetResource } from './tags.js';
import { requireOptOutList } from './opt-out-list-lookup.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** The name of the list an OptOutListName member names (`Default` when absent); ResourceNotFoundException when none. */
export async function resolveOptOutListName(ctx: HandlerContext, nameOrArn: string | undefined): Promise<string> {
  if (nameOrArn === undefined) return DEFAULT_OPT_OUT_LIST;
  return (await requireOptOutList(ctx, nameOrArn)).id;
}

/** The members of an UpdatePhoneNumber, UpdatePool or UpdateRcsAgent input that every origination identity shares. */
export interface IdentitySettingsInput {
  TwoWayEnabled?: boolean;
  TwoWayChannelArn?: string;
  TwoWayChannelRole?: string;
  SelfManagedOptOutsEnabled?: boolean;
  OptOutListName?: string;
  DeletionProtectionEnabled?: boolean;
}

/**
 * The record fields such an update changes: only the members given, the opt-out list by its name
 * (given as a name or an ARN).
 * @throws ResourceNotFoundException when OptOutListName names no list of the account
 */
export async function updatedIdentitySettings(ctx: HandlerContext, input: IdentitySettingsInput) {
  return {
    ...(input.TwoWayEnabled !== undefined && { twoWayEnabled: input.TwoWayEnabled }),
    ...(input.TwoWayChannelArn !== undefined && { twoWayChannelArn: input.TwoWayChannelArn }),
    ...(input.TwoWayChannelRole !== undefined && { twoWayChannelRole: input.TwoWayChannelRole }),
    ...(input.SelfManagedOptOutsEnabled !== undefined && { selfManagedOptOutsEnabled: input.SelfManagedOptOutsEnabled }),
    ...(input.OptOutListName !== undefined && { optOutListName: await resolveOptOutListName(ctx, input.OptOutListName) }),
    ...(input.DeletionProtectionEnabled !== undefined && { deletionProtectionEnabled: input.DeletionProtectionEnabled }),
  };
}

/** The lists the account created: `Default` exists without being created, so it does not count towards OPT_OUT_LISTS. */
export async function countCreatedOptOutLists(ctx: HandlerContext): Promise<number> {
  return (await optOutLists.count(ctx)) - ((await optOutLists.get(ctx, DEFAULT_OPT_OUT_LIST)) ? 1 : 0);
}

/** True when the list has `number` (E.164) on it. */
export async function isOptedOut(ctx: HandlerContext, listName: string, number: string): Promise<boolean> {
  return (await optedOutNumbers.get(ctx, number, listName)) !== undefined;
}

/**
 * Adds (or refreshes) an entry. An entry already present keeps its timestamp and flag when the
 * account puts it again; an end-user opt-out marks it EndUserOptedOut and refreshes its time.
 */
export async function putOptedOutNumber(ctx: HandlerContext, listName: string, number: string, endUserOptedOut: boolean): Promise<OptedOutNumberRecord> {
  const existing = await optedOutNumbers.get(ctx, number, listName);
  if (existing && !endUserOptedOut) return existing.doc;
  const doc: OptedOutNumberRecord = { optedOutNumber: number, optedOutTimestamp: ctx.clock.now(), endUserOptedOut };
  if (existing) await optedOutNumbers.update(ctx, existing, doc);
  else await optedOutNumbers.insert(ctx, number, doc, listName);
  return doc;
}

const listInformation = (ctx: HandlerContext, l: OptOutListRecord) => ({
  OptOutListArn: optOutLists.arn(ctx, l.optOutListName),
  OptOutListName: l.optOutListName,
  CreatedTimestamp: toEpochSeconds(l.createdTimestamp),
});

const entryInformation = (e: OptedOutNumberRecord) => ({
  OptedOutNumber: e.optedOutNumber,
  OptedOutTimestamp: toEpochSeconds(e.optedOutTimestamp),
  EndUserOptedOut: e.endUserOptedOut,
});

const listSpec: DescribeSpec<OptOutListRecord, never> = {
  repository: optOutLists,
  filters: {},
  resolve: (ctx, nameOrArn) => requireOptOutList(ctx, nameOrArn, { store: true }),
};

const entrySpec: DescribeSpec<OptedOutNumberRecord, OptedOutFilterName> = {
  repository: optedOutNumbers,
  filters: { 'end-user-opted-out': { read: (e) => e.endUserOptedOut, values: BOOLEAN_VALUES } },
};

/** The first row of a repository (top-level, in id order) that `test` accepts. */
async function findFirst<D>(ctx: HandlerContext, repo: Repository<D>, test: (doc: D) => boolean): Promise<Stored<D> | undefined> {
  let after: { parent: string; id: string } | undefined;
  for (;;) {
    const rows = await repo.list(ctx, { after, limit: 500 });
    const found = rows.find((r) => test(r.doc));
    if (found || rows.length < 500) return found;
    after = rows[rows.length - 1];
  }
}

/** Where the list is in use: the first phone number (not released), pool or RCS agent attached to it. */
async function firstUser(ctx: HandlerContext, listName: string): Promise<string | undefined> {
  const number = await findFirst(ctx, phoneNumbers, (n) => n.optOutListName === listName && n.status !== 'DELETED');
  const pool = number ?? (await findFirst(ctx, pools, (p) => p.optOutListName === listName));
  return (pool ?? (await findFirst(ctx, rcsAgents, (a) => a.optOutListName === listName)))?.id;
}

export const optOutListHandlers: HandlerTable = {
  CreateOptOutList: {
    mode: 'write',
    async handle(input, ctx) {
      const name = input.OptOutListName;
      if (name === DEFAULT_OPT_OUT_LIST || (await optOutLists.get(ctx, name))) {
        throw new ConflictException({
          message: `The opt-out list ${name} already exists`,
          Reason: 'RESOURCE_ALREADY_EXISTS',
          ResourceType: 'opt-out-list',
          ResourceId: name,
        });
      }
      checkQuota(ctx, 'OPT_OUT_LISTS', await countCreatedOptOutLists(ctx), 'OPT_OUT_LISTS_PER_ACCOUNT');
      const row = await optOutLists.insert(ctx, name, { optOutListName: name, createdTimestamp: ctx.clock.now() });
      const tags = await tagNewResource(ctx, optOutLists.arn(ctx, name), input.Tags);
      return { ...listInformation(ctx, row.doc), Tags: tags };
    },
  },

  DescribeOptOutLists: {
    // A write: the first look at an account's lists stores its `Default` list.
    mode: 'write',
    async handle(input, ctx) {
      if (!input.OptOutListNames?.length && input.NextToken === undefined) await requireOptOutList(ctx, DEFAULT_OPT_OUT_LIST, { store: true });
      const page = await describePage(ctx, listSpec, {
        ids: input.OptOutListNames,
        idsMember: 'OptOutListNames',
        owner: input.Owner,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return { OptOutLists: page.rows.map((r) => listInformation(ctx, r.doc)), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  },

  DeleteOptOutList: {
    mode: 'write',
    async handle(input, ctx) {
      const list = await requireOptOutList(ctx, input.OptOutListName);
      // `Default` is every new number's list, so it is always in use.
      const user = list.id === DEFAULT_OPT_OUT_LIST ? 'the phone numbers requested without an OptOutListName' : await firstUser(ctx, list.id);
      if (user !== undefined) {
        throw new ConflictException({
          message: `The opt-out list ${list.id} cannot be deleted: it is in use by ${user}`,
          Reason: 'RESOURCE_DELETION_NOT_ALLOWED',
          ResourceType: 'opt-out-list',
          ResourceId: list.id,
        });
      }
      await optedOutNumbers.deleteAllOf(ctx, list.id);
      await optOutLists.delete(ctx, list.id);
      await forgetResource(ctx, optOutLists.arn(ctx, list.id));
      return listInformation(ctx, list.doc);
    },
  },

  PutOptedOutNumber: {
    mode: 'write',
    async handle(input, ctx) {
      const list = await requireOptOutList(ctx, input.OptOutListName, { store: true });
      const entry = await putOptedOutNumber(ctx, list.id, withPlus(input.OptedOutNumber), false);
      return { OptOutListArn: optOutLists.arn(ctx, list.id), OptOutListName: list.id, ...entryInformation(entry) };
    },
  },

  DescribeOptedOutNumbers: {
    mode: 'read',
    async handle(input, ctx) {
      const list = await requireOptOutList(ctx, input.OptOutListName);
      const page = await describePage(ctx, entrySpec, {
        parent: list.id,
        ids: input.OptedOutNumbers?.map(withPlus),
        idsMember: 'OptedOutNumbers',
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return {
        OptOutListArn: optOutLists.arn(ctx, list.id),
        OptOutListName: list.id,
        OptedOutNumbers: page.rows.map((r) => entryInformation(r.doc)),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },

  DeleteOptedOutNumber: {
    mode: 'write',
    async handle(input, ctx) {
      const list = await requireOptOutList(ctx, input.OptOutListName);
      const number = withPlus(input.OptedOutNumber);
      const entry = await optedOutNumbers.get(ctx, number, list.id);
      if (!entry) throw notFound('opted-out-number', input.OptedOutNumber);
      await optedOutNumbers.delete(ctx, number, list.id);
      return { OptOutListArn: optOutLists.arn(ctx, list.id), OptOutListName: list.id, ...entryInformation(entry.doc) };
    },
  },
};
