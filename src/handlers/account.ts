// DescribeAccountAttributes and DescribeAccountLimits. Facts: ../shared/notes/aws-behavior-rest-of-api.md 6.1-6.2 and 8.4.
import type { AccountAttribute, AccountLimit, AccountLimitName } from '../generated/types.js';
import { ValidationException } from '../generated/errors.js';
import { decodeNextToken, encodeNextToken } from '../domain/pagination.js';
import { enumOf, MAX_PAGE } from './describe.js';
import { countLiveNumbers } from './phone-numbers.js';
import { countCreatedOptOutLists } from './opt-out-lists.js';
import { pools, registrationAttachments, registrations, senderIds, verifiedDestinationNumbers } from './resource-types.js';
import { settings } from './origination-shared.js';
import { accountDefaultProtectId } from './protect-configurations.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** Used per limit name: what exists today. */
async function used(ctx: HandlerContext, name: AccountLimitName): Promise<number> {
  switch (name) {
    case 'PHONE_NUMBERS':
      return countLiveNumbers(ctx, false);
    case 'POOLS':
      return pools.count(ctx);
    case 'SENDER_IDS':
      return senderIds.count(ctx);
    case 'CONFIGURATION_SETS':
      return ctx.tx.countConfigurationSets(ctx.scope);
    case 'OPT_OUT_LISTS':
      return countCreatedOptOutLists(ctx);
    case 'REGISTRATIONS':
      return registrations.count(ctx);
    case 'REGISTRATION_ATTACHMENTS':
      return registrationAttachments.count(ctx);
    case 'VERIFIED_DESTINATION_NUMBERS':
      return verifiedDestinationNumbers.count(ctx);
    default:
      return 0;
  }
}

/** One page of `items` in their fixed order, the NextToken naming the last item's name in the list `list` (the operation). */
export function pageOf<T extends { Name: string }>(list: string, items: T[], input: { MaxResults?: number; NextToken?: string }) {
  const after = input.NextToken === undefined ? undefined : decodeNextToken(list, input.NextToken);
  const start = after === undefined ? 0 : items.findIndex((i) => i.Name === after) + 1;
  if (after !== undefined && start === 0) throw new ValidationException({ message: 'The NextToken is not valid', Reason: 'INVALID_NEXT_TOKEN' });
  const page = items.slice(start, start + (input.MaxResults ?? MAX_PAGE));
  const more = start + page.length < items.length;
  return { page, ...(more && { NextToken: encodeNextToken(list, page[page.length - 1].Name) }) };
}

export const accountHandlers: HandlerTable = {
  DescribeAccountAttributes: {
    mode: 'read',
    async handle(input, ctx) {
      // DEFAULT_PROTECT_CONFIGURATION_ID only while a default is set (notes 6.1: AWS does not say).
      const attributes: AccountAttribute[] = [{ Name: 'ACCOUNT_TIER', Value: settings(ctx).accountTier }];
      const protectDefault = await accountDefaultProtectId(ctx);
      if (protectDefault !== undefined) attributes.push({ Name: 'DEFAULT_PROTECT_CONFIGURATION_ID', Value: protectDefault });
      const { page, NextToken } = pageOf('DescribeAccountAttributes', attributes, input);
      return { AccountAttributes: page, ...(NextToken && { NextToken }) };
    },
  },

  DescribeAccountLimits: {
    mode: 'read',
    async handle(input, ctx) {
      const maxima = settings(ctx).accountLimits;
      const limits: AccountLimit[] = [];
      for (const name of enumOf('AccountLimitName') as AccountLimitName[]) {
        const max = name === 'CONFIGURATION_SETS' ? ctx.limits.maxConfigurationSets : maxima[name];
        limits.push({ Name: name, Used: await used(ctx, name), Max: max });
      }
      const { page, NextToken } = pageOf('DescribeAccountLimits', limits, input);
      return { AccountLimits: page, ...(NextToken && { NextToken }) };
    },
  },
};
