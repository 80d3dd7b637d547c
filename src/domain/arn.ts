// ARNs of this service: arn:<partition>:sms-voice:<region>:<account>:<resource-type>/<id>.
import type { Scope } from '../storage/store.js';
import { serviceMetadata } from '../generated/model.js';

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

export function buildArn(scope: Scope, resourceType: string, id: string): string {
  return `arn:${partitionOf(scope.region)}:${serviceMetadata.signingName}:${scope.region}:${scope.accountId}:${resourceType}/${id}`;
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resourceType: string;
  resourceId: string;
}

/** Splits an ARN of the form arn:partition:service:region:account:type/id; undefined if it is not one. */
export function parseArn(arn: string): ParsedArn | undefined {
  const match = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):([^/:]+)\/(.+)$/.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, accountId, resourceType, resourceId] = match;
  return { partition, service, region, accountId, resourceType, resourceId };
}

/** True when the ARN names a resource of this service in the caller's own account and region. */
export function isOwnArn(parsed: ParsedArn, scope: Scope): boolean {
  return (
    parsed.service === serviceMetadata.signingName &&
    parsed.partition === partitionOf(scope.region) &&
    parsed.region === scope.region &&
    parsed.accountId === scope.accountId
  );
}

/**
 * Resolves a NameOrArn member to the resource's name in the caller's scope. A plain value is the
 * name; an ARN must name a resource of `resourceType` in the caller's account and region, else
 * undefined (the caller answers ResourceNotFoundException).
 */
export function nameFromNameOrArn(value: string, resourceType: string, scope: Scope): string | undefined {
  if (!value.startsWith('arn:')) return value;
  const parsed = parseArn(value);
  if (!parsed || parsed.resourceType !== resourceType || !isOwnArn(parsed, scope)) return undefined;
  return parsed.resourceId;
}
