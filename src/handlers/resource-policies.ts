// PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy: a policy document per shareable
// resource (phone number, sender ID, pool, opt-out list), kept by the resource's ARN and forgotten
// with the resource. Sharing itself is not simulated: a policy grants nothing to another account.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md 10.
import { ResourceNotFoundException, ValidationException } from '../generated/errors.js';
import type { ResourceType } from '../generated/types.js';
import { isOwnArn, parseArn, partitionOf } from '../domain/arn.js';
import { serviceMetadata } from '../generated/model.js';
import { toEpochSeconds } from '../domain/clock.js';
import type { Stored } from './resource-layer.js';
import { resourcePolicies, type ResourcePolicyRecord } from './resource-types.js';
import { taggable } from './tags.js';
import type { HandlerContext, HandlerTable } from './types.js';
import { ownValue } from '../domain/own-value.js';

/** The resource types PutResourcePolicy's documentation lists as shareable (notes 10). */
export const SHAREABLE_TYPES: readonly ResourceType[] = ['phone-number', 'sender-id', 'pool', 'opt-out-list'];

/** What Get answers for a resource without a policy, as observed (notes 10, Terraform). */
const NO_POLICY = '{}';

function invalidArn(message: string): ValidationException {
  return new ValidationException({ message, Reason: 'INVALID_ARN', Fields: [{ Name: 'ResourceArn', Message: message }] });
}

/**
 * The ARN of an existing shareable resource of the caller.
 * @throws ValidationException INVALID_ARN for text that is not an ARN, an ARN of another service or
 *   partition, or one naming a type that cannot be shared; ResourceNotFoundException (ResourceType of the ARN) for a resource that does not exist
 *   here (another account's or region's included)
 */
async function requireShareableResource(ctx: HandlerContext, arn: string): Promise<string> {
  const parsed = parseArn(arn);
  if (!parsed) throw invalidArn(`${arn} is not a valid ARN`);
  // Another service's ARN (an SNS phone number) or another partition's can never name a resource here.
  if (parsed.service !== serviceMetadata.signingName || parsed.partition !== partitionOf(ctx.scope.region)) {
    throw invalidArn(`${arn} is not an ARN of ${serviceMetadata.signingName} in partition ${partitionOf(ctx.scope.region)}`);
  }
  const type = parsed.resourceType as ResourceType;
  if (!SHAREABLE_TYPES.includes(type)) {
    throw invalidArn(`A ${parsed.resourceType} cannot have a resource policy; these can: ${SHAREABLE_TYPES.join(', ')}`);
  }
  if (!isOwnArn(parsed, ctx.scope) || !(await ownValue(taggable, type)?.(ctx, arn, parsed))) {
    throw new ResourceNotFoundException({ message: `Resource ${arn} does not exist`, ResourceType: type, ResourceId: arn });
  }
  return arn;
}

/** A policy must be a JSON object (AWS's check is not documented; ValidationException is its only fitting error). */
function checkPolicy(policy: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    // answered below
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const message = 'The policy must be a JSON object (an IAM policy document)';
    throw new ValidationException({ message, Reason: 'INVALID_PARAMETER', Fields: [{ Name: 'Policy', Message: message }] });
  }
}

const toWire = (arn: string, row: Stored<ResourcePolicyRecord>) => ({
  ResourceArn: arn,
  Policy: row.doc.policy,
  CreatedTimestamp: toEpochSeconds(row.createdAt),
});

export const resourcePolicyHandlers: HandlerTable = {
  PutResourcePolicy: {
    mode: 'write',
    async handle(input, ctx) {
      const arn = await requireShareableResource(ctx, input.ResourceArn);
      checkPolicy(input.Policy);
      const existing = await resourcePolicies.get(ctx, arn);
      const doc = { policy: input.Policy };
      // A new policy replaces the old one, and is as new as it.
      if (existing) await resourcePolicies.delete(ctx, arn);
      return toWire(arn, await resourcePolicies.insert(ctx, arn, doc));
    },
  },

  GetResourcePolicy: {
    mode: 'read',
    async handle(input, ctx) {
      const arn = await requireShareableResource(ctx, input.ResourceArn);
      const row = await resourcePolicies.get(ctx, arn);
      return row ? toWire(arn, row) : { ResourceArn: arn, Policy: NO_POLICY };
    },
  },

  DeleteResourcePolicy: {
    mode: 'write',
    async handle(input, ctx) {
      const arn = await requireShareableResource(ctx, input.ResourceArn);
      const row = await resourcePolicies.get(ctx, arn);
      if (!row) {
        throw new ResourceNotFoundException({ message: `The resource ${arn} has no resource policy`, ResourceType: 'policy', ResourceId: arn });
      }
      await resourcePolicies.delete(ctx, arn);
      return toWire(arn, row);
    },
  },
};
