// /_local/stream under load, against the real server process: many open streams leave the API
// responsive and are capped (STREAM_MAX_CONNECTIONS), a client that never reads is closed instead
// of growing the server's memory, and HEAD is refused rather than left unanswered.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor } from '../support/client.js';
import { eventually } from '../support/events.js';
import { sendingSeed } from '../support/seed.js';
import { openStream, type SseStream } from '../support/sse.js';

const HANDSET = '+12065550188';
const STREAMS = 200;
let server: ServerProcess;
let client: PinpointSMSVoiceV2Client;

before(async () => {
  server = await startServer({ EVENT_STEP_DELAY_MS: '0', SEED_FILE: sendingSeed(), STREAM_MAX_CONNECTIONS: String(STREAMS) });
  client = clientFor(server.url);
});
after(async () => {
  await server.stop();
});

const send = async (body: string) => (await client.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: body }))).MessageId!;

/** Milliseconds /_local/health takes to answer 200. */
async function healthMs(): Promise<number> {
  const started = Date.now();
  const response = await fetch(`${server.url}/_local/health`);
  assert.equal(response.status, 200);
  await response.json();
  return Date.now() - started;
}

describe('/_local/stream under load', () => {
  test(`${STREAMS} open streams: the API still answers promptly, each stream gets each message, one more is refused`, async () => {
    const streams: SseStream[] = [];
    try {
      for (let i = 0; i < STREAMS; i += 50) {
        streams.push(...(await Promise.all(Array.from({ length: 50 }, () => openStream(`${server.url}/_local/stream`)))));
      }
      await eventually(async () => (streams.every((s) => s.events.length >= 1) ? true : undefined));
      const messageIds = [await send('first'), await send('second')];
      for (const s of streams) {
        // Each message's events come as `event` items too, in store order: wait for both messages.
        const messages = await eventually(async () => {
          const seen = s.events.filter((e) => e.event === 'message');
          return seen.length >= 2 ? seen.slice(0, 2) : undefined;
        }, 30_000);
        assert.deepEqual(
          messages.map((e) => e.data.messageId),
          messageIds,
        );
      }
      // A generous bound, not a timing target: before the fix, each poll read the store once per stream.
      for (let i = 0; i < 5; i++) {
        const ms = await healthMs();
        assert.ok(ms < 2000, `health answered in ${ms} ms with ${STREAMS} streams open`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const refused = await fetch(`${server.url}/_local/stream`);
      assert.equal(refused.status, 503);
      const body = await refused.json();
      assert.equal(body.__type, 'ServiceUnavailableException');
      assert.match(body.message, new RegExp(`at most ${STREAMS} .*STREAM_MAX_CONNECTIONS`));
      // A place given back can be taken again.
      streams.pop()?.close();
      streams.push(await eventually(() => openStream(`${server.url}/_local/stream`).catch(() => undefined)));
    } finally {
      for (const s of streams) s.close();
    }
  });

  test('a client that never reads is closed once 1 MB waits for it; it can resume from its last id', async () => {
    const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.write('GET /_local/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n');
    // The socket's own buffer takes 16 KB, then the client stops reading: the kernel buffers fill, then the server's.
    socket.pause();
    const closedBefore = () => server.logs.filter((l) => String(l.msg).startsWith('stream client does not read')).length;
    const body = 'x'.repeat(1500);
    let sent = 0;
    const started = Date.now();
    while (closedBefore() === 0 && Date.now() - started < 120_000) {
      await Promise.all(Array.from({ length: 20 }, () => send(body)));
      sent += 20;
    }
    const closed = server.logs.find((l) => String(l.msg).startsWith('stream client does not read'));
    assert.ok(closed, `the server closed the stream (after ${sent} sends)`);
    assert.ok(Number(closed.buffered) > 1024 * 1024, 'more than 1 MB was waiting');
    assert.ok(Number(closed.buffered) < 2 * 1024 * 1024, `no more than one batch beyond the bound: ${closed.buffered}`);
    // What the kernel holds still arrives, then the end of the connection.
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    socket.resume();
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    assert.ok(received > 0, 'the buffered part arrived');
  });

  test('HEAD is refused at once with Allow: GET (a stream has no head to send)', async () => {
    const head = await fetch(`${server.url}/_local/stream`, { method: 'HEAD', signal: AbortSignal.timeout(5000) });
    assert.equal(head.status, 405);
    assert.equal(head.headers.get('allow'), 'GET');
    const post = await fetch(`${server.url}/_local/stream`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
    assert.match((await post.json()).message, /accepts GET$/);
  });
});
