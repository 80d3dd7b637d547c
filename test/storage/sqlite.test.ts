import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/storage/open-store.js';
import { tempDatabaseUrl } from '../support/server-process.js';
import { sendPathContract } from './send-path-contract.js';
import { storeContract } from './store-contract.js';

storeContract('SQLite file', () => openStore(tempDatabaseUrl()));
storeContract('SQLite in memory', () => openStore('memory'));
sendPathContract('SQLite file', () => openStore(tempDatabaseUrl()));

test('reopening a SQLite file keeps its data and applies migrations once', async () => {
  const url = tempDatabaseUrl();
  const scope = { accountId: '123456789012', region: 'us-east-1' };
  const first = await openStore(url);
  await first.write((tx) => tx.insertConfigurationSet(scope, { name: 'kept', arn: 'arn:x', createdAt: 1 }));
  await first.close();
  const second = await openStore(url);
  assert.deepEqual(await second.read((tx) => tx.findConfigurationSet(scope, 'kept')), { name: 'kept', arn: 'arn:x', createdAt: 1 });
  await second.close();
});

test('an unknown DATABASE_URL is refused', async () => {
  await assert.rejects(openStore('mysql://nope'), /Unsupported DATABASE_URL/);
});
