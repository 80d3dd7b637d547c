import type { Sink, SinkResult } from './sink.js';

/** Keeps events in the local store only: for a kind with no endpoint configured. */
export const captureSink: Sink = {
  deliveredStatus: 'captured',
  async deliver(_target, items): Promise<SinkResult[]> {
    return items.map(() => ({ status: 'ok' }));
  },
};
