// The HTTP layer: body limit, request id, caller scope, /_local routes and one log line per request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { decodeRequest } from '../protocol/json10.js';
import { JSON_CONTENT_TYPE, toServiceError, writeError, type WireResponse } from '../protocol/error-writer.js';
import {
  FrameworkError,
  localMethodNotAllowed,
  methodNotAllowed,
  notFound,
  requestTooLarge,
  shuttingDown,
  unsupportedContentEncoding,
} from '../protocol/framework-errors.js';
import type { Dispatch } from '../handlers/dispatch.js';
import { ThrottlingException } from '../generated/errors.js';
import { scopeFromAuthorization, type IdentityConfig } from './identity.js';
import type { RateLimiter } from './rate-limit.js';
import type { Scope } from '../storage/store.js';
import type { SigV4Verifier } from './sigv4.js';

/** What a local route gets: the query string, the `:name` segments of its path, the caller's scope and, for POST, the body. */
export interface LocalRequest {
  params: URLSearchParams;
  pathParams: Record<string, string>;
  scope: Scope;
  body: Buffer;
}

/** What a route answers itself instead of JSON: a file of the console, say. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A Server-Sent Events response, opened (status 200 and headers written) by its first write. */
export interface EventStreamOut {
  /** Writes one event: its `event:` name, its `id:` (the position to resume from) and its data as JSON. */
  send(event: string, id: string | undefined, data: unknown): void;
  /** Writes a comment line (a heartbeat that keeps proxies from closing the connection). */
  comment(text: string): void;
  /** Resolves when the client goes away or the server shuts down. */
  readonly closed: Promise<void>;
}

/** A local route that is not a plain GET, or that reads more than its query string. */
export type LocalRoute =
  | { method: 'GET' | 'POST' | 'DELETE'; handle(request: LocalRequest): Promise<unknown> }
  /** Answers bytes of its own (a static file). */
  | { method: 'GET'; raw(request: LocalRequest): Promise<RawAnswer> }
  /**
   * A push stream: throwing before the first write answers the error as JSON; the promise
   * resolves when the stream ends. `lastEventId` is the `Last-Event-ID` header, if given.
   */
  | { method: 'GET'; stream(request: LocalRequest & { lastEventId?: string }, out: EventStreamOut): Promise<void> };

/**
 * Local routes under /_local/, each answering JSON unless it is raw or a stream. A plain function
 * is a read-only GET (or HEAD) route over its query string; a list holds one route per method. A
 * key may hold `:name` segments (`/_local/handsets/:number/messages`), or end in `/*`, which
 * matches the path without it and every path under it (the rest as the `*` path parameter).
 */
export type LocalRoutes = Record<string, ((params: URLSearchParams) => Promise<unknown>) | LocalRoute | LocalRoute[]>;

/** The routes for a path (one per method), with its `:name` segments (URL-decoded); exact keys first. */
function findLocalRoute(routes: LocalRoutes, path: string): { routes: LocalRoute[]; pathParams: Record<string, string> } | undefined {
  const asRoutes = (r: LocalRoutes[string]): LocalRoute[] =>
    typeof r === 'function' ? [{ method: 'GET', handle: (req) => r(req.params) }] : Array.isArray(r) ? r : [r];
  if (Object.hasOwn(routes, path)) return { routes: asRoutes(routes[path]), pathParams: {} };
  const segments = path.split('/');
  for (const [key, route] of Object.entries(routes)) {
    if (key.endsWith('/*')) {
      const base = key.slice(0, -2);
      if (path === base || path.startsWith(`${base}/`)) return { routes: asRoutes(route), pathParams: { '*': path.slice(base.length + 1) } };
      continue;
    }
    const pattern = key.split('/');
    if (!key.includes('/:') || pattern.length !== segments.length) continue;
    const pathParams: Record<string, string> = {};
    const fits = pattern.every((p, i) => {
      if (!p.startsWith(':')) return p === segments[i];
      try {
        pathParams[p.slice(1)] = decodeURIComponent(segments[i]);
      } catch {
        return false;
      }
      return segments[i] !== '';
    });
    if (fits) return { routes: asRoutes(route), pathParams };
  }
  return undefined;
}

/**
 * How many bytes may wait in memory for a stream client that does not read fast enough; past it,
 * the connection is closed (the client reconnects with `Last-Event-ID` and catches up from the store).
 */
export const STREAM_MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Writes Server-Sent Events to `res`, opening it on the first write; ends when the client goes or
 * `drain` fires, or closes the connection (and calls `onSlow`) once more than
 * STREAM_MAX_BUFFERED_BYTES wait for a client that does not read them.
 */
function eventStreamOut(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  drain: EventTarget,
  onSlow: (buffered: number) => void,
): EventStreamOut & { opened(): boolean } {
  let open = false;
  let dropped = false;
  const write = (text: string) => {
    if (dropped || res.destroyed) return;
    if (res.write(text) || res.writableLength <= STREAM_MAX_BUFFERED_BYTES) return;
    dropped = true;
    onSlow(res.writableLength);
    res.destroy();
  };
  const openIfNeeded = () => {
    if (open) return;
    open = true;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      'x-amzn-requestid': requestId,
    });
    // The browser reconnects after a second when the stream ends (a restart, say).
    write('retry: 1000\n\n');
  };
  const closed = new Promise<void>((resolve) => {
    const end = () => {
      drain.removeEventListener('drain', end);
      resolve();
    };
    res.once('close', end);
    req.once('close', end);
    drain.addEventListener('drain', end, { once: true });
  });
  return {
    send(event, id, data) {
      openIfNeeded();
      write(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
    },
    comment(text) {
      openIfNeeded();
      write(`: ${text.replace(/\n/g, ' ')}\n\n`);
    },
    closed,
    opened: () => open,
  };
}

export interface HttpOptions {
  dispatch: Dispatch;
  localRoutes: LocalRoutes;
  logger: Logger;
  identity: IdentityConfig;
  maxBodyBytes: number;
  /** When set, every API request must carry a valid SigV4 signature; its key decides the account. */
  verifier?: SigV4Verifier;
  /** When set, requests beyond an account's rate get ThrottlingException. */
  rateLimiter?: RateLimiter;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
    // A connection closed mid-body (e.g. cut off at the end of a shutdown) settles the request too.
    req.on('close', () => req.complete || reject(new Error('connection closed before the body ended')));
  });
}

function send(res: ServerResponse, requestId: string, response: WireResponse, close = false): void {
  res.writeHead(response.status, {
    ...response.headers,
    'x-amzn-requestid': requestId,
    'content-length': Buffer.byteLength(response.body),
    ...(close && { connection: 'close' }),
  });
  res.end(response.body);
}

/** The HTTP server and its bounded shutdown. */
export interface HttpServer {
  server: Server;
  /**
   * Stops taking requests: closes the listener and every idle keep-alive connection at once;
   * a request that arrives afterwards, on any connection, is refused (`503
   * ServiceUnavailableException`, `Connection: close`) without reaching a handler; requests in
   * flight finish and answer with `Connection: close`. After `graceMs` milliseconds the
   * connections still open are destroyed. Resolves, never rejects, once no request is in flight
   * (or the grace period is over), to the number of requests cut off.
   */
  shutdown(graceMs: number): Promise<number>;
}

export function createHttpServer(options: HttpOptions): HttpServer {
  let draining = false;
  /** Fires `drain` when shutdown starts: open event streams end then. */
  const drainSignal = new EventTarget();
  let inFlight = 0;
  let settled: (() => void) | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    const [path, queryString] = (req.url ?? '/').split('?', 2);
    let operation: string | undefined;
    let errorType: string | undefined;
    let status = 200;
    let scope = scopeFromAuthorization(req.headers.authorization, options.identity);
    try {
      if (path.startsWith('/_local/')) {
        const found = findLocalRoute(options.localRoutes, path);
        if (!found) throw notFound(path);
        const { pathParams } = found;
        // A push stream has no head to send: HEAD is refused there, as other methods are.
        const streams = found.routes.some((r) => 'stream' in r);
        const route = found.routes.find((r) => r.method === req.method || (r.method === 'GET' && req.method === 'HEAD' && !streams));
        if (!route)
          throw localMethodNotAllowed(
            req.method ?? '',
            path,
            found.routes.map((r) => r.method),
            !streams,
          );
        let body: Buffer = Buffer.alloc(0);
        // A DELETE's body is read too, so that a route can refuse one rather than ignore it.
        if (route.method === 'POST' || route.method === 'DELETE') {
          body = await readBody(req, options.maxBodyBytes);
          const encoding = req.headers['content-encoding']?.trim().toLowerCase();
          if (encoding && encoding !== 'identity') throw unsupportedContentEncoding(encoding);
        }
        const params = new URLSearchParams(queryString ?? '');
        const request = { params, pathParams, scope, body };
        if ('stream' in route) {
          const out = eventStreamOut(req, res, requestId, drainSignal, (buffered) =>
            options.logger.warn({ requestId, buffered }, 'stream client does not read: connection closed (it may reconnect with Last-Event-ID)'),
          );
          const lastEventId = req.headers['last-event-id'];
          try {
            await route.stream({ ...request, ...(typeof lastEventId === 'string' && { lastEventId }) }, out);
          } catch (error) {
            if (!out.opened()) throw error;
            options.logger.error({ requestId, err: error }, 'event stream failed');
          }
          res.end();
          return;
        }
        if ('raw' in route) {
          const answer = await route.raw(request);
          res.writeHead(answer.status, { ...answer.headers, 'x-amzn-requestid': requestId, 'content-length': answer.body.length });
          res.end(req.method === 'HEAD' ? undefined : answer.body);
          status = answer.status;
          return;
        }
        const answer = JSON.stringify(await route.handle(request));
        send(res, requestId, { status: 200, headers: { 'content-type': 'application/json' }, body: answer }, draining);
        return;
      }
      if (path !== '/') throw notFound(path);
      if (req.method !== 'POST') throw methodNotAllowed(req.method ?? '');
      const body = await readBody(req, options.maxBodyBytes);
      if (options.verifier) {
        scope = await options.verifier.verify(
          { method: req.method, path, query: new URLSearchParams(queryString ?? ''), headers: req.headers, body },
          Date.now(),
        );
      }
      if (options.rateLimiter && !options.rateLimiter.take(scope.accountId, Date.now())) {
        throw new ThrottlingException({ message: 'Rate exceeded' });
      }
      const encoding = req.headers['content-encoding']?.trim().toLowerCase();
      if (encoding && encoding !== 'identity') throw unsupportedContentEncoding(encoding);
      const target = req.headers['x-amz-target'];
      const decoded = decodeRequest(typeof target === 'string' ? target : undefined, req.headers['content-type'], body);
      operation = decoded.operation.name;
      const output = await options.dispatch(decoded.operation, decoded.input, scope);
      send(res, requestId, { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(output) }, draining);
    } catch (caught) {
      const tooLarge = caught instanceof BodyTooLarge;
      const error = tooLarge ? requestTooLarge(options.maxBodyBytes) : toServiceError(caught, requestId);
      if (error !== caught && !tooLarge) options.logger.error({ requestId, operation, err: caught }, 'unexpected error');
      status = error.status;
      errorType = error.code;
      // An oversized body is not read to its end: answer, then close the connection.
      send(res, requestId, writeError(error), tooLarge || draining);
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      options.logger.info(
        { requestId, operation, status, errorType, ms: Math.round(ms * 1000) / 1000, account: scope.accountId, region: scope.region },
        'request',
      );
    }
  }

  const server = createServer((req, res) => {
    if (draining) {
      // Shutting down: no new request starts, on any connection.
      const requestId = randomUUID();
      send(res, requestId, writeError(shuttingDown()), true);
      options.logger.info({ requestId, status: 503, errorType: 'ServiceUnavailableException' }, 'request');
      return;
    }
    inFlight++;
    handle(req, res)
      .catch((err: unknown) => {
        options.logger.error({ err }, 'request handling failed');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      })
      .finally(() => {
        if (--inFlight === 0) settled?.();
      });
  });
  // Requests Node's parser refuses before any handler runs (headers over 16 KB, broken HTTP) get
  // the AWS error shape too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const wire = writeError(
      new FrameworkError(
        tooLarge ? 'RequestHeaderFieldsTooLargeException' : 'BadRequestException',
        tooLarge ? 431 : 400,
        tooLarge ? 'Request headers are too large' : 'Malformed HTTP request',
      ),
    );
    const requestId = randomUUID();
    const head = [
      `HTTP/1.1 ${wire.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}`,
      ...Object.entries({ ...wire.headers, 'x-amzn-requestid': requestId, 'content-length': String(Buffer.byteLength(wire.body)), connection: 'close' }).map(
        ([k, v]) => `${k}: ${v}`,
      ),
    ].join('\r\n');
    socket.end(`${head}\r\n\r\n${wire.body}`);
    options.logger.info({ requestId, status: wire.status, errorType: JSON.parse(wire.body).__type }, 'request');
  });

  let stopped: Promise<number> | undefined;
  const shutdown = (graceMs: number) =>
    (stopped ??= new Promise<number>((resolve) => {
      draining = true;
      drainSignal.dispatchEvent(new Event('drain'));
      server.close();
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        const cutOff = inFlight;
        options.logger.warn({ graceMs, cutOff }, 'shutdown grace period over: closing the connections still open');
        server.closeAllConnections();
        resolve(cutOff);
      }, graceMs);
      settled = () => {
        clearTimeout(timer);
        resolve(0);
      };
      if (inFlight === 0) settled();
    }));
  return { server, shutdown };
}
