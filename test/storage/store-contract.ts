// The storage contract: one suite that every Store implementation must pass, run once per store.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageRecord } from '../../src/events/message.js';
import type { ConfigurationSetRecord, EventDestinationRecord, ResourceRow, Scope, Store } from '../../src/storage/store.js';

export function storeContract(name: string, open: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let n = 0;
    const scope = (): Scope => ({ accountId: '123456789012', region: `contract-${process.pid}-${++n}` });
    const set = (s: Scope, name: string, extra: Partial<ConfigurationSetRecord> = {}): ConfigurationSetRecord => ({
      name,
      arn: `arn:aws:sms-voice:${s.region}:${s.accountId}:configuration-set/${name}`,
      createdAt: 1_700_000_000_123,
      ...extra,
    });
    const destination = (setName: string, name: string): EventDestinationRecord => ({
      configurationSetName: setName,
      name,
      enabled: true,
      matchingEventTypes: ['ALL'],
      sink: { kind: 'sns', topicArn: 'arn:aws:sns:us-east-1:123456789012:t' },
    });

    before(async () => {
      store = await open();
    });
    after(async () => {
      await store.close();
    });

    test('configuration sets round-trip with every optional field, and updates replace them', async () => {
      const s = scope();
      const full = set(s, 'full', {
        defaultMessageType: 'PROMOTIONAL',
        defaultSenderId: 'ACME',
        defaultMessageFeedbackEnabled: false,
        protectConfigurationId: 'protect-1',
      });
      await store.write((tx) => tx.insertConfigurationSet(s, full));
      assert.deepEqual(await store.read((tx) => tx.findConfigurationSet(s, 'full')), full);
      const bare = set(s, 'full');
      await store.write((tx) => tx.updateConfigurationSet(s, bare));
      assert.deepEqual(await store.read((tx) => tx.findConfigurationSet(s, 'full')), bare);
      assert.equal(await store.read((tx) => tx.findConfigurationSet(s, 'missing')), undefined);
    });

    test('listing is in name order, keyset-paged, counted and scoped', async () => {
      const s = scope();
      const other = scope();
      await store.write(async (tx) => {
        for (const name of ['c', 'a', 'b', 'd']) await tx.insertConfigurationSet(s, set(s, name));
        await tx.insertConfigurationSet(other, set(other, 'a'));
      });
      const page = (afterName: string | undefined, limit: number) =>
        store.read(async (tx) => (await tx.listConfigurationSets(s, { afterName, limit })).map((r) => r.name));
      assert.deepEqual(await page(undefined, 3), ['a', 'b', 'c']);
      assert.deepEqual(await page('c', 3), ['d']);
      assert.equal(await store.read((tx) => tx.countConfigurationSets(s)), 4);
      assert.equal(await store.read((tx) => tx.countConfigurationSets(other)), 1);
    });

    test('event destinations keep creation order, update in place and go with their set', async () => {
      const s = scope();
      await store.write(async (tx) => {
        await tx.insertConfigurationSet(s, set(s, 'x'));
        await tx.insertConfigurationSet(s, set(s, 'y'));
        for (const name of ['zeta', 'alpha', 'mid']) await tx.insertEventDestination(s, destination('x', name));
        await tx.insertEventDestination(s, destination('y', 'only'));
      });
      const list = (names: string[]) => store.read((tx) => tx.listEventDestinations(s, names));
      assert.deepEqual(
        (await list(['x'])).map((d) => d.name),
        ['zeta', 'alpha', 'mid'],
      );
      const updated: EventDestinationRecord = {
        ...destination('x', 'alpha'),
        enabled: false,
        matchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'],
        sink: { kind: 'firehose', iamRoleArn: 'arn:aws:iam::1:role/r', deliveryStreamArn: 'arn:aws:firehose:us-east-1:1:deliverystream/s' },
      };
      await store.write((tx) => tx.updateEventDestination(s, updated));
      assert.deepEqual((await list(['x']))[1], updated);
      await store.write((tx) => tx.deleteEventDestination(s, 'x', 'zeta'));
      assert.deepEqual(
        (await list(['x', 'y'])).map((d) => `${d.configurationSetName}/${d.name}`),
        ['x/alpha', 'x/mid', 'y/only'],
      );
      await store.write((tx) => tx.deleteConfigurationSet(s, 'x'));
      assert.deepEqual(
        (await list(['x', 'y'])).map((d) => d.name),
        ['only'],
      );
      assert.deepEqual(await list([]), []);
    });

    test('ending the pending deliveries of a destination or a set fails them, leased or not, and nothing else', async () => {
      const s = scope();
      const other = scope();
      const now = 1_700_000_000_000;
      const sink = destination('x', 'x').sink;
      for (const [sc, id] of [
        [s, `m-${s.region}`],
        [other, `m-${other.region}`],
      ] as const) {
        const message = {
          messageId: id,
          channel: 'TEXT',
          configurationSetName: 'a',
          originationIdentity: '+12065550100',
          destinationPhoneNumber: '+14254147755',
          requestTimestamp: now,
          timeToLive: 1,
          outcome: 'DELIVERED',
        } satisfies MessageRecord;
        const events = [1, 2].map((seq) => ({
          eventId: `${id}-${seq}`,
          messageId: id,
          seq,
          eventType: 'TEXT_QUEUED',
          dueAt: now,
          configurationSetName: 'a',
          record: {},
        }));
        await store.write(async (tx) => {
          await tx.insertMessage(sc, message, events);
          for (const e of events) {
            await tx.markEventRouted(
              sc,
              e.eventId,
              now,
              ['d1', 'd2'].map((d) => ({
                eventId: e.eventId,
                destinationName: d,
                configurationSetName: 'a',
                messageId: id,
                seq: e.seq,
                sink,
                status: 'pending' as const,
                attempts: 0,
                createdAt: now,
                nextAttemptAt: now,
              })),
            );
          }
        });
      }
      const statuses = async (sc: Scope) => {
        const events = await store.read((tx) => tx.listEvents({ accountId: sc.accountId, region: sc.region, limit: 10 }));
        return events.flatMap((e) => e.deliveries.map((d) => `${e.event.seq}/${d.destinationName}:${d.status}${d.lastError ? `:${d.lastError}` : ''}`)).sort();
      };
      const leased = await store.write((tx) => tx.leaseDeliveries(now, 'node-1', now + 1000, 100));
      const mine = leased.find((d) => d.scope.region === s.region && d.destinationName === 'd1')!;
      assert.equal(await store.write((tx) => tx.failPendingDeliveries(s, 'a', 'd1', 'gone')), 2);
      // The outcome of the attempt that was in flight is ignored.
      await store.write((tx) =>
        tx.finishDeliveries('node-1', [
          {
            eventId: mine.eventId,
            destinationName: 'd1',
            status: 'delivered',
            attempts: 1,
            nextAttemptAt: now,
            deliveredAt: now,
            finishedAt: now,
          },
        ]),
      );
      assert.deepEqual(await statuses(s), ['1/d1:failed:gone', '1/d2:pending', '2/d1:failed:gone', '2/d2:pending']);
      assert.equal(await store.write((tx) => tx.failPendingDeliveries(s, 'a', undefined, 'set gone')), 2);
      assert.deepEqual(await statuses(s), ['1/d1:failed:gone', '1/d2:failed:set gone', '2/d1:failed:gone', '2/d2:failed:set gone']);
      assert.deepEqual(await statuses(other), ['1/d1:pending', '1/d2:pending', '2/d1:pending', '2/d2:pending']);
      assert.equal(await store.write((tx) => tx.failPendingDeliveries(s, 'a', undefined, 'again')), 0);
    });

    test('a message record is replaced in its own scope only, and stays where the views find it', async () => {
      const s = scope();
      const other = scope();
      const messageId = `update-${s.region}`;
      const message: MessageRecord = {
        messageId,
        channel: 'TEXT',
        configurationSetName: 'a',
        originationIdentity: '+12065550100',
        destinationPhoneNumber: '+14254147755',
        requestTimestamp: 1_700_000_000_000,
        timeToLive: 1,
        outcome: 'DELIVERED',
        messageFeedbackEnabled: true,
      };
      await store.write((tx) => tx.insertMessage(s, message, []));
      const updated: MessageRecord = { ...message, messageFeedbackStatus: 'RECEIVED', messageFeedbackTimestamp: 1_700_000_000_500 };
      assert.equal(await store.write((tx) => tx.updateMessage(other, updated)), false);
      assert.equal(await store.write((tx) => tx.updateMessage(s, { ...updated, messageId: 'no-such-message' })), false);
      assert.equal(await store.write((tx) => tx.updateMessage(s, updated)), true);
      const [row] = await store.read((tx) => tx.listMessages({ ...s, messageId, limit: 10 }));
      assert.deepEqual(row.message, updated);
      const [byHandset] = await store.read((tx) => tx.listMessages({ ...s, handsetNumber: '+14254147755', limit: 10 }));
      assert.equal(byHandset.message.messageFeedbackStatus, 'RECEIVED');
    });

    test('tags add, overwrite, delete by key and all at once', async () => {
      const s = scope();
      const arn = 'arn:aws:sms-voice:r:1:configuration-set/t';
      await store.write((tx) =>
        tx.putTags(s, arn, [
          { key: 'b', value: '1' },
          { key: 'a', value: '2' },
        ]),
      );
      await store.write((tx) => tx.putTags(s, arn, [{ key: 'b', value: 'new' }]));
      assert.deepEqual(await store.read((tx) => tx.listTags(s, arn)), [
        { key: 'a', value: '2' },
        { key: 'b', value: 'new' },
      ]);
      await store.write((tx) => tx.deleteTags(s, arn, ['a', 'missing']));
      assert.deepEqual(await store.read((tx) => tx.listTags(s, arn)), [{ key: 'b', value: 'new' }]);
      await store.write((tx) => tx.deleteTags(s, arn, 'all'));
      assert.deepEqual(await store.read((tx) => tx.listTags(s, arn)), []);
    });

    test('idempotency records are kept per operation and token', async () => {
      const s = scope();
      await store.write((tx) => tx.insertIdempotencyRecord(s, 'CreateX', 'tok', { requestHash: 'h', response: { A: [1] } }));
      assert.deepEqual(await store.read((tx) => tx.findIdempotencyRecord(s, 'CreateX', 'tok')), { requestHash: 'h', response: { A: [1] } });
      assert.equal(await store.read((tx) => tx.findIdempotencyRecord(s, 'CreateY', 'tok')), undefined);
    });

    test('a read after a committed write sees it, however often the same read ran before', async () => {
      const s = scope();
      const page = () => store.read(async (tx) => (await tx.listConfigurationSets(s, { limit: 10 })).map((r) => r.name));
      const destinations = () => store.read(async (tx) => (await tx.listEventDestinations(s, ['x'])).map((d) => `${d.name}:${d.enabled}`));
      await store.write((tx) => tx.insertConfigurationSet(s, set(s, 'x')));
      assert.deepEqual(await page(), ['x']);
      assert.deepEqual(await page(), ['x']);
      assert.deepEqual(await destinations(), []);
      await store.write((tx) => tx.insertConfigurationSet(s, set(s, 'y')));
      await store.write((tx) => tx.insertEventDestination(s, destination('x', 'd')));
      assert.deepEqual(await page(), ['x', 'y']);
      assert.deepEqual(await destinations(), ['d:true']);
      await store.write((tx) => tx.updateEventDestination(s, { ...destination('x', 'd'), enabled: false }));
      assert.deepEqual(await destinations(), ['d:false']);
      await store.write((tx) => tx.updateConfigurationSet(s, set(s, 'x', { defaultSenderId: 'ACME' })));
      assert.equal((await store.read((tx) => tx.findConfigurationSet(s, 'x')))?.defaultSenderId, 'ACME');
      await store.write((tx) => tx.deleteConfigurationSet(s, 'y'));
      assert.deepEqual(await page(), ['x']);
    });

    test('a failed transaction leaves nothing behind', async () => {
      const s = scope();
      await assert.rejects(
        store.write(async (tx) => {
          await tx.insertConfigurationSet(s, set(s, 'rolled-back'));
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.read((tx) => tx.findConfigurationSet(s, 'rolled-back')), undefined);
      // and the store still works afterwards
      await store.write((tx) => tx.insertConfigurationSet(s, set(s, 'after')));
      assert.ok(await store.read((tx) => tx.findConfigurationSet(s, 'after')));
    });

    test('concurrent check-then-write transactions do not interleave', async () => {
      const s = scope();
      const attempts = Array.from({ length: 20 }, (_, i) =>
        store.write(async (tx) => {
          const count = await tx.countConfigurationSets(s);
          await new Promise((r) => setImmediate(r)); // give another transaction every chance to run
          if (count >= 5) throw new Error('quota');
          await tx.insertConfigurationSet(s, set(s, `c${i}`));
        }),
      );
      const results = await Promise.allSettled(attempts);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
      assert.equal(await store.read((tx) => tx.countConfigurationSets(s)), 5);
    });

    describe('generic resource layer', () => {
      const row = (id: string, extra: Partial<ResourceRow> = {}): ResourceRow => ({
        type: 'phone-number',
        parent: '',
        id,
        createdAt: 1_700_000_000_456,
        doc: { id, nested: { list: [1, 'two'], flag: true } },
        ...extra,
      });

      test('rows round-trip by id and by name, are scoped, and updates replace name and doc', async () => {
        const s = scope();
        const other = scope();
        await store.write((tx) => tx.insertResource(s, row('phone-a', { name: '+12065550142' })));
        assert.deepEqual(await store.read((tx) => tx.getResource(s, 'phone-number', '', 'phone-a')), row('phone-a', { name: '+12065550142' }));
        assert.equal((await store.read((tx) => tx.findResourceByName(s, 'phone-number', '', '+12065550142')))?.id, 'phone-a');
        assert.equal(await store.read((tx) => tx.getResource(other, 'phone-number', '', 'phone-a')), undefined);
        assert.equal(await store.read((tx) => tx.getResource(s, 'pool', '', 'phone-a')), undefined);
        await store.write((tx) => tx.updateResource(s, row('phone-a', { doc: { changed: 1 } })));
        const updated = await store.read((tx) => tx.getResource(s, 'phone-number', '', 'phone-a'));
        assert.deepEqual(updated, row('phone-a', { doc: { changed: 1 } }));
        assert.equal(await store.read((tx) => tx.findResourceByName(s, 'phone-number', '', '+12065550142')), undefined);
      });

      test('an id or a name that is taken fails the write, which then changes nothing', async () => {
        const s = scope();
        await store.write((tx) => tx.insertResource(s, row('x', { name: 'n1' })));
        await assert.rejects(store.write((tx) => tx.insertResource(s, row('y', { name: 'n1' }))));
        await assert.rejects(store.write((tx) => tx.insertResource(s, row('x', { name: 'n2' }))));
        assert.equal(await store.read((tx) => tx.countResources(s, 'phone-number')), 1);
        // Names are unique within a parent only.
        await store.write((tx) => tx.insertResource(s, row('k', { parent: 'pool-1', name: 'n1' })));
        assert.equal(await store.read((tx) => tx.countResources(s, 'phone-number', 'pool-1')), 1);
      });

      test('listing is in (parent, id) order, keyset-paged per parent or across parents, and counted', async () => {
        const s = scope();
        await store.write(async (tx) => {
          for (const parent of ['p2', 'p1']) for (const id of ['c', 'a', 'b']) await tx.insertResource(s, row(id, { type: 'keyword', parent }));
        });
        const ids = (rows: ResourceRow[]) => rows.map((r) => `${r.parent}/${r.id}`);
        const page1 = await store.read((tx) => tx.listResources(s, 'keyword', { limit: 4 }));
        assert.deepEqual(ids(page1), ['p1/a', 'p1/b', 'p1/c', 'p2/a']);
        const page2 = await store.read((tx) => tx.listResources(s, 'keyword', { limit: 4, after: { parent: 'p2', id: 'a' } }));
        assert.deepEqual(ids(page2), ['p2/b', 'p2/c']);
        const ofP2 = await store.read((tx) => tx.listResources(s, 'keyword', { parent: 'p2', limit: 2, after: { parent: 'p2', id: 'a' } }));
        assert.deepEqual(ids(ofP2), ['p2/b', 'p2/c']);
        assert.equal(await store.read((tx) => tx.countResources(s, 'keyword')), 6);
        assert.equal(await store.read((tx) => tx.countResources(s, 'keyword', 'p1')), 3);
        await store.write((tx) => tx.deleteResource(s, 'keyword', 'p1', 'b'));
        await store.write((tx) => tx.deleteResourcesOf(s, 'keyword', 'p2'));
        assert.deepEqual(ids(await store.read((tx) => tx.listResources(s, 'keyword', { limit: 10 }))), ['p1/a', 'p1/c']);
      });

      test('concurrent writers checking a name before inserting it: exactly one wins', async () => {
        const s = scope();
        const attempts = Array.from({ length: 10 }, (_, i) =>
          store.write(async (tx) => {
            const taken = await tx.findResourceByName(s, 'opt-out-list', '', 'shared');
            await new Promise((r) => setImmediate(r));
            if (taken) throw new Error('conflict');
            await tx.insertResource(s, row(`id${i}`, { type: 'opt-out-list', name: 'shared' }));
          }),
        );
        const results = await Promise.allSettled(attempts);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        assert.equal(await store.read((tx) => tx.countResources(s, 'opt-out-list')), 1);
      });
    });
  });
}
