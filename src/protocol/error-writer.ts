import { InternalServerException } from '../generated/errors.js';
import { FrameworkError } from './framework-errors.js';
import { ServiceError } from './service-error.js';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Anything that is not a ServiceError becomes InternalServerException carrying the request id. */
export function toServiceError(error: unknown, requestId: string): ServiceError {
  if (error instanceof ServiceError) return error;
  return new InternalServerException({ message: 'An internal error occurred', RequestId: requestId });
}

/**
 * The one writer of errors' wire form: status, `x-amzn-ErrorType`, and a body with `__type`,
 * `message` (the AWS JSON convention, read by every SDK), `Message` (the model's member name) and
 * the model's other members.
 */
export function writeError(error: ServiceError): WireResponse {
  const body = { __type: error.code, message: error.message, Message: error.message, ...error.members };
  return {
    status: error.status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-errortype': error.code, ...(error instanceof FrameworkError && error.headers) },
    body: JSON.stringify(body),
  };
}
