// One sink per destination kind: the real one through its SDK client when an endpoint is
// configured for the kind, else local capture. SDK clients load on first use, not at start-up.
import type { EventDestinationSink } from '../../storage/store.js';
import { captureSink } from './capture.js';
import type { Sink } from './sink.js';

export interface SinkEndpoints {
  sns?: string;
  firehose?: string;
  cloudwatchLogs?: string;
}

/**
 * The AWS SDK's documented switch (`@aws-sdk/core`) for the multi-line NodeVersionSupportWarning it
 * prints to stderr when its first client is created on Node < 22: the server's own output stays
 * clean. Set only when the environment has not set it, before the first SDK client is created.
 */
function silenceSdkNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

type Kind = EventDestinationSink['kind'];
type ClosableSink = Sink & { destroy?(): void };

export class SinkRegistry {
  private readonly sinks = new Map<Kind, Promise<ClosableSink>>();

  constructor(
    private readonly endpoints: SinkEndpoints,
    private readonly timeoutMs: number,
  ) {}

  /** The endpoint configured for a kind, if any. */
  private endpointOf(kind: Kind): string | undefined {
    return { sns: this.endpoints.sns, firehose: this.endpoints.firehose, 'cloudwatch-logs': this.endpoints.cloudwatchLogs }[kind];
  }

  /** Whether deliveries of this kind go to local capture on this node (no endpoint is configured for it). */
  capturesLocally(kind: Kind): boolean {
    return !this.endpointOf(kind);
  }

  sinkFor(kind: Kind): Promise<ClosableSink> {
    let sink = this.sinks.get(kind);
    if (!sink) {
      sink = this.load(kind);
      this.sinks.set(kind, sink);
    }
    return sink;
  }

  private async load(kind: Kind): Promise<ClosableSink> {
    const endpoint = this.endpointOf(kind);
    if (!endpoint) return captureSink;
    switch (kind) {
      case 'sns':
        return (await import('./sns.js')).createSnsSink(this.target(endpoint));
      case 'firehose':
        return (await import('./firehose.js')).createFirehoseSink(this.target(endpoint));
      case 'cloudwatch-logs':
        return (await import('./cloudwatch-logs.js')).createCloudWatchLogsSink(this.target(endpoint));
    }
  }

  private target(endpoint: string) {
    silenceSdkNodeVersionWarning();
    return { endpoint, timeoutMs: this.timeoutMs };
  }

  async destroy(): Promise<void> {
    for (const sink of this.sinks.values()) (await sink).destroy?.();
    this.sinks.clear();
  }
}
