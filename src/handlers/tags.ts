// TagResource, UntagResource, ListTagsForResource, and Tags at creation, for every taggable type:
// configuration sets, phone numbers, sender IDs, pools, opt-out lists, protect configurations, registrations, registration attachments, RCS agents, notify configurations and verified destination numbers. Tags live by ARN; deleting or releasing a
// resource deletes its tags.
import { ResourceNotFoundException, ServiceQuotaExceededException, ValidationException } from '../generated/errors.js';
import { shapes } from '../generated/model.js';
import type { ResourceType, Tag } from '../generated/types.js';
import type { StringShape } from '../protocol/model-types.js';
import { isOwnArn, type ParsedArn, parseArn } from '../domain/arn.js';
import type { TagRecord } from '../storage/store.js';
import { maxOf } from './describe.js';
import { CONFIGURATION_SET } from './lookups.js';
import {
  phoneNumbers,
  pools,
  senderIds,
  protectConfigurations,
  registrations,
  registrationAttachments,
  rcsAgents,
  notifyConfigurations,
  verifiedDestinationNumbers,
  resourcePolicies,
} from './resource-types.js';
import { findOptOutList } from './opt-out-list-lookup.js';
import type { HandlerContext, HandlerTable } from './types.js';
import { ownValue } from '../domain/own-value.js';

/** Tags a resource may hold: the model's TagList bound. */
const MAX_TAGS_PER_RESOURCE = maxOf('TagList');
const resourceTypes = (shapes.ResourceType as StringShape).enum ?? [];

export const toWireTags = (tags: TagRecord[]): Tag[] => tags.map((t) => ({ Key: t.key, Value: t.value }));

/**
 * Wire tags to records. A key starting with `aws:` (reserved by AWS) or given twice in one request is
 * a ValidationException (INVALID_PARAMETER) naming the member, rather than silently keeping one value.
 */
export function fromWireTags(tags: Tag[], member = 'Tags'): TagRecord[] {
  const seen = new Set<string>();
  const fields = tags.flatMap((t, i) => {
    const problem = t.Key.toLowerCase().startsWith('aws:')
      ? `The tag key ${t.Key} starts with aws:, which is reserved`
      : seen.has(t.Key)
        ? `The tag key ${t.Key} is given more than once`
        : undefined;
    seen.add(t.Key);
    return problem ? [{ Name: `${member}[${i}].Key`, Message: problem }] : [];
  });
  if (fields.length) {
    throw new ValidationException({ message: fields.map((f) => f.Message).join('; '), Reason: 'INVALID_PARAMETER', Fields: fields });
  }
  return tags.map((t) => ({ key: t.Key, value: t.Value }));
}

/** Stores a new resource's Tags (checked as by `fromWireTags`) and answers them in wire form, in key order. */
export async function tagNewResource(ctx: HandlerContext, arn: string, tags: Tag[] | undefined): Promise<Tag[]> {
  await ctx.tx.putTags(ctx.scope, arn, fromWireTags(tags ?? []));
  return toWireTags(await ctx.tx.listTags(ctx.scope, arn));
}

/**
 * Forgets what lives by a resource's ARN when the resource goes (deleted, released): its tags and
 * its resource policy, so a resource created again under the same ARN starts with neither.
 */
export async function forgetResource(ctx: HandlerContext, arn: string): Promise<void> {
  await ctx.tx.deleteTags(ctx.scope, arn, 'all');
  await resourcePolicies.delete(ctx, arn);
}

/** Whether a taggable resource exists, per ARN resource type. A released (DELETED) number is not taggable. */
export const taggable: Partial<Record<string, (ctx: HandlerContext, arn: string, parsed: ParsedArn) => Promise<boolean>>> = {
  [CONFIGURATION_SET]: async (ctx, arn, parsed) => (await ctx.tx.findConfigurationSet(ctx.scope, parsed.resourceId))?.arn === arn,
  'phone-number': async (ctx, arn) => {
    const number = await phoneNumbers.find(ctx, arn);
    return number !== undefined && number.doc.status !== 'DELETED';
  },
  'sender-id': async (ctx, arn) => (await senderIds.find(ctx, arn)) !== undefined,
  pool: async (ctx, arn) => (await pools.find(ctx, arn)) !== undefined,
  registration: async (ctx, arn) => (await registrations.find(ctx, arn)) !== undefined,
  'registration-attachment': async (ctx, arn) => (await registrationAttachments.find(ctx, arn)) !== undefined,
  'opt-out-list': async (ctx, arn) => (await findOptOutList(ctx, arn)) !== undefined,
  'protect-configuration': async (ctx, arn) => (await protectConfigurations.find(ctx, arn)) !== undefined,
  'rcs-agent': async (ctx, arn) => (await rcsAgents.find(ctx, arn)) !== undefined,
  'notify-configuration': async (ctx, arn) => (await notifyConfigurations.find(ctx, arn)) !== undefined,
  'verified-destination-number': async (ctx, arn) => (await verifiedDestinationNumbers.find(ctx, arn)) !== undefined,
};

/** Checks that the ARN names an existing taggable resource of the caller, and returns it as given. */
async function requireTaggableResource(ctx: HandlerContext, resourceArn: string): Promise<string> {
  const parsed = parseArn(resourceArn);
  if (!parsed) {
    throw new ValidationException({
      message: `${resourceArn} is not a valid ARN`,
      Reason: 'INVALID_ARN',
      Fields: [{ Name: 'ResourceArn', Message: 'Member must be a valid ARN' }],
    });
  }
  const exists = isOwnArn(parsed, ctx.scope) && (await ownValue(taggable, parsed.resourceType)?.(ctx, resourceArn, parsed)) === true;
  if (!exists) {
    throw new ResourceNotFoundException({
      message: `Resource ${resourceArn} does not exist`,
      ...(resourceTypes.includes(parsed.resourceType) && { ResourceType: parsed.resourceType as ResourceType }),
      ResourceId: resourceArn,
    });
  }
  return resourceArn;
}

export const tagHandlers: HandlerTable = {
  TagResource: {
    mode: 'write',
    async handle(input, ctx) {
      const arn = await requireTaggableResource(ctx, input.ResourceArn);
      const incoming = fromWireTags(input.Tags);
      const existing = new Set((await ctx.tx.listTags(ctx.scope, arn)).map((t) => t.key));
      const total = existing.size + incoming.filter((t) => !existing.has(t.key)).length;
      if (total > MAX_TAGS_PER_RESOURCE) {
        throw new ServiceQuotaExceededException({
          message: `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags; this request would make ${total}`,
          Reason: 'TAGS_PER_RESOURCE',
        });
      }
      await ctx.tx.putTags(ctx.scope, arn, incoming);
      return {};
    },
  },

  UntagResource: {
    mode: 'write',
    async handle(input, ctx) {
      const arn = await requireTaggableResource(ctx, input.ResourceArn);
      await ctx.tx.deleteTags(ctx.scope, arn, input.TagKeys);
      return {};
    },
  },

  ListTagsForResource: {
    mode: 'read',
    async handle(input, ctx) {
      const arn = await requireTaggableResource(ctx, input.ResourceArn);
      return { ResourceArn: arn, Tags: toWireTags(await ctx.tx.listTags(ctx.scope, arn)) };
    },
  },
};
