// GET /_local/stream: the change stream of one account and region as Server-Sent Events. Each
// event's `id:` is its stream position; a browser that reconnects sends the last one back as
// `Last-Event-ID` and gets exactly what it missed, from the store, after a server restart too.
import { formatCursor, parseCursor, type ChangeCursor, type ChangeItem, type ChangeStream } from '../events/change-stream.js';
import type { EventStreamOut, LocalRequest } from '../http/server.js';
import { tooManyStreams } from '../protocol/framework-errors.js';
import type { Scope } from '../storage/store.js';
import { invalid, parseViewQuery, toAttemptView, toEventView, toMessageView } from './local-views.js';

export interface StreamDeps {
  changes: ChangeStream;
  /** How often a comment line is written to an idle stream (ms). */
  heartbeatMs: number;
  /** The server clock, epoch ms (a message's feedback status depends on it). */
  now: () => number;
}

function viewOf(item: ChangeItem, now: number) {
  switch (item.kind) {
    case 'message':
      return { ...toMessageView(item.row, now), cursor: item.row.cursor };
    case 'event': {
      // The deliveries of an event change after it is sent: follow them through `attempt` items.
      const { deliveries: _deliveries, ...event } = toEventView(item.row);
      return { ...event, cursor: item.row.cursor };
    }
    case 'attempt':
      return { ...toAttemptView(item.row), cursor: item.row.cursor };
  }
}

const beyond = (c: ChangeCursor, end: ChangeCursor) => c.messages > end.messages || c.events > end.events || c.attempts > end.attempts;

/**
 * Streams changes of `account`/`region` (default: the caller's) from `Last-Event-ID`, else `since`,
 * else from now. Events: `ready` first (`accountId`, `region`, `cursor`), then `message`, `event`
 * and `attempt` in store order; `reset` before `ready` when the position given is past the end of
 * the store (a new database): the stream then starts from its end.
 * At most `changes.limit` streams are open at once.
 * @throws ValidationException (before anything is streamed) for a parameter or header refused;
 *   ServiceUnavailableException (503) when every stream place is taken
 */
export async function streamRoute(deps: StreamDeps, request: LocalRequest & { lastEventId?: string }, out: EventStreamOut): Promise<void> {
  const query = parseViewQuery(request.params, ['account', 'region', 'since']);
  const since = request.params.get('since');
  let start = since === null ? undefined : parseCursor(since);
  if (request.lastEventId !== undefined && request.lastEventId !== '') {
    start = parseCursor(request.lastEventId);
    if (start === undefined) throw invalid('Last-Event-ID', 'must be an id from this stream: <message>.<event>.<attempt>');
  }
  const scope = { accountId: query.accountId ?? request.scope.accountId, region: query.region ?? request.scope.region };
  const release = deps.changes.reserve();
  if (!release) throw tooManyStreams(deps.changes.limit);
  try {
    await follow(deps, scope, start, out);
  } finally {
    release();
  }
}

/** Streams the changes of `scope` after `start` (undefined: from now) until the client goes. */
async function follow(deps: StreamDeps, scope: Scope, start: ChangeCursor | undefined, out: EventStreamOut): Promise<void> {
  const end = await deps.changes.highWater();
  const past = start !== undefined && beyond(start, end);
  if (past) out.send('reset', undefined, { reason: 'the position given is past the end of this store', cursor: formatCursor(end) });
  const cursor = past ? end : (start ?? end);
  out.send('ready', formatCursor(cursor), { ...scope, cursor: formatCursor(cursor) });
  const unsubscribe = deps.changes.subscribe({
    scope,
    cursor,
    send: (item, after) => out.send(item.kind, formatCursor(after), viewOf(item, deps.now())),
  });
  const heartbeat = setInterval(() => out.comment('keep-alive'), deps.heartbeatMs);
  try {
    await out.closed;
  } finally {
    clearInterval(heartbeat);
    unsubscribe();
  }
}
