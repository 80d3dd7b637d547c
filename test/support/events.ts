// Waiting for events through the /_local/events view.
import type { WireJson } from './client.js';

export interface EventView {
  eventId: string;
  messageId: string;
  eventType: string;
  status: string;
  record: WireJson;
  deliveries: { destination: string; kind: string; status: string; attempts: number; lastError?: string }[];
}

export async function localEvents(url: string, query: Record<string, string> = {}): Promise<EventView[]> {
  const all: EventView[] = [];
  let nextToken: string | undefined;
  do {
    const params = new URLSearchParams({ ...query, limit: '1000', ...(nextToken && { nextToken }) });
    const res = await fetch(`${url}/_local/events?${params}`);
    if (res.status !== 200) throw new Error(`GET /_local/events answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { events: EventView[]; nextToken?: string };
    all.push(...body.events);
    nextToken = body.nextToken;
  } while (nextToken);
  return all;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The events of a message once every one of them is routed and none of their deliveries is pending. */
export function settledEventsOf(url: string, messageId: string, count: number, timeoutMs?: number): Promise<EventView[]> {
  return eventually(
    async () => {
      const events = await localEvents(url, { messageId });
      const settled = events.length === count && events.every((e) => e.status === 'routed' && e.deliveries.every((d) => d.status !== 'pending'));
      return settled ? events.sort((a, b) => a.record.eventTimestamp - b.record.eventTimestamp) : undefined;
    },
    timeoutMs,
    `${count} settled events of ${messageId}`,
  );
}
