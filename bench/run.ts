// npm run bench: sms-voice-local against a bare node:http baseline in the same run, server pinned
// to core 0 and the load generator (autocannon) to core 1. Writes bench/results.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/storage/open-store.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'dist', 'src', 'cli.js');
const BASELINE = join(root, 'dist', 'bench', 'baseline-server.js');
const LOAD = join(root, 'dist', 'bench', 'load.js');
const SERVER_CORE = '0';
const LOAD_CORE = '1';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CONNECTIONS = [1, 10, 50];
const T = 'PinpointSMSVoiceV2.';

interface Running {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const tempDir = () => mkdtempSync(join(tmpdir(), 'sms-voice-bench-'));

/** Starts a server pinned to the server core, its log in a file (no pipe to drain under load). */
async function startPinned(script: string, env: Record<string, string> = {}): Promise<Running> {
  const log = join(tempDir(), 'server.log');
  const fd = openSync(log, 'w');
  const child = spawn('taskset', ['-c', SERVER_CORE, process.execPath, script], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const line = readFileSync(log, 'utf8')
      .split('\n')
      .find((l) => l.includes('sms-voice-local listening'));
    if (line) {
      const url = JSON.parse(line).url as string;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      return {
        url,
        pid: child.pid!,
        child,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not start: ${readFileSync(log, 'utf8')}`);
    await sleep(5);
  }
}

async function api(url: string, op: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${T}${op}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${op}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

interface LoadResult {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function runLoad(cell: Record<string, unknown>): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', LOAD_CORE, process.execPath, LOAD, JSON.stringify({ seconds: SECONDS, ...cell })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load exited ${code}`))));
  });
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)![1]);
  return Math.round((kb / 1024) * 10) / 10;
}

interface Cell {
  workload: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  baselineRps: number;
  ratio: number;
  failures: number;
}

/** Removes destinations a write cell left behind when its time ran out between a create and its delete. */
async function clearDestinations(url: string, sets: string[]): Promise<void> {
  for (let i = 0; i < sets.length; i += 5) {
    const out = (await api(url, 'DescribeConfigurationSets', { ConfigurationSetNames: sets.slice(i, i + 5) })) as {
      ConfigurationSets: { ConfigurationSetName: string; EventDestinations: { EventDestinationName: string }[] }[];
    };
    for (const set of out.ConfigurationSets) {
      for (const d of set.EventDestinations) {
        await api(url, 'DeleteEventDestination', { ConfigurationSetName: set.ConfigurationSetName, EventDestinationName: d.EventDestinationName });
      }
    }
  }
}

async function throughput(): Promise<{ cells: Cell[]; idleRssMb: number; loadedRssMb: number; peakRssMb: number }> {
  const baseline = await startPinned(BASELINE);
  const server = await startPinned(CLI, { DATABASE_URL: `sqlite:${join(tempDir(), 'bench.db')}` });
  await sleep(500);
  const idleRssMb = rssMb(server.pid, 'VmRSS');
  for (let i = 0; i < 100; i++) await api(server.url, 'CreateConfigurationSet', { ConfigurationSetName: `bench-r-${String(i).padStart(3, '0')}` });
  const writeSets = Array.from({ length: 50 }, (_, i) => `bench-w-${i}`);
  for (const name of writeSets) await api(server.url, 'CreateConfigurationSet', { ConfigurationSetName: name });

  const cells: Cell[] = [];
  for (const connections of CONNECTIONS) {
    const runs: Record<string, LoadResult[]> = { baseline: [], writes: [], reads: [], rejected: [] };
    for (let r = 0; r < REPEATS; r++) {
      runs.baseline.push(await runLoad({ url: baseline.url, workload: 'baseline', connections }));
      runs.reads.push(await runLoad({ url: server.url, workload: 'reads', connections }));
      runs.writes.push(await runLoad({ url: server.url, workload: 'writes', connections, sets: writeSets }));
      await clearDestinations(server.url, writeSets);
      runs.rejected.push(await runLoad({ url: server.url, workload: 'rejected', connections }));
    }
    const baselineRps = median(runs.baseline.map((x) => x.rps));
    for (const workload of ['baseline', 'reads', 'writes', 'rejected']) {
      const rs = runs[workload];
      const rps = median(rs.map((x) => x.rps));
      cells.push({
        workload,
        connections,
        rps: Math.round(rps),
        p50: median(rs.map((x) => x.p50)),
        p99: median(rs.map((x) => x.p99)),
        baselineRps: Math.round(baselineRps),
        ratio: Math.round((rps / baselineRps) * 1000) / 1000,
        // The rejected workload's 400s are its point; anything else that is not a 200 is a failure.
        failures: rs.reduce((n, x) => n + x.errors + x.timeouts + (workload === 'rejected' ? 0 : x.non2xx), 0),
      });
      console.error(
        `  ${workload.padEnd(9)} c=${String(connections).padEnd(2)} ${Math.round(rps)} req/s, p50 ${cells.at(-1)!.p50} ms, p99 ${cells.at(-1)!.p99} ms`,
      );
    }
  }
  const loadedRssMb = rssMb(server.pid, 'VmRSS');
  const peakRssMb = rssMb(server.pid, 'VmHWM');
  await server.stop();
  await baseline.stop();
  return { cells, idleRssMb, loadedRssMb, peakRssMb };
}

/** Spawn to first successful API answer, over several runs, each on a fresh database. */
async function startupMs(script: string, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = 46000 + i + (script === CLI ? 0 : 50);
    const started = performance.now();
    const child = spawn('taskset', ['-c', SERVER_CORE, process.execPath, script], {
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: `sqlite:${join(tempDir(), 'startup.db')}` },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not answer (exit ${child.exitCode})`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${T}DescribeConfigurationSets` },
          body: '{}',
          signal: AbortSignal.timeout(2000),
        });
        await res.arrayBuffer();
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(2);
    }
    times.push(performance.now() - started);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  return Math.round(median(times));
}

async function populated(count: number): Promise<string> {
  const url = `sqlite:${join(tempDir(), `scale-${count}.db`)}`;
  const store = await openStore(url);
  const scope = { accountId: '123456789012', region: 'us-east-1' };
  await store.write(async (tx) => {
    for (let i = 0; i < count; i++) {
      const name = `scale-${String(i).padStart(6, '0')}`;
      await tx.insertConfigurationSet(scope, { name, arn: `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${name}`, createdAt: Date.now() });
    }
  });
  await store.close();
  return url;
}

async function scale() {
  const out: Record<string, { describeP50: number; describeP99: number; writeP50: number; writeP99: number }> = {};
  for (const count of [100, 100_000]) {
    const server = await startPinned(CLI, { DATABASE_URL: await populated(count), MAX_CONFIGURATION_SETS: '200000' });
    const describe: LoadResult[] = [];
    const write: LoadResult[] = [];
    for (let r = 0; r < REPEATS; r++) {
      describe.push(await runLoad({ url: server.url, workload: 'reads', connections: 1, sequential: true }));
      write.push(await runLoad({ url: server.url, workload: 'writes', connections: 1, sets: ['scale-000050'], sequential: true }));
      await clearDestinations(server.url, ['scale-000050']);
    }
    await server.stop();
    out[String(count)] = {
      describeP50: median(describe.map((x) => x.p50)),
      describeP99: median(describe.map((x) => x.p99)),
      writeP50: median(write.map((x) => x.p50)),
      writeP99: median(write.map((x) => x.p99)),
    };
    console.error(`  ${count} sets: ${JSON.stringify(out[String(count)])}`);
  }
  return out;
}

/** Waits until no event is scheduled and no delivery pending. */
async function drainOutbox(url: string): Promise<void> {
  for (;;) {
    const pending = (await (await fetch(`${url}/_local/events?status=pending&limit=1`)).json()) as { events: unknown[] };
    const scheduled = (await (await fetch(`${url}/_local/events?status=scheduled&limit=1`)).json()) as { events: unknown[] };
    if (pending.events.length === 0 && scheduled.events.length === 0) return;
    await sleep(100);
  }
}

/** Opens /_local/stream as a console would and counts the messages it pushes; `close` ends it. */
async function streamSubscriber(url: string): Promise<{ messages(): number; close(): void }> {
  const abort = new AbortController();
  const response = await fetch(`${url}/_local/stream`, { signal: abort.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let messages = 0;
  let carry = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const lines = (carry + value).split('\n');
        carry = lines.pop()!;
        messages += lines.filter((l) => l === 'event: message').length;
      }
    } catch {
      // closed
    }
  })();
  return { messages: () => messages, close: () => abort.abort() };
}

/**
 * What the change stream costs the API: SendTextMessage at 10 connections (a set with one
 * destination) with no stream open, then with one open stream (a console) that receives every
 * message, alternating, REPEATS times each.
 */
async function streamCost() {
  const server = await startPinned(CLI, { DATABASE_URL: `sqlite:${join(tempDir(), 'stream.db')}`, EVENT_STEP_DELAY_MS: '0' });
  await api(server.url, 'CreateConfigurationSet', { ConfigurationSetName: 'stream' });
  await api(server.url, 'RequestPhoneNumber', { IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR' });
  await api(server.url, 'CreateEventDestination', {
    ConfigurationSetName: 'stream',
    EventDestinationName: 'd0',
    MatchingEventTypes: ['ALL'],
    SnsDestination: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:t0' },
  });
  const without: LoadResult[] = [];
  const withStream: LoadResult[] = [];
  let sent = 0;
  let streamed = 0;
  for (let r = 0; r < REPEATS; r++) {
    without.push(await runLoad({ url: server.url, workload: 'send', connections: 10, set: 'stream' }));
    await drainOutbox(server.url);
    const subscriber = await streamSubscriber(server.url);
    const load = await runLoad({ url: server.url, workload: 'send', connections: 10, set: 'stream' });
    withStream.push(load);
    await drainOutbox(server.url);
    await sleep(1000);
    sent += load.total;
    streamed += subscriber.messages();
    subscriber.close();
  }
  await server.stop();
  const result = {
    sendRpsWithoutStream: Math.round(median(without.map((x) => x.rps))),
    sendRpsWithStream: Math.round(median(withStream.map((x) => x.rps))),
    p99WithoutStream: median(without.map((x) => x.p99)),
    p99WithStream: median(withStream.map((x) => x.p99)),
    ratio: Math.round((median(withStream.map((x) => x.rps)) / median(without.map((x) => x.rps))) * 1000) / 1000,
    messagesSentWithStream: sent,
    messagesStreamed: streamed,
  };
  console.error(`  stream: ${JSON.stringify(result)}`);
  return result;
}

async function eventPipeline() {
  const server = await startPinned(CLI, { DATABASE_URL: `sqlite:${join(tempDir(), 'events.db')}`, EVENT_STEP_DELAY_MS: '0' });
  await api(server.url, 'CreateConfigurationSet', { ConfigurationSetName: 'events' });
  // Sends go out from an origination identity: a US simulator number reaches the simulator destination.
  await api(server.url, 'RequestPhoneNumber', { IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR' });
  for (let i = 0; i < 5; i++) {
    await api(server.url, 'CreateEventDestination', {
      ConfigurationSetName: 'events',
      EventDestinationName: `d${i}`,
      MatchingEventTypes: ['ALL'],
      SnsDestination: { TopicArn: `arn:aws:sns:us-east-1:123456789012:t${i}` },
    });
  }
  const started = Date.now();
  const load = await runLoad({ url: server.url, workload: 'send', connections: 10, set: 'events' });
  await drainOutbox(server.url);
  const latencies: number[] = [];
  let lastDelivered = 0;
  let nextToken: string | undefined;
  do {
    const page = (await (await fetch(`${server.url}/_local/events?limit=1000${nextToken ? `&nextToken=${nextToken}` : ''}`)).json()) as {
      events: { record: { messageRequestTimestamp: number }; deliveries: { deliveredAt: number }[] }[];
      nextToken?: string;
    };
    for (const e of page.events) {
      for (const d of e.deliveries) {
        latencies.push(d.deliveredAt - e.record.messageRequestTimestamp);
        lastDelivered = Math.max(lastDelivered, d.deliveredAt);
      }
    }
    nextToken = page.nextToken;
  } while (nextToken);
  await server.stop();
  latencies.sort((a, b) => a - b);
  const result = {
    messagesPerSecond: Math.round(load.rps),
    messages: load.total,
    deliveries: latencies.length,
    eventsPerSecond: Math.round(latencies.length / ((lastDelivered - started) / 1000)),
    sendToDeliveryP50Ms: latencies[Math.floor(latencies.length * 0.5)],
    sendToDeliveryP99Ms: latencies[Math.floor(latencies.length * 0.99)],
  };
  console.error(`  events: ${JSON.stringify(result)}`);
  return result;
}

async function main() {
  const began = Date.now();
  console.error('throughput and latency ...');
  const tp = await throughput();
  console.error('start-up ...');
  const startup = { serverMs: await startupMs(CLI), baselineMs: await startupMs(BASELINE) };
  console.error(`  ${JSON.stringify(startup)}`);
  console.error('scale ...');
  const scaleResult = await scale();
  console.error('event pipeline ...');
  const events = await eventPipeline();
  console.error('change stream ...');
  const stream = await streamCost();

  const cell = (w: string, c: number) => tp.cells.find((x) => x.workload === w && x.connections === c)!;
  const targets = [
    { target: 'reads at 10 connections >= 60% of baseline req/s', value: cell('reads', 10).ratio, met: cell('reads', 10).ratio >= 0.6 },
    { target: 'writes at 10 connections >= 35% of baseline req/s', value: cell('writes', 10).ratio, met: cell('writes', 10).ratio >= 0.35 },
    { target: 'reads p99 at 10 connections < 10 ms', value: cell('reads', 10).p99, met: cell('reads', 10).p99 < 10 },
    { target: 'writes p99 at 10 connections < 10 ms', value: cell('writes', 10).p99, met: cell('writes', 10).p99 < 10 },
    {
      target: 'start-up <= 2.5x baseline',
      value: Math.round((startup.serverMs / startup.baselineMs) * 100) / 100,
      met: startup.serverMs <= 2.5 * startup.baselineMs,
    },
    { target: 'idle RSS < 120 MB', value: tp.idleRssMb, met: tp.idleRssMb < 120 },
    {
      target: 'DescribeConfigurationSets p50 at 100,000 sets <= 1.5x at 100',
      value: Math.round((scaleResult['100000'].describeP50 / scaleResult['100'].describeP50) * 100) / 100,
      met: scaleResult['100000'].describeP50 <= 1.5 * scaleResult['100'].describeP50,
    },
    {
      target: 'CreateEventDestination p50 at 100,000 sets <= 1.5x at 100',
      value: Math.round((scaleResult['100000'].writeP50 / scaleResult['100'].writeP50) * 100) / 100,
      met: scaleResult['100000'].writeP50 <= 1.5 * scaleResult['100'].writeP50,
    },
  ];
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, serverCore: SERVER_CORE, loadCore: LOAD_CORE },
    settings: { secondsPerRun: SECONDS, repeats: REPEATS, store: 'SQLite file (default settings)' },
    throughput: tp.cells,
    memory: { idleRssMb: tp.idleRssMb, loadedRssMb: tp.loadedRssMb, peakRssMb: tp.peakRssMb },
    startup,
    scale: scaleResult,
    events,
    stream,
    targets,
    durationSeconds: Math.round((Date.now() - began) / 1000),
  };
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  console.log(`\nsms-voice-local benchmark, ${results.machine.cpus} cores (${results.machine.model}), Node ${process.version}`);
  console.log('\n| workload | conns | req/s | p50 ms | p99 ms | baseline req/s | ratio | failures |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const c of tp.cells)
    console.log(`| ${c.workload} | ${c.connections} | ${c.rps} | ${c.p50} | ${c.p99} | ${c.baselineRps} | ${c.ratio} | ${c.failures} |`);
  console.log(`\nstart-up to first answer: ${startup.serverMs} ms (baseline ${startup.baselineMs} ms)`);
  console.log(`RSS: idle ${tp.idleRssMb} MB, after load ${tp.loadedRssMb} MB, peak ${tp.peakRssMb} MB`);
  console.log(`scale (p50/p99 ms): ${JSON.stringify(scaleResult)}`);
  console.log(`event pipeline: ${JSON.stringify(events)}`);
  console.log(`change stream: ${JSON.stringify(stream)}`);
  console.log('\n| target | value | met |\n|---|---|---|');
  for (const t of targets) console.log(`| ${t.target} | ${t.value} | ${t.met ? 'yes' : 'NO'} |`);
  console.log(`\nwritten to bench/results.json in ${results.durationSeconds} s`);
}

// BENCH_ONLY=stream measures the change stream's cost alone (printed, not written to results.json).
if (process.env.BENCH_ONLY === 'stream') console.log(JSON.stringify(await streamCost()));
else await main();
