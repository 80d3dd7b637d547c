// Generic AWS JSON 1.0: routes on X-Amz-Target and decodes the body. It never names an operation.
import { operations, serviceMetadata } from '../generated/model.js';
import type { OperationName } from '../generated/types.js';
import type { OperationDef } from './model-types.js';
import { serializationError, unknownOperation, unsupportedMediaType } from './framework-errors.js';

export interface DecodedRequest {
  operation: OperationDef & { name: OperationName };
  input: Record<string, unknown>;
}

/**
 * How deeply a request body may nest objects and arrays. The model's deepest input is a handful
 * of levels; a body past this bound is refused before any recursive walk (validation, null
 * removal, idempotency hashing) could overflow the stack on it.
 */
export const MAX_BODY_DEPTH = 100;

/** True when `value` nests objects and arrays deeper than `limit` levels; walks iteratively, so any depth is safe. */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

const ACCEPTED_CONTENT_TYPES = new Set(['application/x-amz-json-1.0', 'application/json', 'application/x-amz-json-1.1']);

export function resolveOperation(target: string | undefined): OperationDef & { name: OperationName } {
  if (!target) throw unknownOperation('Missing X-Amz-Target header');
  const prefix = `${serviceMetadata.targetPrefix}.`;
  const name = target.startsWith(prefix) ? target.slice(prefix.length) : undefined;
  if (!name || !Object.hasOwn(operations, name)) throw unknownOperation(`Unknown operation ${target}`);
  return operations[name as OperationName] as OperationDef & { name: OperationName };
}

export function decodeRequest(target: string | undefined, contentType: string | undefined, body: Buffer): DecodedRequest {
  const operation = resolveOperation(target);
  if (contentType) {
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    if (!ACCEPTED_CONTENT_TYPES.has(mediaType)) throw unsupportedMediaType(mediaType);
  }
  // An empty body is an empty input, as botocore sends `{}` and some clients send nothing.
  if (body.length === 0) return { operation, input: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationError('The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw serializationError('The request body must be a JSON object');
  }
  if (nestsDeeperThan(parsed, MAX_BODY_DEPTH)) throw serializationError(`The request body nests objects and arrays deeper than ${MAX_BODY_DEPTH} levels`);
  return { operation, input: parsed as Record<string, unknown> };
}
