// Lookups shared by handler families. `require*` throws ResourceNotFoundException.
import { ResourceNotFoundException } from '../generated/errors.js';
import { nameFromNameOrArn } from '../domain/arn.js';
import type { ConfigurationSetRecord } from '../storage/store.js';
import type { HandlerContext } from './types.js';

export const CONFIGURATION_SET = 'configuration-set';

export function configurationSetNotFound(nameOrArn: string): ResourceNotFoundException {
  return new ResourceNotFoundException({
    message: `Configuration set ${nameOrArn} does not exist`,
    ResourceType: CONFIGURATION_SET,
    ResourceId: nameOrArn,
  });
}

export async function requireConfigurationSet(ctx: HandlerContext, nameOrArn: string): Promise<ConfigurationSetRecord> {
  const name = nameFromNameOrArn(nameOrArn, CONFIGURATION_SET, ctx.scope);
  const record = name === undefined ? undefined : await ctx.tx.findConfigurationSet(ctx.scope, name);
  if (!record) throw configurationSetNotFound(nameOrArn);
  return record;
}
