// Bounded shutdown: after SIGTERM no new request starts, requests in flight finish and keep their
// writes, and the process exits within SHUTDOWN_GRACE_MS whatever its clients do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { startServer, tempDatabaseUrl, type ServerProcess } from '../support/server-process.js';
import { CreateConfigurationSetCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { allConfigurationSetNames, clientFor } from '../support/client.js';

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** One CreateConfigurationSet over the given keep-alive agent; rejects when the connection fails. */
function createSet(url: URL, agent: Agent, name: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/',
        agent,
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'PinpointSMSVoiceV2.CreateConfigurationSet' },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ ConfigurationSetName: name }));
  });
}

/** Resolves to the exit code, or to 'still running' if the process outlives `boundMs`. */
function exitWithin(server: ServerProcess, boundMs: number): Promise<number | null | 'still running'> {
  if (server.child.exitCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still running'), boundMs);
    server.child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

test('SIGTERM under keep-alive clients that never go idle: later requests are refused, the process exits within the grace period', async () => {
  const graceMs = 1500;
  const databaseUrl = tempDatabaseUrl();
  const server = await startServer({ DATABASE_URL: databaseUrl, SHUTDOWN_GRACE_MS: String(graceMs), MAX_CONFIGURATION_SETS: '1000000' });
  const url = new URL(server.url);
  let exited = false;
  void new Promise((r) => server.child.once('exit', r)).then(() => (exited = true));
  let sigtermSent = false;
  const acknowledged: string[] = [];
  const loops = Array.from({ length: 4 }, async (_, w) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const seen = { before: 0, okAfter: 0, refusedAfter: 0, failedAfter: 0, okAfterRefusal: 0 };
    let refused = false;
    // Back to back, never idle, until the process is gone.
    for (let i = 0; !exited; i++) {
      const after = sigtermSent;
      try {
        const answer = await createSet(url, agent, `w${w}-${i}`);
        if (answer.status === 200) {
          acknowledged.push(`w${w}-${i}`);
          if (!after) seen.before++;
          else if (refused) seen.okAfterRefusal++;
          else seen.okAfter++;
        } else {
          assert.equal(answer.status, 503, answer.body);
          assert.equal(answer.connection, 'close', 'a refusal closes the connection');
          assert.ok(after, 'refused before SIGTERM');
          refused = true;
          seen.refusedAfter++;
        }
      } catch {
        // The connection was closed or refused: the server no longer takes requests.
        if (after) seen.failedAfter++;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    agent.destroy();
    return seen;
  });
  // A request whose body never ends: in flight until the grace period cuts it off.
  const stalled = request({
    host: url.hostname,
    port: url.port,
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'PinpointSMSVoiceV2.CreateConfigurationSet' },
  });
  stalled.on('error', () => {});
  stalled.write('{"ConfigurationSetName":');

  while (acknowledged.length < 200) await new Promise((r) => setTimeout(r, 5));
  sigtermSent = true;
  server.child.kill('SIGTERM');
  const code = await exitWithin(server, graceMs + 10_000);
  if (code === 'still running') await server.kill();
  const seen = await Promise.all(loops);
  assert.equal(code, 0, `exit code after SIGTERM (bound ${graceMs} ms + 10 s); per connection: ${JSON.stringify(seen)}`);
  for (const s of seen) {
    assert.ok(s.before > 0, 'each connection was busy before SIGTERM');
    assert.equal(s.okAfterRefusal, 0, 'no request is served after a refusal');
    // Each busy connection is refused once the shutdown starts (a 503 with Connection: close), or finds it closed.
    assert.ok(s.refusedAfter + s.failedAfter > 0, JSON.stringify(s));
  }
  // The request whose body never ended was cut off when the grace period ran out.
  await new Promise((r) => (server.child.stdout!.readableEnded ? r(null) : server.child.stdout!.once('close', r)));
  const cut = server.logs.find((l) => l.msg === 'shutdown grace period over: closing the connections still open');
  assert.ok(cut && (cut.cutOff as number) >= 1, `no cut-off logged: ${JSON.stringify(server.logs.slice(-3))}`);

  // Every acknowledged write was kept.
  const again = await startServer({ DATABASE_URL: databaseUrl });
  const client = clientFor(again.url);
  try {
    const names = await allConfigurationSetNames(client);
    assert.deepEqual(
      acknowledged.filter((n) => !names.has(n)),
      [],
    );
  } finally {
    client.destroy();
    await again.stop();
  }
});

test('SIGTERM closes idle keep-alive connections at once and exits without waiting for the grace period', async () => {
  const server = await startServer({ DATABASE_URL: tempDatabaseUrl(), SHUTDOWN_GRACE_MS: '600000' });
  const url = new URL(server.url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const answer = await createSet(url, agent, 'idle');
  assert.equal(answer.status, 200, answer.body);
  const socketClosed = new Promise<void>((resolve) => {
    const [socket] = Object.values(agent.freeSockets).flat();
    assert.ok(socket, 'the keep-alive socket is idle in the agent');
    socket!.once('close', () => resolve());
  });
  server.child.kill('SIGTERM');
  assert.equal(await exitWithin(server, 10_000), 0);
  await socketClosed;
  agent.destroy();
});

test('SIGTERM stops a server whose stdout reader went away (`npm start | head -1`), within the grace period', async () => {
  for (const requests of [0, 20]) {
    const server = await startServer({ DATABASE_URL: 'memory', SHUTDOWN_GRACE_MS: '1000' });
    // The reader goes away after the first line, as `head -1` does: the next log line meets EPIPE,
    // at shutdown (no request) or on the way (requests logged before SIGTERM).
    server.child.stdout!.destroy();
    const client = clientFor(server.url);
    for (let i = 0; i < requests; i++) await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: `after-head-${i}` }));
    client.destroy();
    server.child.kill('SIGTERM');
    const exit = await exitWithin(server, 8_000);
    if (exit === 'still running') await server.kill();
    assert.equal(exit, 0, `${requests} requests: ${server.stderr()}`);
    assert.equal(server.stderr(), '');
  }
});
