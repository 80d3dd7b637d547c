// The load generator: runs one autocannon cell and prints its result as JSON. The orchestrator
// (bench/run.ts) starts it pinned to the core the server is not on.
import autocannon, { type Request } from 'autocannon';
import { Agent, request as httpRequest } from 'node:http';

interface Cell {
  url: string;
  workload: 'baseline' | 'writes' | 'reads' | 'rejected' | 'send';
  connections: number;
  seconds: number;
  /** For writes: the configuration sets to use, one per connection. */
  sets?: string[];
  /** For send and reads: the configuration set. */
  set?: string;
  /** One request at a time, timed to the microsecond (autocannon rounds to milliseconds). */
  sequential?: boolean;
  /** Requests per second over all connections (autocannon's overallRate); as fast as possible when absent. */
  rate?: number;
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

// Each create takes a set from the pool and a fresh destination name; its delete gives the set back.
// With as many sets as connections no set ever holds more than a few destinations at once.
const freeSets = [...(cell.sets ?? [])];
const takeSet = (ctx: Ctx) => {
  ctx.set = freeSets.shift() ?? cell.sets![0];
  ctx.name = `d${requestCounter++}`;
  return ctx.set as string;
};
const giveBackSet = (ctx: Ctx) => {
  freeSets.push(ctx.set as string);
  return ctx.set as string;
};
const workloads: Record<Cell['workload'], Request[]> = {
  baseline: [request('DescribeConfigurationSets', () => ({ MaxResults: 20 }))],
  reads: [request('DescribeConfigurationSets', () => ({ MaxResults: 20 }))],
  writes: [
    request('CreateEventDestination', (ctx) => ({
      ConfigurationSetName: takeSet(ctx),
      EventDestinationName: ctx.name,
      MatchingEventTypes: ['ALL'],
      SnsDestination: SNS,
      ClientToken: `bench-${process.pid}-${ctx.name}`,
    })),
    request('DeleteEventDestination', (ctx) => ({ EventDestinationName: ctx.name, ConfigurationSetName: giveBackSet(ctx) })),
  ],
  rejected: [request('CreateEventDestination', () => ({ ConfigurationSetName: 'not a valid name', EventDestinationName: 'x', MatchingEventTypes: ['ALL'] }))],
  send: [request('SendTextMessage', () => ({ ConfigurationSetName: cell.set, DestinationPhoneNumber: '+14254147755', MessageBody: 'Your code is 123456' }))],
};

/** Sends the workload's requests one after another on one keep-alive connection, for the cell's duration. */
async function sequential(): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const ctx: Ctx = {};
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + cell.seconds * 1000;
  const url = new URL(cell.url);
  while (performance.now() < deadline) {
    for (const template of workloads[cell.workload]) {
      const req = (template.setupRequest as (r: Request, c: object) => Request)(template, ctx);
      const started = process.hrtime.bigint();
      const status = await new Promise<number>((resolve, reject) => {
        const r = httpRequest({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers: req.headers, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        r.on('error', reject);
        r.end(req.body as string);
      });
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (status !== 200) failures++;
    }
  }
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] * 1000) / 1000;
  console.log(
    JSON.stringify({ rps: latencies.length / cell.seconds, total: latencies.length, p50: at(0.5), p99: at(0.99), non2xx: failures, errors: 0, timeouts: 0 }),
  );
}

if (cell.sequential) {
  await sequential();
  process.exit(0);
}

const result = await autocannon({
  url: cell.url,
  connections: cell.connections,
  duration: cell.seconds,
  requests: workloads[cell.workload],
  ...(cell.rate !== undefined && { overallRate: cell.rate }),
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
