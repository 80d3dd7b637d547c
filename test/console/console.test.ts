// The console in a real browser against the real server process: the live feed, a message's page,
// the virtual phone's STOP, an injected fault, and a server restart under an open page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateConfigurationSetCommand, SendTextMessageCommand, type PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { Browser } from 'playwright-core';
import { startServer, tempDatabaseUrl, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf, setWithSnsDestination } from '../support/client.js';
import { HANDSET, simulatorNumber } from '../support/handset.js';
import { freePort } from '../support/moto.js';
import { laptopPage, launchBrowser, screenshot } from '../support/browser.js';
import { TEST_ORIGINATION_NUMBER, sendingSeed } from '../support/seed.js';

const TIMEOUT = 15_000;
let browser: Browser;
let server: ServerProcess;
let client: PinpointSMSVoiceV2Client;
let sets = 0;

before(async () => {
  browser = await launchBrowser();
  server = await startServer({ EVENT_STEP_DELAY_MS: '50', EVENT_RETRY_BASE_MS: '100', EVENT_RETRY_MAX_MS: '200', SEED_FILE: sendingSeed() });
  client = clientFor(server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A configuration set with one SNS destination (captured locally: the server has no SNS endpoint). */
const setWithDestination = () => setWithSnsDestination(client, `console-set-${++sets}`, 'console-events');

test('a message sent through the SDK appears in the feed without reload; its page shows every event and delivery', async () => {
  const set = await setWithDestination();
  const { page, errors } = await laptopPage(browser);
  await page.goto(`${server.url}/_local/console`);
  await page.getByTestId('connection').getByText('Live').waitFor({ timeout: TIMEOUT });
  const sent = await client.send(
    new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'Your code is 424242', ConfigurationSetName: set }),
  );
  const row = page.locator(`tr[data-message-id="${sent.MessageId}"]`);
  await row.waitFor({ timeout: TIMEOUT });
  assert.match((await row.textContent())!, /Your code is 424242/);
  assert.match((await row.textContent())!, new RegExp(set));

  await row.getByRole('link').click();
  await page.getByRole('heading', { name: `Message ${sent.MessageId}` }).waitFor({ timeout: TIMEOUT });
  for (const type of ['TEXT_QUEUED', 'TEXT_SUCCESSFUL', 'TEXT_DELIVERED']) {
    const event = page.locator(`li[data-event-type="${type}"]`);
    await event.locator('.delivery[data-destination="to-sns"] tr.attempt.captured').waitFor({ timeout: TIMEOUT });
  }
  await page.locator('li[data-event-type="TEXT_DELIVERED"] summary').click();
  assert.match((await page.locator('li[data-event-type="TEXT_DELIVERED"] pre').textContent())!, /"messageStatus": "DELIVERED"/);
  await screenshot(page, 'feed-and-message-page');
  assert.deepEqual(errors, []);
  await page.close();
});

test('STOP typed in the virtual phone makes the next send fail with DESTINATION_PHONE_NUMBER_OPTED_OUT', async () => {
  const n = await simulatorNumber(client);
  await client.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'Your code is 135790', OriginationIdentity: n.id }));
  const { page, errors } = await laptopPage(browser);
  await page.goto(`${server.url}/_local/console#/phones/${encodeURIComponent(HANDSET)}`);
  await page.locator('ol.conversation li.received', { hasText: 'Your code is 135790' }).waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('ol.conversation mark', { hasText: '135790' }).count(), 1);
  await page.getByLabel('Reply to').fill(n.number);
  await page.getByLabel('Message').fill('STOP');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.getByRole('status').getByText('Keyword STOP: OPT_OUT').waitFor({ timeout: TIMEOUT });
  // The STOP and the service's confirmation appear in the conversation without reload.
  await page.locator('ol.conversation li.sent', { hasText: 'STOP' }).waitFor({ timeout: TIMEOUT });
  await page.locator('ol.conversation li.received').nth(1).waitFor({ timeout: TIMEOUT });
  await screenshot(page, 'virtual-phone-stop');

  const refused = await rejectionOf(() =>
    client.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'Still there?', OriginationIdentity: n.id })),
  );
  assert.equal(refused.name, 'ConflictException');
  assert.equal(refused.Reason, 'DESTINATION_PHONE_NUMBER_OPTED_OUT');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a fault makes a delivery fail twice and then succeed, visible on the page', async () => {
  const set = await setWithDestination();
  const { page, errors } = await laptopPage(browser);
  await page.goto(`${server.url}/_local/console#/faults`);
  await page.getByLabel('Destination').selectOption(`${set}/to-sns`);
  await page.getByLabel('N', { exact: true }).fill('2');
  await page.getByLabel('AWS error').fill('ThrottlingException');
  await page.getByRole('button', { name: 'Add fault' }).click();
  await page
    .getByRole('status')
    .getByText(/Added fault-\d+/)
    .waitFor({ timeout: TIMEOUT });
  // Another handset than the STOP test's, which is opted out.
  const sent = await client.send(
    new SendTextMessageCommand({ DestinationPhoneNumber: '+12065550177', MessageBody: 'through a fault', ConfigurationSetName: set }),
  );

  await page.goto(`${server.url}/_local/console#/messages/${sent.MessageId}`);
  const attempts = page.locator('li[data-event-type="TEXT_QUEUED"] .delivery[data-destination="to-sns"] tr.attempt');
  await attempts.nth(2).waitFor({ timeout: TIMEOUT });
  const texts = await attempts.allInnerTexts();
  assert.equal(texts.length, 3);
  assert.match(texts[0], /^1\s+failed, retried.*ThrottlingException: failure injected/s);
  assert.match(texts[1], /^2\s+failed, retried.*ThrottlingException/s);
  assert.match(texts[2], /^3\s+captured/);
  await page.locator('li[data-event-type="TEXT_DELIVERED"] tr.attempt.captured').waitFor({ timeout: TIMEOUT });
  await screenshot(page, 'fault-fails-twice-then-succeeds');

  await page.goto(`${server.url}/_local/console#/faults`);
  await page.locator('td', { hasText: `${set}/to-sns` }).waitFor({ timeout: TIMEOUT });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a server restart neither loses nor duplicates rows in an open page', async () => {
  const port = await freePort();
  const databaseUrl = tempDatabaseUrl();
  const env = { PORT: String(port), DATABASE_URL: databaseUrl, SEED_FILE: sendingSeed(), EVENT_STEP_DELAY_MS: '0' };
  let own = await startServer(env);
  const c = clientFor(own.url);
  const send = async (body: string) => (await c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: body }))).MessageId!;
  const { page, errors } = await laptopPage(browser);
  try {
    await page.goto(`${own.url}/_local/console`);
    await page.getByTestId('connection').getByText('Live').waitFor({ timeout: TIMEOUT });
    const ids = [await send('before restart 1'), await send('before restart 2')];
    await page.locator(`tr[data-message-id="${ids[1]}"]`).waitFor({ timeout: TIMEOUT });

    assert.equal(await own.stop(), 0);
    await page.getByTestId('connection').getByText('Reconnecting…').waitFor({ timeout: TIMEOUT });
    own = await startServer(env);
    // Sent before the page reconnects: it must catch up on them from the store.
    ids.push(await send('after restart 1'), await send('after restart 2'));
    await page.locator(`tr[data-message-id="${ids[3]}"]`).waitFor({ timeout: TIMEOUT });
    await page.getByTestId('connection').getByText('Live').waitFor({ timeout: TIMEOUT });
    ids.push(await send('after reconnect'));
    await page.locator(`tr[data-message-id="${ids[4]}"]`).waitFor({ timeout: TIMEOUT });

    const shown = await page.locator('tbody tr[data-message-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-message-id')));
    assert.deepEqual([...shown].sort(), [...ids].sort(), 'every message once, none lost');
    assert.equal(await page.locator('td', { hasText: TEST_ORIGINATION_NUMBER }).count(), 5);
    await screenshot(page, 'restart-no-loss-no-duplicates');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await own.stop();
  }
});

test('resources list configuration sets without destinations; the feed shows ISO-like times and truncates long bodies', async () => {
  const bare = `console-bare-${++sets}`;
  await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: bare }));
  const body = `Long body ${'abcdefghij'.repeat(30)} end`;
  const sent = await client.send(new SendTextMessageCommand({ DestinationPhoneNumber: '+12065550166', MessageBody: body }));
  const { page, errors } = await laptopPage(browser);
  await page.goto(`${server.url}/_local/console#/resources`);
  const setsTable = page.getByRole('table', { name: 'Configuration sets' });
  await setsTable.locator('td', { hasText: bare }).waitFor({ timeout: TIMEOUT });
  await page.getByText(`No event destinations in ${bare}.`).waitFor({ timeout: TIMEOUT });
  await screenshot(page, 'resources-bare-configuration-set');

  await page.goto(`${server.url}/_local/console`);
  const row = page.locator(`tr[data-message-id="${sent.MessageId}"]`);
  await row.waitFor({ timeout: TIMEOUT });
  assert.match((await row.getByRole('link').textContent())!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
  const cell = (await row.locator('td.body').textContent())!;
  assert.ok(cell.endsWith('…') && cell.length < body.length, `truncated: ${cell.length} of ${body.length} characters`);
  await row.getByRole('link').click();
  assert.equal(await page.locator('dd.body').textContent(), body);
  assert.equal(await page.locator('link[rel="icon"]').getAttribute('href'), 'data:,');
  assert.deepEqual(errors, []);
  await page.close();
});
