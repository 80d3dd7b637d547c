// The load generator: runs one autocannon cell and prints its result as JSON. The orchestrator
// (bench/run.ts) starts it pinned to the core the server is not on.
import autocannon, { type Request } from 'autocannon';

interface Cell {
  url: string;
  workload: 'baseline' | 'writes' | 'reads' | 'rejected' | 'send' | 'create-only';
  connections: number;
  seconds: number;
  /** For writes: the configuration sets to use, one per connection. */
  sets?: string[];
  /** For send and reads: the configuration set. */
  set?: string;
}

const cell = JSON.parse(process.argv[2]) as Cell;
const T = 'PinpointSMSVoiceV2.';
const SNS = { TopicArn: 'arn:aws:sns:us-east-1:123456789012:bench' };
let connectionCounter = 0;
let requestCounter = 0;

type Ctx = Record<string, unknown>;
const request = (target: string, body: (ctx: Ctx) => unknown) => ({
  method: 'POST' as const,
  path: '/',
  headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${T}${target}` },
  setupRequest: (req: Request, context: object): Request => {
    const ctx = context as Ctx;
    if (ctx.id === undefined) ctx.id = connectionCounter++;
    return { ...req, body: JSON.stringify(body(ctx)) };
  },
});

const setOf = (ctx: Ctx) => cell.sets![Number(ctx.id) % cell.sets!.length];
const workloads: Record<Cell['workload'], Request[]> = {
  baseline: [request('DescribeConfigurationSets', () => ({ MaxResults: 20 }))],
  reads: [request('DescribeConfigurationSets', () => ({ MaxResults: 20 }))],
  writes: [
    request('CreateEventDestination', (ctx) => ({
      ConfigurationSetName: setOf(ctx),
      EventDestinationName: 'bench',
      MatchingEventTypes: ['ALL'],
      SnsDestination: SNS,
      ClientToken: `bench-${process.pid}-${requestCounter++}`,
    })),
    request('DeleteEventDestination', (ctx) => ({ ConfigurationSetName: setOf(ctx), EventDestinationName: 'bench' })),
  ],
  'create-only': [
    request('CreateEventDestination', (ctx) => ({
      ConfigurationSetName: setOf(ctx),
      EventDestinationName: `d${requestCounter++}`,
      MatchingEventTypes: ['ALL'],
      SnsDestination: SNS,
    })),
  ],
  rejected: [request('CreateEventDestination', () => ({ ConfigurationSetName: 'not a valid name', EventDestinationName: 'x', MatchingEventTypes: ['ALL'] }))],
  send: [
    request('SendTextMessage', () => ({ ConfigurationSetName: cell.set, DestinationPhoneNumber: '+14254147755', MessageBody: 'Your code is 123456' })),
  ],
};

const result = await autocannon({
  url: cell.url,
  connections: cell.connections,
  duration: cell.seconds,
  requests: workloads[cell.workload],
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
