// A Server-Sent Events reader over fetch, for the /_local/stream tests.

export interface SseEvent {
  event: string;
  id?: string;
  // biome-ignore lint/suspicious/noExplicitAny: wire JSON; the assertions check its shape
  data: any;
}

export interface SseStream {
  /** Every event received so far, in order. */
  events: SseEvent[];
  /** Waits until `count` events of kinds other than `ready` and `reset` have arrived; answers them. */
  waitFor(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/** Opens `url` as an event stream; rejects when the answer is not 200 (with the answer's body). */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  if (response.status !== 200) throw new Error(`${response.status} ${await response.text()}`);
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const fields = Object.fromEntries(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
          if (fields.event === undefined) continue;
          events.push({ event: fields.event, ...(fields.id !== undefined && { id: fields.id }), data: JSON.parse(fields.data) });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // closed
    }
  })();
  const items = () => events.filter((e) => e.event !== 'ready' && e.event !== 'reset');
  return {
    events,
    waitFor(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (items().length < count) return;
          cleanup();
          resolve(items());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${count} stream items; got ${JSON.stringify(items().map((e) => e.event))}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
