// PutKeyword, DescribeKeywords, DeleteKeyword. Facts: ../shared/notes/aws-behavior-rest-of-api.md 4.3.
import { ConflictException, ValidationException } from '../generated/errors.js';
import type { KeywordFilterName } from '../generated/types.js';
import { parseArn } from '../domain/arn.js';
import { BUILT_IN_KEYWORDS, isBuiltInKeyword, REQUIRED_OPT_OUT_KEYWORDS, type KeywordRecord } from '../domain/opt-outs.js';
import { describePage, enumOf, type DescribeSpec } from './describe.js';
import { notFound, type Stored } from './resource-layer.js';
import { keywords, phoneNumbers, pools, rcsAgents } from './resource-types.js';
import { checkQuota, RCS_AGENT_ID, requireLiveNumber } from './origination-shared.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** The phone number or pool whose keywords a request names. */
export interface KeywordOwner {
  kind: 'phone-number' | 'pool' | 'rcs-agent';
  /** The PhoneNumberId, PoolId or RcsAgentId: the keywords' parent. */
  id: string;
  arn: string;
}

/**
 * Resolves a PhoneOrPoolIdOrArn member: a PhoneNumberId or PhoneNumberArn (a number not released),
 * a PoolId or PoolArn, or an RcsAgentId or RcsAgentArn. Anything else is ResourceNotFoundException (ResourceType `phone-number`,
 * or `pool` for pool ids and ARNs).
 */
export async function requireKeywordOwner(ctx: HandlerContext, idOrArn: string): Promise<KeywordOwner> {
  const type = idOrArn.startsWith('arn:') ? parseArn(idOrArn)?.resourceType : idOrArn.startsWith('pool-') ? 'pool' : 'phone-number';
  if (type === 'pool') {
    const pool = await pools.require(ctx, idOrArn);
    return { kind: 'pool', id: pool.id, arn: pools.arn(ctx, pool.id) };
  }
  // PutKeyword works on an RCS agent's id too [RCS-S].
  if (type === 'rcs-agent' || (type === 'phone-number' && RCS_AGENT_ID.test(idOrArn))) {
    const agent = await rcsAgents.require(ctx, idOrArn);
    return { kind: 'rcs-agent', id: agent.id, arn: rcsAgents.arn(ctx, agent.id) };
  }
  if (type !== 'phone-number') throw notFound('phone-number', idOrArn);
  const number = await requireLiveNumber(ctx, idOrArn);
  return { kind: 'phone-number', id: number.id, arn: phoneNumbers.arn(ctx, number.id) };
}

/**
 * A keyword's storage id: the keyword, with NUL (which the model allows but PostgreSQL text cannot
 * hold) as a newline, which no keyword can contain (pattern `[ \S]+`), so no two keywords share an id.
 */
export const keywordId = (keyword: string): string => keyword.replaceAll('\u0000', '\n');

/** Stores HELP and STOP for an owner that has not stored them yet (every number and pool has them). */
export async function ensureBuiltInKeywords(ctx: HandlerContext, ownerId: string): Promise<void> {
  for (const builtIn of BUILT_IN_KEYWORDS) {
    if (!(await keywords.get(ctx, builtIn.keyword, ownerId))) await keywords.insert(ctx, builtIn.keyword, builtIn, ownerId);
  }
}

/** Every keyword of an owner, HELP and STOP included, in keyword order. */
export async function keywordsOf(ctx: HandlerContext, ownerId: string): Promise<KeywordRecord[]> {
  const all: Stored<KeywordRecord>[] = [];
  for (;;) {
    const last = all[all.length - 1];
    const rows = await keywords.list(ctx, { parent: ownerId, after: last && { parent: ownerId, id: last.id }, limit: 500 });
    all.push(...rows);
    if (rows.length < 500) break;
  }
  const stored = all.map((r) => r.doc);
  return [...BUILT_IN_KEYWORDS.filter((b) => !stored.some((k) => k.keyword === b.keyword)), ...stored];
}

/** Copies a phone number's keywords to a pool created from it (a pool copies its first identity's keywords). */
export async function copyKeywords(ctx: HandlerContext, fromOwnerId: string, toOwnerId: string): Promise<void> {
  for (const k of await keywordsOf(ctx, fromOwnerId)) await keywords.insert(ctx, keywordId(k.keyword), k, toOwnerId);
}

/** Deletes every keyword of a released number or deleted pool. */
export const deleteKeywordsOf = (ctx: HandlerContext, ownerId: string) => keywords.deleteAllOf(ctx, ownerId);

const invalidKeyword = (message: string) => new ValidationException({ message, Reason: 'INVALID_PARAMETER', Fields: [{ Name: 'Keyword', Message: message }] });

const notModifiable = (keyword: string, action: string, ownerId: string) =>
  new ConflictException({
    message: `The action of keyword ${keyword} is ${action} and cannot be changed`,
    Reason: 'RESOURCE_MODIFICATION_NOT_ALLOWED',
    ResourceType: 'keyword',
    ResourceId: `${ownerId}/${keyword}`,
  });

const keywordSpec: DescribeSpec<KeywordRecord, KeywordFilterName> = {
  repository: keywords,
  filters: { 'keyword-action': { read: (k) => k.keywordAction, values: enumOf('KeywordAction') } },
};

const answer = (owner: KeywordOwner, k: KeywordRecord) => ({
  OriginationIdentityArn: owner.arn,
  OriginationIdentity: owner.id,
  Keyword: k.keyword,
  KeywordMessage: k.keywordMessage,
  KeywordAction: k.keywordAction,
});

export const keywordHandlers: HandlerTable = {
  PutKeyword: {
    mode: 'write',
    async handle(input, ctx) {
      const owner = await requireKeywordOwner(ctx, input.OriginationIdentity);
      if (input.Keyword !== input.Keyword.trim()) throw invalidKeyword('A keyword cannot start or end with a space');
      if (!input.KeywordMessage.trim()) {
        throw new ValidationException({
          message: 'The KeywordMessage cannot be blank',
          Reason: 'INVALID_PARAMETER',
          Fields: [{ Name: 'KeywordMessage', Message: 'Cannot be blank' }],
        });
      }
      const keyword = input.Keyword.toUpperCase();
      await ensureBuiltInKeywords(ctx, owner.id);
      const existing = await keywords.get(ctx, keywordId(keyword), owner.id);
      // HELP and STOP keep their action; the required opt-out words can only opt out.
      const fixedAction = isBuiltInKeyword(keyword) ? existing?.doc.keywordAction : REQUIRED_OPT_OUT_KEYWORDS.has(keyword) ? 'OPT_OUT' : undefined;
      const action = input.KeywordAction ?? fixedAction ?? existing?.doc.keywordAction ?? 'AUTOMATIC_RESPONSE';
      if (fixedAction !== undefined && action !== fixedAction) throw notModifiable(keyword, fixedAction, owner.id);
      if (!existing) {
        const quota = owner.kind === 'pool' ? 'KEYWORDS_PER_POOL' : 'KEYWORDS_PER_PHONE_NUMBER';
        checkQuota(ctx, quota, await keywords.count(ctx, owner.id), quota);
      }
      const doc: KeywordRecord = { keyword, keywordMessage: input.KeywordMessage, keywordAction: action };
      if (existing) await keywords.update(ctx, existing, doc);
      else await keywords.insert(ctx, keywordId(keyword), doc, owner.id);
      return answer(owner, doc);
    },
  },

  DescribeKeywords: {
    // A write: the first look at a number's keywords stores its HELP and STOP.
    mode: 'write',
    async handle(input, ctx) {
      const owner = await requireKeywordOwner(ctx, input.OriginationIdentity);
      await ensureBuiltInKeywords(ctx, owner.id);
      const page = await describePage(ctx, keywordSpec, {
        parent: owner.id,
        ids: input.Keywords?.map((k) => keywordId(k.toUpperCase())),
        idsMember: 'Keywords',
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return {
        OriginationIdentityArn: owner.arn,
        OriginationIdentity: owner.id,
        Keywords: page.rows.map(({ doc: k }) => ({ Keyword: k.keyword, KeywordMessage: k.keywordMessage, KeywordAction: k.keywordAction })),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },

  DeleteKeyword: {
    mode: 'write',
    async handle(input, ctx) {
      const owner = await requireKeywordOwner(ctx, input.OriginationIdentity);
      const keyword = input.Keyword.toUpperCase();
      if (isBuiltInKeyword(keyword)) {
        throw new ConflictException({
          message: `The keyword ${keyword} cannot be deleted`,
          Reason: 'RESOURCE_DELETION_NOT_ALLOWED',
          ResourceType: 'keyword',
          ResourceId: keyword,
        });
      }
      const row = await keywords.get(ctx, keywordId(keyword), owner.id);
      if (!row) throw notFound('keyword', input.Keyword);
      await keywords.delete(ctx, keywordId(keyword), owner.id);
      return answer(owner, row.doc);
    },
  },
};
