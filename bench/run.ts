// npm run bench: sms-voice-local against a bare node:http baseline in the same run, server pinned
// to core 0 and the load generator (autocannon) to core 1. Writes bench/results.json.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync, closeSync } from 'node:fs';
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
async function startPinned(script: string, env: Record<string, string> = {}, core = SERVER_CORE): Promise<Running> {
  const log = join(tempDir(), 'server.log');
  const fd = openSync(log, 'w');
  const child = spawn('taskset', ['-c', core, process.execPath, script], {
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

/** CPU time a process has used, in ms (utime + stime of /proc/<pid>/stat, 100 ticks a second). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0; // the process is gone
  }
}

/** CPU time, in ms, of every PostgreSQL server process on the machine (postmaster and backends). */
function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') total += cpuMs(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
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
  /** The baseline whose answer has as many bytes as the reads answer, and the ratio to it. */
  sameSizeBaselineRps: number;
  ratioSameSize: number;
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
        // The cell's own delete of it may still be in flight on the server (it outlives the load
        // generator): already gone is as good.
        await api(url, 'DeleteEventDestination', { ConfigurationSetName: set.ConfigurationSetName, EventDestinationName: d.EventDestinationName }).catch(
          (error: Error) => {
            if (!error.message.includes('ResourceNotFoundException')) throw error;
          },
        );
      }
    }
  }
}

/** A configuration set with one enabled destination (local capture) and a US simulator number to send from. */
async function prepareSend(url: string, set: string, destinations = 1): Promise<void> {
  await api(url, 'CreateConfigurationSet', { ConfigurationSetName: set });
  const numbers = (await api(url, 'DescribePhoneNumbers', {})) as { PhoneNumbers: unknown[] };
  if (numbers.PhoneNumbers.length === 0) {
    await api(url, 'RequestPhoneNumber', { IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'SIMULATOR' });
  }
  for (let i = 0; i < destinations; i++) {
    await api(url, 'CreateEventDestination', {
      ConfigurationSetName: set,
      EventDestinationName: `d${i}`,
      MatchingEventTypes: ['ALL'],
      SnsDestination: { TopicArn: `arn:aws:sns:us-east-1:123456789012:t${i}` },
    });
  }
}

/** One connection is timed one request at a time, to the microsecond; more go through autocannon. */
const loadCell = (url: string, workload: string, connections: number, extra: Record<string, unknown> = {}) =>
  runLoad({ url, workload, connections, ...(connections === 1 && { sequential: true }), ...extra });

async function throughput(): Promise<{ cells: Cell[]; idleRssMb: number; loadedRssMb: number; peakRssMb: number; readsAnswerBytes: number }> {
  const server = await startPinned(CLI, { DATABASE_URL: `sqlite:${join(tempDir(), 'bench.db')}` });
  await sleep(500);
  const idleRssMb = rssMb(server.pid, 'VmRSS');
  for (let i = 0; i < 100; i++) await api(server.url, 'CreateConfigurationSet', { ConfigurationSetName: `bench-r-${String(i).padStart(3, '0')}` });
  const writeSets = Array.from({ length: 50 }, (_, i) => `bench-w-${i}`);
  for (const name of writeSets) await api(server.url, 'CreateConfigurationSet', { ConfigurationSetName: name });
  await prepareSend(server.url, 'bench-send');
  const readsAnswerBytes = JSON.stringify(await api(server.url, 'DescribeConfigurationSets', { MaxResults: 20 })).length;
  const baseline = await startPinned(BASELINE);
  const sameSize = await startPinned(BASELINE, { BASELINE_BODY_BYTES: String(readsAnswerBytes) });

  const cells: Cell[] = [];
  for (const connections of CONNECTIONS) {
    const runs: Record<string, LoadResult[]> = { baseline: [], 'baseline-same-size': [], writes: [], reads: [], rejected: [], send: [] };
    for (let r = 0; r < REPEATS; r++) {
      runs.baseline.push(await loadCell(baseline.url, 'baseline', connections));
      runs['baseline-same-size'].push(await loadCell(sameSize.url, 'baseline', connections));
      runs.reads.push(await loadCell(server.url, 'reads', connections));
      runs.writes.push(await loadCell(server.url, 'writes', connections, { sets: writeSets }));
      await clearDestinations(server.url, writeSets);
      runs.rejected.push(await loadCell(server.url, 'rejected', connections));
      runs.send.push(await loadCell(server.url, 'send', connections, { set: 'bench-send' }));
    }
    const baselineRps = median(runs.baseline.map((x) => x.rps));
    const sameSizeBaselineRps = median(runs['baseline-same-size'].map((x) => x.rps));
    for (const [workload, rs] of Object.entries(runs)) {
      const rps = median(rs.map((x) => x.rps));
      cells.push({
        workload,
        connections,
        rps: Math.round(rps),
        p50: median(rs.map((x) => x.p50)),
        p99: median(rs.map((x) => x.p99)),
        baselineRps: Math.round(baselineRps),
        ratio: Math.round((rps / baselineRps) * 1000) / 1000,
        sameSizeBaselineRps: Math.round(sameSizeBaselineRps),
        ratioSameSize: Math.round((rps / sameSizeBaselineRps) * 1000) / 1000,
        // The rejected workload's 400s are its point; anything else that is not a 200 is a failure.
        failures: rs.reduce((n, x) => n + x.errors + x.timeouts + (workload === 'rejected' ? 0 : x.non2xx), 0),
      });
      console.error(
        `  ${workload.padEnd(18)} c=${String(connections).padEnd(2)} ${Math.round(rps)} req/s, p50 ${cells.at(-1)!.p50} ms, p99 ${cells.at(-1)!.p99} ms`,
      );
    }
  }
  const loadedRssMb = rssMb(server.pid, 'VmRSS');
  const peakRssMb = rssMb(server.pid, 'VmHWM');
  await server.stop();
  await baseline.stop();
  await sameSize.stop();
  return { cells, idleRssMb, loadedRssMb, peakRssMb, readsAnswerBytes };
}

/** Waits until no event of the server is scheduled or has a pending delivery. */
async function drained(url: string): Promise<void> {
  for (;;) {
    const pending = (await (await fetch(`${url}/_local/events?status=pending&limit=1`)).json()) as { events: unknown[] };
    const scheduled = (await (await fetch(`${url}/_local/events?status=scheduled&limit=1`)).json()) as { events: unknown[] };
    if (pending.events.length === 0 && scheduled.events.length === 0) return;
    await sleep(100);
  }
}

interface EventView {
  messageId: string;
  record: { messageRequestTimestamp: number };
  deliveries: { deliveredAt?: number }[];
}

/** Every event of the server (of one configuration set when given), through the local view's pages. */
async function allEvents(url: string, set?: string): Promise<EventView[]> {
  const out: EventView[] = [];
  let nextToken: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '1000', ...(set && { configurationSet: set }), ...(nextToken && { nextToken }) });
    const page = (await (await fetch(`${url}/_local/events?${query}`)).json()) as { events: EventView[]; nextToken?: string };
    out.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

/** Per message: from the send's request timestamp to the delivery of its last event, in ms (p50, p99). */
function sendToLastDelivery(events: EventView[]): { messages: number; p50Ms: number; p99Ms: number } {
  const last = new Map<string, number>();
  const sent = new Map<string, number>();
  for (const e of events) {
    sent.set(e.messageId, e.record.messageRequestTimestamp);
    for (const d of e.deliveries) if (d.deliveredAt !== undefined) last.set(e.messageId, Math.max(last.get(e.messageId) ?? 0, d.deliveredAt));
  }
  const latencies = [...last].map(([id, at]) => at - sent.get(id)!).sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { messages: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/**
 * Send to last event delivered, with EVENT_STEP_DELAY_MS=0 (no simulated delay between a message's
 * events), at a light 100 sends/s and at 80% of the measured peak (send, 10 connections).
 */
async function endToEnd(peakRps: number) {
  const server = await startPinned(CLI, { DATABASE_URL: `sqlite:${join(tempDir(), 'e2e.db')}`, EVENT_STEP_DELAY_MS: '0' });
  const out: Record<string, { rate: number; achievedRps: number; messages: number; p50Ms: number; p99Ms: number }> = {};
  for (const [name, rate] of [
    ['light', 100],
    ['80% of peak', Math.max(100, Math.round(peakRps * 0.8))],
  ] as const) {
    const set = name === 'light' ? 'e2e-light' : 'e2e-busy';
    await prepareSend(server.url, set);
    const load = await runLoad({ url: server.url, workload: 'send', connections: 10, set, rate });
    await drained(server.url);
    out[name] = { rate, achievedRps: Math.round(load.rps), ...sendToLastDelivery(await allEvents(server.url, set)) };
    console.error(`  end-to-end ${name}: ${JSON.stringify(out[name])}`);
  }
  await server.stop();
  return out;
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
  await prepareSend(server.url, 'stream');
  const without: LoadResult[] = [];
  const withStream: LoadResult[] = [];
  let sent = 0;
  let streamed = 0;
  for (let r = 0; r < REPEATS; r++) {
    without.push(await runLoad({ url: server.url, workload: 'send', connections: 10, set: 'stream' }));
    await drained(server.url);
    const subscriber = await streamSubscriber(server.url);
    const load = await runLoad({ url: server.url, workload: 'send', connections: 10, set: 'stream' });
    withStream.push(load);
    await drained(server.url);
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
  await prepareSend(server.url, 'events', 5);
  const started = Date.now();
  const load = await runLoad({ url: server.url, workload: 'send', connections: 10, set: 'events' });
  await drained(server.url);
  const result = { messagesPerSecond: Math.round(load.rps), messages: load.total, ...deliveryRate(await allEvents(server.url), started) };
  await server.stop();
  console.error(`  events: ${JSON.stringify(result)}`);
  return result;
}

/** Deliveries, and deliveries per second from `started` (epoch ms) to the last one. */
function deliveryRate(events: EventView[], started: number) {
  let deliveries = 0;
  let lastDelivered = started;
  for (const e of events) {
    for (const d of e.deliveries) {
      if (d.deliveredAt === undefined) continue;
      deliveries++;
      lastDelivered = Math.max(lastDelivered, d.deliveredAt);
    }
  }
  return { deliveries, eventsPerSecond: Math.round(deliveries / Math.max(0.001, (lastDelivered - started) / 1000)) };
}

const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema of the bench's PostgreSQL database, as a DATABASE_URL; undefined when PostgreSQL is not reachable. */
function postgresSchemaUrl(): string | undefined {
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  try {
    execFileSync('psql', [POSTGRES_URL, '-q', '-c', `CREATE SCHEMA ${schema}`], { stdio: 'ignore', timeout: 5000 });
  } catch {
    return undefined;
  }
  process.once('exit', () => execFileSync('psql', [POSTGRES_URL, '-q', '-c', `DROP SCHEMA IF EXISTS ${schema} CASCADE`], { stdio: 'ignore' }));
  return `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

interface PostgresCell {
  nodes: number;
  workload: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  failures: number;
  /** CPU ms per request of the node processes together, and of every PostgreSQL process. */
  nodeCpuMsPerRequest: number;
  postgresCpuMsPerRequest: number;
}

/**
 * PostgreSQL, one node and then two nodes on one database (each node on the server core, the load
 * generators on the other, PostgreSQL wherever the kernel puts it): req/s, latency, and the CPU each
 * side spent per request, so what saturates first can be read off.
 */
async function postgres(): Promise<{ cells: PostgresCell[]; twoNodeOutbox?: ReturnType<typeof deliveryRate> } | { skipped: string }> {
  const url = postgresSchemaUrl();
  if (!url) return { skipped: `PostgreSQL is not reachable at ${POSTGRES_URL} (set BENCH_POSTGRES_URL)` };
  const cells: PostgresCell[] = [];
  const first = await startPinned(CLI, { DATABASE_URL: url });
  for (let i = 0; i < 20; i++) await api(first.url, 'CreateConfigurationSet', { ConfigurationSetName: `bench-r-${String(i).padStart(3, '0')}` });
  const writeSets = Array.from({ length: 50 }, (_, i) => `bench-w-${i}`);
  for (const name of writeSets) await api(first.url, 'CreateConfigurationSet', { ConfigurationSetName: name });
  await prepareSend(first.url, 'bench-send');

  const measure = async (nodes: Running[], workload: string, connections: number, extra: Record<string, unknown> = {}) => {
    const runs: LoadResult[][] = [];
    const cpu: { node: number; pg: number; requests: number }[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const nodeBefore = nodes.reduce((n, x) => n + cpuMs(x.pid), 0);
      const pgBefore = postgresCpuMs();
      // Each node gets its own load generator with its share of the connections, all at once.
      const results = await Promise.all(nodes.map((n) => loadCell(n.url, workload, Math.max(1, connections / nodes.length), extra)));
      const requests = results.reduce((n, x) => n + x.total, 0);
      cpu.push({ node: nodes.reduce((n, x) => n + cpuMs(x.pid), 0) - nodeBefore, pg: postgresCpuMs() - pgBefore, requests });
      runs.push(results);
      if (workload === 'writes') await clearDestinations(nodes[0].url, writeSets);
    }
    const rps = runs.map((rs) => rs.reduce((n, x) => n + x.rps, 0));
    const cell: PostgresCell = {
      nodes: nodes.length,
      workload,
      connections,
      rps: Math.round(median(rps)),
      p50: median(runs.map((rs) => Math.max(...rs.map((x) => x.p50)))),
      p99: median(runs.map((rs) => Math.max(...rs.map((x) => x.p99)))),
      failures: runs.flat().reduce((n, x) => n + x.errors + x.timeouts + x.non2xx, 0),
      nodeCpuMsPerRequest: Math.round((median(cpu.map((c) => c.node / c.requests)) ?? 0) * 1000) / 1000,
      postgresCpuMsPerRequest: Math.round((median(cpu.map((c) => c.pg / c.requests)) ?? 0) * 1000) / 1000,
    };
    cells.push(cell);
    console.error(`  postgres ${nodes.length} node(s) ${workload.padEnd(7)} c=${connections}: ${JSON.stringify(cell)}`);
  };

  for (const connections of CONNECTIONS) await measure([first], 'send', connections, { set: 'bench-send' });
  await measure([first], 'reads', 10);
  await measure([first], 'writes', 10, { sets: writeSets });
  await drained(first.url);

  const second = await startPinned(CLI, { DATABASE_URL: url });
  await measure([first, second], 'send', 10, { set: 'bench-send' });
  await measure([first, second], 'reads', 10);
  // The shared outbox: five destinations, both nodes sending and both dispatching.
  await prepareSend(first.url, 'bench-outbox', 5);
  const started = Date.now();
  await Promise.all([first, second].map((n) => runLoad({ url: n.url, workload: 'send', connections: 5, set: 'bench-outbox' })));
  await drained(first.url);
  const twoNodeOutbox = deliveryRate(await allEvents(first.url, 'bench-outbox'), started);
  console.error(`  postgres two-node outbox: ${JSON.stringify(twoNodeOutbox)}`);
  await second.stop();
  await first.stop();
  return { cells, twoNodeOutbox };
}

async function main() {
  const began = Date.now();
  console.error('throughput and latency ...');
  const tp = await throughput();
  console.error('end-to-end ...');
  const e2e = await endToEnd(tp.cells.find((x) => x.workload === 'send' && x.connections === 10)!.rps);
  console.error('start-up ...');
  const startup = { serverMs: await startupMs(CLI), baselineMs: await startupMs(BASELINE) };
  console.error(`  ${JSON.stringify(startup)}`);
  console.error('scale ...');
  const scaleResult = await scale();
  console.error('event pipeline ...');
  const events = await eventPipeline();
  console.error('PostgreSQL ...');
  const pg = await postgres();
  if ('skipped' in pg) console.error(`  PostgreSQL cells SKIPPED: ${pg.skipped}`);
  console.error('change stream ...');
  const stream = await streamCost();

  const cell = (w: string, c: number) => tp.cells.find((x) => x.workload === w && x.connections === c)!;
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  const targets = [
    { target: 'send at 10 connections >= 0.25x baseline req/s', value: cell('send', 10).ratio, met: cell('send', 10).ratio >= 0.25 },
    { target: 'send p99 at 10 connections < 10 ms', value: cell('send', 10).p99, met: cell('send', 10).p99 < 10 },
    { target: 'send p50 at 1 connection < 0.35 ms', value: cell('send', 1).p50, met: cell('send', 1).p50 < 0.35 },
    {
      target: 'reads at 10 connections >= 0.6x the same-size baseline',
      value: cell('reads', 10).ratioSameSize,
      met: cell('reads', 10).ratioSameSize >= 0.6,
    },
    { target: 'writes at 10 connections >= 0.5x baseline req/s', value: cell('writes', 10).ratio, met: cell('writes', 10).ratio >= 0.5 },
    { target: 'reads p99 at 10 connections < 10 ms', value: cell('reads', 10).p99, met: cell('reads', 10).p99 < 10 },
    { target: 'writes p99 at 10 connections < 10 ms', value: cell('writes', 10).p99, met: cell('writes', 10).p99 < 10 },
    { target: 'outbox deliveries (five destinations) >= 30,000/s', value: events.eventsPerSecond, met: events.eventsPerSecond >= 30_000 },
    { target: 'start-up <= 1.9x baseline', value: ratio(startup.serverMs, startup.baselineMs), met: startup.serverMs <= 1.9 * startup.baselineMs },
    { target: 'idle RSS <= 58 MB', value: tp.idleRssMb, met: tp.idleRssMb <= 58 },
    {
      target: 'DescribeConfigurationSets p50 at 100,000 sets <= 1.5x at 100',
      value: ratio(scaleResult['100000'].describeP50, scaleResult['100'].describeP50),
      met: scaleResult['100000'].describeP50 <= 1.5 * scaleResult['100'].describeP50,
    },
    {
      target: 'CreateEventDestination p50 at 100,000 sets <= 1.5x at 100',
      value: ratio(scaleResult['100000'].writeP50, scaleResult['100'].writeP50),
      met: scaleResult['100000'].writeP50 <= 1.5 * scaleResult['100'].writeP50,
    },
  ];
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, serverCore: SERVER_CORE, loadCore: LOAD_CORE },
    settings: { secondsPerRun: SECONDS, repeats: REPEATS, store: 'SQLite file (default settings)' },
    throughput: tp.cells,
    readsAnswerBytes: tp.readsAnswerBytes,
    endToEnd: e2e,
    memory: { idleRssMb: tp.idleRssMb, loadedRssMb: tp.loadedRssMb, peakRssMb: tp.peakRssMb },
    startup,
    scale: scaleResult,
    events,
    postgres: pg,
    stream,
    targets,
    durationSeconds: Math.round((Date.now() - began) / 1000),
  };
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);

  console.log(`\nsms-voice-local benchmark, ${results.machine.cpus} cores (${results.machine.model}), Node ${process.version}`);
  console.log(`\n| workload | conns | req/s | p50 ms | p99 ms | baseline req/s | ratio | same-size baseline req/s | ratio | failures |`);
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const c of tp.cells)
    console.log(
      `| ${c.workload} | ${c.connections} | ${c.rps} | ${c.p50} | ${c.p99} | ${c.baselineRps} | ${c.ratio} | ${c.sameSizeBaselineRps} | ${c.ratioSameSize} | ${c.failures} |`,
    );
  console.log(`\nreads answer: ${tp.readsAnswerBytes} bytes (the same-size baseline answers as many)`);
  console.log(`send to last event delivered (EVENT_STEP_DELAY_MS=0): ${JSON.stringify(e2e)}`);
  console.log(`start-up to first answer: ${startup.serverMs} ms (baseline ${startup.baselineMs} ms)`);
  console.log(`RSS: idle ${tp.idleRssMb} MB, after load ${tp.loadedRssMb} MB, peak ${tp.peakRssMb} MB`);
  console.log(`scale (p50/p99 ms): ${JSON.stringify(scaleResult)}`);
  console.log(`event pipeline: ${JSON.stringify(events)}`);
  if ('skipped' in pg) console.log(`\nPostgreSQL cells SKIPPED: ${pg.skipped}`);
  else {
    console.log('\n| PostgreSQL | nodes | conns | req/s | p50 ms | p99 ms | node CPU ms/req | PostgreSQL CPU ms/req | failures |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const c of pg.cells)
      console.log(
        `| ${c.workload} | ${c.nodes} | ${c.connections} | ${c.rps} | ${c.p50} | ${c.p99} | ${c.nodeCpuMsPerRequest} | ${c.postgresCpuMsPerRequest} | ${c.failures} |`,
      );
    console.log(`two nodes, shared outbox (five destinations): ${JSON.stringify(pg.twoNodeOutbox)}`);
  }
  console.log(`change stream: ${JSON.stringify(stream)}`);
  console.log('\n| target | value | met |\n|---|---|---|');
  for (const t of targets) console.log(`| ${t.target} | ${t.value} | ${t.met ? 'yes' : 'NO'} |`);
  console.log(`\nwritten to bench/results.json in ${results.durationSeconds} s`);
}

// BENCH_ONLY=stream measures the change stream's cost alone (printed, not written to results.json).
if (process.env.BENCH_ONLY === 'stream') console.log(JSON.stringify(await streamCost()));
else await main();
