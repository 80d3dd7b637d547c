// The live feed: one EventSource on /_local/stream for the scope shown. The browser reconnects by
// itself (a server restart, say) and sends the last id back, so the server sends what was missed.
import { useEffect, useState } from 'preact/hooks';
import type { Attempt, Message, MessageEvent, Scope } from './api';

export type LiveItem = { kind: 'message'; data: Message } | { kind: 'event'; data: MessageEvent } | { kind: 'attempt'; data: Attempt };

type Listener = (item: LiveItem) => void;

export type Connection = 'connecting' | 'live' | 'reconnecting';

/** The feed of one scope: listeners get each item once, in stream order. */
export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private source: EventSource | undefined;
  connection: Connection = 'connecting';
  onConnection?: (c: Connection) => void;
  onReady?: (scope: Scope) => void;
  onReset?: () => void;

  /** Opens the stream of `scope`, or of the server's default scope when undefined. */
  open(scope: Scope | undefined): void {
    this.close();
    const q = scope ? `?${new URLSearchParams({ account: scope.accountId, region: scope.region })}` : '';
    const source = new EventSource(`/_local/stream${q}`);
    this.source = source;
    const setConnection = (c: Connection) => {
      this.connection = c;
      this.onConnection?.(c);
    };
    source.addEventListener('ready', (e) => {
      const ready = JSON.parse((e as globalThis.MessageEvent).data) as Scope;
      setConnection('live');
      this.onReady?.({ accountId: ready.accountId, region: ready.region });
    });
    source.addEventListener('reset', () => this.onReset?.());
    source.addEventListener('error', () => setConnection('reconnecting'));
    for (const kind of ['message', 'event', 'attempt'] as const) {
      source.addEventListener(kind, (e) => {
        const item = { kind, data: JSON.parse((e as globalThis.MessageEvent).data) } as LiveItem;
        for (const listener of this.listeners) listener(item);
      });
    }
  }

  close(): void {
    this.source?.close();
    this.source = undefined;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export const feed = new LiveFeed();

/** Calls `listener` for every live item while the component is mounted. */
export function useLive(listener: Listener, deps: unknown[]): void {
  useEffect(() => feed.subscribe(listener), deps);
}

/** A counter that changes whenever a live item passes `filter`: a dependency that reloads a view. */
export function useLiveTick(filter: (item: LiveItem) => boolean, deps: unknown[]): number {
  const [tick, setTick] = useState(0);
  useLive((item) => {
    if (filter(item)) setTick((t) => t + 1);
  }, deps);
  return tick;
}
