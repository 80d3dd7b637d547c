// GET /_local/resources: the resources of one account and region, for the console's read views,
// gathered through the API's own Describe operations (so they show exactly what the API answers).
import type { OperationName } from '../generated/types.js';
import { operations } from '../generated/model.js';
import type { Scope } from '../storage/store.js';
import type { Dispatch } from './dispatch.js';
import { parseViewQuery } from './local-views.js';

/** The most items of one kind gathered (pages of the operation's largest MaxResults). */
const MAX_ITEMS = 1000;

type Answer = Record<string, unknown> & { NextToken?: string };

/** Every page of a Describe operation, up to MAX_ITEMS items of `member`. */
async function describeAll(dispatch: Dispatch, scope: Scope, name: OperationName, member: string, input: Record<string, unknown> = {}): Promise<unknown[]> {
  const items: unknown[] = [];
  let token: string | undefined;
  do {
    const answer = (await dispatch(operations[name] as never, { ...input, ...(token !== undefined && { NextToken: token }) }, scope)) as Answer;
    items.push(...((answer[member] as unknown[] | undefined) ?? []));
    token = answer.NextToken;
  } while (token !== undefined && items.length < MAX_ITEMS);
  return items;
}

/**
 * `GET /_local/resources?account=&region=` (default: the caller's): configuration sets with their
 * event destinations, phone numbers, pools, sender IDs, opt-out lists with their opted-out numbers,
 * and the keywords of every number and pool, each as its Describe operation answers it (the first
 * 1000 of each kind).
 * @throws ValidationException naming a query parameter refused
 */
export async function resourcesView(dispatch: Dispatch, params: URLSearchParams, callerScope: Scope) {
  const query = parseViewQuery(params, ['account', 'region']);
  const scope = { accountId: query.accountId ?? callerScope.accountId, region: query.region ?? callerScope.region };
  const [configurationSets, phoneNumbers, pools, senderIds, optOutLists] = await Promise.all([
    describeAll(dispatch, scope, 'DescribeConfigurationSets', 'ConfigurationSets'),
    describeAll(dispatch, scope, 'DescribePhoneNumbers', 'PhoneNumbers'),
    describeAll(dispatch, scope, 'DescribePools', 'Pools'),
    describeAll(dispatch, scope, 'DescribeSenderIds', 'SenderIds'),
    describeAll(dispatch, scope, 'DescribeOptOutLists', 'OptOutLists'),
  ]);
  const lists = await Promise.all(
    (optOutLists as { OptOutListName: string }[]).map(async (list) => ({
      ...list,
      OptedOutNumbers: await describeAll(dispatch, scope, 'DescribeOptedOutNumbers', 'OptedOutNumbers', { OptOutListName: list.OptOutListName }),
    })),
  );
  const owners = [
    ...(phoneNumbers as { PhoneNumberId: string; PoolId?: string; Status: string }[])
      .filter((n) => n.PoolId === undefined && n.Status !== 'DELETED')
      .map((n) => n.PhoneNumberId),
    ...(pools as { PoolId: string }[]).map((p) => p.PoolId),
  ];
  const keywords = await Promise.all(
    owners.map(async (owner) => ({
      OriginationIdentity: owner,
      Keywords: await describeAll(dispatch, scope, 'DescribeKeywords', 'Keywords', { OriginationIdentity: owner }),
    })),
  );
  return { accountId: scope.accountId, region: scope.region, configurationSets, phoneNumbers, pools, senderIds, optOutLists: lists, keywords };
}
