// The one lookup of an opt-out list by name or ARN. `Default` exists in every account and region
// without being created: every lookup (sends, numbers, pools, tags, resource policies) finds it,
// stored or not.
import { nameFromNameOrArn } from '../domain/arn.js';
import { DEFAULT_OPT_OUT_LIST, type OptOutListRecord } from '../domain/opt-outs.js';
import { notFound, type Stored } from './resource-layer.js';
import { optOutLists } from './resource-types.js';
import type { HandlerContext } from './types.js';

/** The `Default` list as it is before anything stored it. */
const defaultList = (ctx: HandlerContext): Stored<OptOutListRecord> => ({
  type: 'opt-out-list',
  parent: '',
  id: DEFAULT_OPT_OUT_LIST,
  createdAt: ctx.clock.now(),
  doc: { optOutListName: DEFAULT_OPT_OUT_LIST, createdTimestamp: ctx.clock.now() },
});

/**
 * The opt-out list a name or ARN names (an ARN must be of the caller's account and region), or
 * undefined. `Default` is found even when nothing stored it yet: with `store` (in a write
 * transaction) it is stored then, so it keeps its creation time; otherwise it is answered as it
 * would be stored.
 */
export async function findOptOutList(ctx: HandlerContext, nameOrArn: string, { store = false } = {}): Promise<Stored<OptOutListRecord> | undefined> {
  const name = nameFromNameOrArn(nameOrArn, 'opt-out-list', ctx.scope);
  const row = name === undefined ? undefined : await optOutLists.get(ctx, name);
  if (row || name !== DEFAULT_OPT_OUT_LIST) return row;
  const virtual = defaultList(ctx);
  return store ? optOutLists.insert(ctx, virtual.id, virtual.doc) : virtual;
}

/**
 * As findOptOutList, for an OptOutListName member.
 * @throws ResourceNotFoundException (ResourceType `opt-out-list`) for an unknown list
 */
export async function requireOptOutList(ctx: HandlerContext, nameOrArn: string, options: { store?: boolean } = {}): Promise<Stored<OptOutListRecord>> {
  const list = await findOptOutList(ctx, nameOrArn, options);
  if (!list) throw notFound('opt-out-list', nameOrArn);
  return list;
}
