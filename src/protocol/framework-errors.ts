// Protocol faults that the model does not describe: malformed requests that never reach an
// operation. Always 4xx (but for the 503 of a server shutting down), written by the same error writer as the modelled errors (as Smithy's
// server framework errors are).
import { ServiceError } from './service-error.js';

export class FrameworkError extends ServiceError {
  constructor(
    code: string,
    status: number,
    message: string,
    /** Extra response headers (`Allow` on a 405). */
    readonly headers: Record<string, string> = {},
  ) {
    super(code, status >= 500 ? 'server' : 'client', false, { message }, status);
  }
}

export const serializationError = (message: string) => new FrameworkError('SerializationException', 400, message);
export const unknownOperation = (message: string) => new FrameworkError('UnknownOperationException', 400, message);
export const methodNotAllowed = (method: string) =>
  new FrameworkError('MethodNotAllowedException', 405, `Method ${method} is not allowed; the API accepts POST on /`, { allow: 'POST' });
/**
 * A method a /_local/ route does not take: GET routes take GET and HEAD (but for a push stream,
 * which has no head to send: `withHead` false), POST routes POST.
 */
export const localMethodNotAllowed = (method: string, path: string, accepts: readonly string[] = ['GET'], withHead = true) => {
  const allow = accepts.flatMap((m) => (m === 'GET' && withHead ? ['GET', 'HEAD'] : [m]));
  return new FrameworkError('MethodNotAllowedException', 405, `Method ${method} is not allowed on ${path}; it accepts ${allow.join(', ')}`, {
    allow: allow.join(', '),
  });
};
/** A body compressed in a way the server does not decode. */
export const unsupportedContentEncoding = (encoding: string) =>
  new FrameworkError('UnsupportedMediaTypeException', 415, `Content-Encoding ${encoding} is not supported; send the body uncompressed (identity)`, {
    'accept-encoding': 'identity',
  });
export const notFound = (path: string) => new FrameworkError('NotFoundException', 404, `No route for ${path}`);
export const unsupportedMediaType = (type: string) =>
  new FrameworkError('UnsupportedMediaTypeException', 415, `Content-Type ${type} is not supported; send application/x-amz-json-1.0`);
export const requestTooLarge = (limit: number) => new FrameworkError('RequestEntityTooLargeException', 413, `Request body exceeds the limit of ${limit} bytes`);
/** An operation that the model knows but sms-voice-local does not implement yet (after its input validated). */
export const notImplemented = (operation: string) =>
  new FrameworkError('NotImplementedException', 400, `${operation} is not implemented by sms-voice-local yet; the request was valid and nothing was changed`);
/** A request that arrived after the server began to shut down; it was not processed. */
export const shuttingDown = () => new FrameworkError('ServiceUnavailableException', 503, 'sms-voice-local is shutting down; the request was not processed');
/** A change stream asked for while every place is taken (`STREAM_MAX_CONNECTIONS`). */
export const tooManyStreams = (limit: number) =>
  new FrameworkError(
    'ServiceUnavailableException',
    503,
    `Too many open streams: this server keeps at most ${limit} /_local/stream connections open at once (STREAM_MAX_CONNECTIONS); close one and retry`,
    { 'retry-after': '1' },
  );
