// Two-way SMS on a real moto: inbound messages published to the number's SNS topic through the
// outbox, as the AWS inbound JSON, and delivered after an outage of the topic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreatePoolCommand, SendTextMessageCommand, UpdatePhoneNumberCommand, UpdatePoolCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer } from '../support/server-process.js';
import { clientFor, type WireJson } from '../support/client.js';
import { startMoto } from '../support/moto.js';
import { eventually, localEvents } from '../support/events.js';
import { receiveEvents, topicWithQueue } from '../support/aws-resources.js';
import { HANDSET, reply, simulatorNumber } from '../support/handset.js';

/** Reads the queue until every inbound message id arrived (at least once); the payloads by id. */
async function receiveInbound(motoUrl: string, queueUrl: string, ids: string[]): Promise<Map<string, WireJson>> {
  const byId = new Map<string, WireJson>();
  await eventually(
    async () => {
      for (const r of await receiveEvents(motoUrl, queueUrl, 1, 1_000)) byId.set(r.inboundMessageId, r);
      return ids.every((id) => byId.has(id)) ? true : undefined;
    },
    30_000,
    `inbound messages ${ids.join(', ')} in the queue`,
  );
  return byId;
}

test('inbound messages arrive in an SQS queue subscribed to the two-way topic, keyword messages too', async () => {
  const moto = await startMoto();
  const server = await startServer({ AWS_ENDPOINT_URL: moto.url, EVENT_RETRY_BASE_MS: '50', EVENT_RETRY_MAX_MS: '200' });
  const client = clientFor(server.url);
  try {
    const { topicArn, queueUrl } = await topicWithQueue(moto.url, 'two-way');
    const n = await simulatorNumber(client);
    const updated = await client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n.id, TwoWayEnabled: true, TwoWayChannelArn: topicArn }));
    assert.equal(updated.TwoWayEnabled, true);
    assert.equal(updated.TwoWayChannelArn, topicArn);
    const sent = await client.send(
      new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'Reply YES to confirm', OriginationIdentity: n.id }),
    );
    const yes = await reply(server.url, n.number, 'Yes please', HANDSET, { previousPublishedMessageId: sent.MessageId! });
    const help = await reply(server.url, n.number, 'HELP');

    const byId = await receiveInbound(moto.url, queueUrl, [yes.inboundMessageId, help.inboundMessageId]);
    assert.deepEqual(byId.get(yes.inboundMessageId), {
      originationNumber: HANDSET,
      destinationNumber: n.number,
      messageKeyword: 'KEYWORD_123456789012',
      messageBody: 'Yes please',
      inboundMessageId: yes.inboundMessageId,
      previousPublishedMessageId: sent.MessageId,
    });
    assert.deepEqual(byId.get(help.inboundMessageId), {
      originationNumber: HANDSET,
      destinationNumber: n.number,
      messageKeyword: 'HELP',
      messageBody: 'HELP',
      inboundMessageId: help.inboundMessageId,
    });
    // The publication is an outbox delivery like any event.
    const [event] = await localEvents(server.url, { messageId: yes.inboundMessageId });
    assert.equal(event.eventType, 'INBOUND_TEXT');
    assert.deepEqual(
      event.deliveries.map((d) => [d.destination, d.kind, d.status]),
      [['two-way-channel', 'sns', 'delivered']],
    );
  } finally {
    client.destroy();
    await server.stop();
    await moto.kill();
  }
});

test("a pool's two-way topic during an outage: retried while it is down, then delivered", async () => {
  const moto = await startMoto();
  const server = await startServer({ AWS_ENDPOINT_URL: moto.url, EVENT_RETRY_BASE_MS: '50', EVENT_RETRY_MAX_MS: '200', EVENT_DELIVERY_TIMEOUT_MS: '300' });
  const client = clientFor(server.url);
  try {
    const { topicArn, queueUrl } = await topicWithQueue(moto.url, 'two-way-outage');
    const n = await simulatorNumber(client);
    const pool = await client.send(new CreatePoolCommand({ OriginationIdentity: n.id, MessageType: 'TRANSACTIONAL' }));
    await client.send(new UpdatePoolCommand({ PoolId: pool.PoolId, TwoWayEnabled: true, TwoWayChannelArn: topicArn }));
    // Stopped, not killed: it takes connections and never answers, and keeps its topic and queue.
    moto.pause();
    const sent = await reply(server.url, n.number, 'hello pool');
    await eventually(
      async () => {
        const [event] = await localEvents(server.url, { messageId: sent.inboundMessageId });
        const d = event?.deliveries[0];
        return d && d.status === 'pending' && d.attempts >= 2 && d.lastError ? true : undefined;
      },
      20_000,
      'retried deliveries',
    );

    moto.resume();
    const received = await receiveInbound(moto.url, queueUrl, [sent.inboundMessageId]);
    assert.equal(received.get(sent.inboundMessageId)!.messageBody, 'hello pool');
    await eventually(
      async () => {
        const [event] = await localEvents(server.url, { messageId: sent.inboundMessageId });
        return event.deliveries[0].status === 'delivered' ? true : undefined;
      },
      20_000,
      'delivered',
    );
  } finally {
    client.destroy();
    await server.stop();
    await moto.kill();
  }
});
