// Generic AWS JSON 1.0: routes on X-Amz-Target and decodes the body. It never names an operation.
import { operations, serviceMetadata } from '../generated/model.js';
import type { OperationName } from '../generated/types.js';
import type { OperationDef } from './model-types.js';
import { serializationError, unknownOperation, unsupportedMediaType } from './framework-errors.js';

export interface DecodedRequest {
  operation: OperationDef & { name: OperationName };
  input: Record<string, unknown>;
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
  return { operation, input: parsed as Record<string, unknown> };
}
