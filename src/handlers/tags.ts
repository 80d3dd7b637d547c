// TagResource, UntagResource, ListTagsForResource. Configuration sets are the taggable resources so far.
import { ResourceNotFoundException, ServiceQuotaExceededException, ValidationException } from '../generated/errors.js';
import { shapes } from '../generated/model.js';
import type { ResourceType, Tag } from '../generated/types.js';
import type { ListShape, StringShape } from '../protocol/model-types.js';
import { isOwnArn, parseArn } from '../domain/arn.js';
import type { TagRecord } from '../storage/store.js';
import { CONFIGURATION_SET } from './lookups.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** Tags a resource may hold: the model's TagList bound. */
const MAX_TAGS_PER_RESOURCE = (shapes.TagList as ListShape).max!;
const resourceTypes = (shapes.ResourceType as StringShape).enum ?? [];

export const toWireTags = (tags: TagRecord[]): Tag[] => tags.map((t) => ({ Key: t.key, Value: t.value }));

/** Wire tags to records; a key given twice keeps its last value. */
export function fromWireTags(tags: Tag[]): TagRecord[] {
  return [...new Map(tags.map((t) => [t.Key, t.Value])).entries()].map(([key, value]) => ({ key, value }));
}

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
  const exists =
    isOwnArn(parsed, ctx.scope) &&
    parsed.resourceType === CONFIGURATION_SET &&
    (await ctx.tx.findConfigurationSet(ctx.scope, parsed.resourceId))?.arn === resourceArn;
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
