import type { EventDestinationSink, Scope } from '../../storage/store.js';

export interface SinkItem {
  eventId: string;
  scope: Scope;
  configurationSetName: string;
  destinationName: string;
  /** The AWS event record. */
  record: Record<string, unknown>;
}

export type SinkResult = { status: 'ok' } | { status: 'retry'; error: string } | { status: 'fail'; error: string };

/** A destination kind. `deliver` answers one result per item, in order, and never throws. */
export interface Sink {
  /** `captured` when events are kept locally instead of sent. */
  readonly deliveredStatus: 'delivered' | 'captured';
  deliver(target: EventDestinationSink, items: SinkItem[]): Promise<SinkResult[]>;
}

/** Error names of the AWS SDK that mean "try again later"; anything else from the service is final. */
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalErrorException',
  'InternalFailure',
  'InternalError',
  'KMSThrottlingException',
  'TimeoutError',
  'RequestTimeout',
  // The resource may be created after the destination was: keep trying until the delivery ages out.
  'NotFoundException',
  'NotFound',
  'ResourceNotFoundException',
]);

/** Classifies an SDK error: network failures, 5xx, throttling and missing resources are retried. */
export function classifySdkError(error: unknown): SinkResult {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const name = e?.name ?? 'Error';
  const text = `${name}: ${e?.message ?? String(error)}`;
  const status = e?.$metadata?.httpStatusCode;
  const network = status === undefined;
  if (network || status >= 500 || status === 429 || RETRYABLE_NAMES.has(name)) return { status: 'retry', error: text };
  return { status: 'fail', error: text };
}

/** Where a real sink sends, and how long one call may take before it counts as a retryable failure. */
export interface SinkTarget {
  endpoint: string;
  timeoutMs: number;
}

export function clientConfig({ endpoint, timeoutMs }: SinkTarget) {
  return {
    endpoint,
    // The outbox retries with its own backoff; the SDK should not retry inside one attempt.
    maxAttempts: 1,
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: timeoutMs, throwOnRequestTimeout: true },
    // Without credentials in the environment, a local endpoint (moto, LocalStack) takes any.
    ...(!process.env.AWS_ACCESS_KEY_ID &&
      !process.env.AWS_PROFILE && {
        credentials: { accessKeyId: 'sms-voice-local', secretAccessKey: 'sms-voice-local' },
      }),
  };
}

/** Region of an ARN, or the fallback. */
export const regionOfArn = (arn: string, fallback: string): string => arn.split(':')[3] || fallback;

/** Caches one SDK client per region, created on first use. */
export class ClientsByRegion<C extends { destroy(): void }> {
  private readonly clients = new Map<string, C>();
  constructor(private readonly create: (region: string) => C) {}
  get(region: string): C {
    let client = this.clients.get(region);
    if (!client) {
      client = this.create(region);
      this.clients.set(region, client);
    }
    return client;
  }
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
