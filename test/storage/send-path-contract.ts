// The storage contract of the send path and the dispatcher's write-back, run once per store: the
// atomic add a send charges its spend with (also at read committed, under concurrency), a message
// inserted with its routed events and their deliveries, and finishDeliveries with lost leases.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageRecord } from '../../src/events/message.js';
import type { DeliveryOutcome, NewMessageEvent, Scope, Store } from '../../src/storage/store.js';

const NOW = 1_700_000_000_000;

/** A message record sent at NOW from a simulator number to the US simulator destination. */
const messageOf = (messageId: string, extra: Pick<MessageRecord, 'channel' | 'outcome'> & Partial<MessageRecord>): MessageRecord => ({
  messageId,
  originationIdentity: '+12065550100',
  destinationPhoneNumber: '+14254147755',
  requestTimestamp: NOW,
  timeToLive: 1,
  ...extra,
});

export function sendPathContract(name: string, open: () => Promise<Store>): void {
  describe(`Send path contract: ${name}`, () => {
    let store: Store;
    let n = 0;
    const scope = (): Scope => ({ accountId: '123456789012', region: `send-path-${process.pid}-${++n}` });
    const spend = (id: string, doc: unknown) => ({ type: 'monthly-spend', parent: '', id, createdAt: 1_700_000_000_000, doc });
    const spentOf = async (s: Scope, id: string) => (await store.read((tx) => tx.getResource(s, 'monthly-spend', '', id)))?.doc;

    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    test('addToResourceField adds to one key of the doc and returns the sum; a missing key is 0, a missing row undefined', async () => {
      const s = scope();
      await store.write((tx) => tx.insertResource(s, spend('m', { spentUnits: 5, note: 'kept' })));
      assert.equal(await store.write((tx) => tx.addToResourceField(s, 'monthly-spend', '', 'm', 'spentUnits', 881)), 886);
      assert.deepEqual(await spentOf(s, 'm'), { spentUnits: 886, note: 'kept' });
      assert.equal(await store.write((tx) => tx.addToResourceField(s, 'monthly-spend', '', 'm', 'other', 2)), 2);
      assert.deepEqual(await spentOf(s, 'm'), { spentUnits: 886, note: 'kept', other: 2 });
      assert.equal(await store.write((tx) => tx.addToResourceField(s, 'monthly-spend', '', 'none', 'spentUnits', 1)), undefined);
      assert.equal(await store.write((tx) => tx.addToResourceField(scope(), 'monthly-spend', '', 'm', 'spentUnits', 1)), undefined);
    });

    test('an add in a transaction that fails is undone', async () => {
      const s = scope();
      await store.write((tx) => tx.insertResource(s, spend('m', { spentUnits: 10 })));
      await assert.rejects(
        store.write(
          async (tx) => {
            assert.equal(await tx.addToResourceField(s, 'monthly-spend', '', 'm', 'spentUnits', 5), 15);
            throw new Error('refused');
          },
          { isolation: 'read-committed' },
        ),
        /refused/,
      );
      assert.deepEqual(await spentOf(s, 'm'), { spentUnits: 10 });
    });

    test('concurrent read-committed writes that add, then refuse past a limit: none is lost, exactly the limit is admitted', async () => {
      const s = scope();
      await store.write((tx) => tx.insertResource(s, spend('m', { spentUnits: 0 })));
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          store.write(
            async (tx) => {
              const total = await tx.addToResourceField(s, 'monthly-spend', '', 'm', 'spentUnits', 1);
              await new Promise((r) => setImmediate(r)); // give another transaction every chance to run
              if (total! > 7) throw new Error('limit');
            },
            { isolation: 'read-committed' },
          ),
        ),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 7);
      assert.deepEqual(await spentOf(s, 'm'), { spentUnits: 7 });
    });

    test('listDueEvents leaves out an event whose message has an earlier one not routed yet', async () => {
      const s = scope();
      const now = NOW;
      const messageId = `due-${s.region}`;
      const message = messageOf(messageId, { channel: 'VOICE', outcome: 'COMPLETED' });
      const events: NewMessageEvent[] = [0, 1, 2].map((seq) => ({
        eventId: `${messageId}-${seq}`,
        messageId,
        seq,
        eventType: 'VOICE_INITIATED',
        dueAt: now + seq,
        record: { seq },
        ...(seq === 0 && { routing: { routedAt: now, deliveries: [] } }),
      }));
      await store.write((tx) => tx.insertMessage(s, message, events));
      const dueOf = async () => (await store.write((tx) => tx.listDueEvents(now + 10, 100))).filter((e) => e.messageId === messageId).map((e) => e.seq);
      assert.deepEqual(await dueOf(), [1]);
      await store.write((tx) => tx.markEventRouted(s, `${messageId}-1`, now + 10, []));
      assert.deepEqual(await dueOf(), [2]);
    });

    test('a message goes in with its routed events and their deliveries, in order; finishDeliveries ignores lost leases', async () => {
      const s = scope();
      const now = NOW;
      const messageId = `m-${s.region}`;
      const message = messageOf(messageId, { channel: 'TEXT', outcome: 'DELIVERED', configurationSetName: 'a' });
      const sink = { kind: 'sns' as const, topicArn: 'arn:aws:sns:us-east-1:123456789012:t' };
      const delivery = (eventId: string, seq: number, destinationName: string) => ({
        eventId,
        destinationName,
        configurationSetName: 'a',
        messageId,
        seq,
        sink,
        status: 'pending' as const,
        attempts: 0,
        createdAt: now,
        nextAttemptAt: now,
      });
      const events: NewMessageEvent[] = [1, 2].map((seq) => ({
        eventId: `${messageId}-${seq}`,
        messageId,
        seq,
        eventType: seq === 1 ? 'TEXT_QUEUED' : 'TEXT_DELIVERED',
        dueAt: now + seq - 1,
        configurationSetName: 'a',
        record: { seq, b: 'x', a: 'y' },
        ...(seq === 1 && { routing: { routedAt: now, deliveries: ['d1', 'd2', 'd3'].map((d) => delivery(`${messageId}-1`, 1, d)) } }),
      }));
      await store.write((tx) => tx.insertMessage(s, message, events));
      const stored = await store.read((tx) => tx.listEvents({ ...s, oldestFirst: true, limit: 10 }));
      assert.deepEqual(
        stored.map((e) => [e.event.eventId, JSON.stringify(e.event.record), e.routedAt, e.deliveries.map((d) => d.destinationName)]),
        [
          [`${messageId}-1`, '{"seq":1,"b":"x","a":"y"}', now, ['d1', 'd2', 'd3']],
          [`${messageId}-2`, '{"seq":2,"b":"x","a":"y"}', undefined, []],
        ],
      );

      const leased = await store.write((tx) => tx.leaseDeliveries(now, 'node-1', now + 1000, 10));
      assert.deepEqual(leased.map((d) => d.destinationName).sort(), ['d1', 'd2', 'd3']);
      const outcome = (destinationName: string, status: DeliveryOutcome['status'], extra: Partial<DeliveryOutcome> = {}): DeliveryOutcome => ({
        eventId: `${messageId}-1`,
        destinationName,
        status,
        attempts: 1,
        nextAttemptAt: now + 5,
        finishedAt: now + 2,
        ...extra,
      });
      const attempts = async () =>
        (await store.read((tx) => tx.listDeliveryAttempts({ messageId, limit: 10 }))).map((a) => `${a.destinationName}:${a.status}:${a.error ?? ''}`);
      // Another owner's outcomes change nothing and record nothing.
      await store.write((tx) => tx.finishDeliveries('node-2', [outcome('d1', 'delivered', { deliveredAt: now })]));
      assert.deepEqual(await attempts(), []);
      // d2's lease is lost (its destination was deleted meanwhile): its outcome is ignored, the others recorded in order.
      assert.equal(await store.write((tx) => tx.failPendingDeliveries(s, 'a', 'd2', 'gone')), 1);
      await store.write((tx) =>
        tx.finishDeliveries('node-1', [
          outcome('d3', 'delivered', { deliveredAt: now + 2 }),
          outcome('d2', 'delivered', { deliveredAt: now + 2 }),
          outcome('d1', 'pending', { lastError: 'throttled' }),
        ]),
      );
      assert.deepEqual(await attempts(), ['d3:delivered:', 'd1:pending:throttled']);
      const [first] = await store.read((tx) => tx.listEvents({ ...s, messageId, oldestFirst: true, limit: 1 }));
      assert.deepEqual(
        first.deliveries.map((d) => `${d.destinationName}:${d.status}:${d.attempts}:${d.lastError ?? ''}`),
        ['d1:pending:1:throttled', 'd2:failed:0:gone', 'd3:delivered:1:'],
      );
      // The written-back outcomes cleared their leases: d1 is due again at its next attempt.
      const again = await store.write((tx) => tx.leaseDeliveries(now + 5, 'node-2', now + 1000, 10));
      assert.deepEqual(
        again.map((d) => d.destinationName),
        ['d1'],
      );
      await store.write((tx) => tx.finishDeliveries('node-2', []));
    });
  });
}
