// The simulated handset: STOP, HELP, custom keyword and OPT_IN round trips through /_local/inbound,
// self-managed opt-outs, the conversation view, and hostile inbound bodies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateConfigurationSetCommand,
  DescribeOptedOutNumbersCommand,
  PutKeywordCommand,
  PutOptedOutNumberCommand,
  SendTextMessageCommand,
  UpdatePhoneNumberCommand,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';
import { localEvents } from '../support/events.js';
import { conversation, HANDSET, inbound, reply, simulatorNumber } from '../support/handset.js';

let server: ServerProcess;
before(async () => {
  server = await startServer({ EVENT_STEP_DELAY_MS: '0' });
});
after(async () => {
  await server.stop();
});
let regions = 0;
function fresh(): { c: PinpointSMSVoiceV2Client; region: string } {
  const region = `handset-region-${++regions}`;
  return { c: clientFor(server.url, { region }), region };
}
const optedOut = async (c: PinpointSMSVoiceV2Client, list = 'Default') =>
  (await c.send(new DescribeOptedOutNumbersCommand({ OptOutListName: list }))).OptedOutNumbers!.map((e) => [e.OptedOutNumber, e.EndUserOptedOut]);

test('send, reply STOP, send again: refused; the STOP reply is in the conversation', async () => {
  const { c, region } = fresh();
  const n = await simulatorNumber(c);
  const sent = await c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'Your code is 123456', OriginationIdentity: n.id }));
  const stop = await reply(server.url, n.number, 'stop please', HANDSET, { region, previousPublishedMessageId: sent.MessageId! });
  assert.equal(stop.keyword, 'STOP');
  assert.equal(stop.action, 'OPT_OUT');
  assert.ok(stop.messageId);
  assert.deepEqual(await optedOut(c), [[HANDSET, true]]);
  const refused = await rejectionOf(() =>
    c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'again', OriginationIdentity: n.id })),
  );
  assert.equal(refused.Reason, 'DESTINATION_PHONE_NUMBER_OPTED_OUT');

  const talk = await conversation(server.url, HANDSET, { region });
  assert.deepEqual(
    talk.map((m) => [m.direction, m.originationNumber, m.destinationNumber, m.messageBody, m.status]),
    [
      ['OUTBOUND', n.number, HANDSET, 'Your code is 123456', 'DELIVERED'],
      ['INBOUND', HANDSET, n.number, 'stop please', 'RECEIVED'],
      ['OUTBOUND', n.number, HANDSET, 'You have been unsubscribed and will receive no further messages from this number.', 'DELIVERED'],
    ],
  );
  assert.equal(talk[1].messageId, stop.inboundMessageId);
  assert.equal(talk[2].messageId, stop.messageId);
  // The reply is a real message with its events.
  assert.ok((await localEvents(server.url, { messageId: stop.messageId! })).length > 0);
});

test('every required opt-out word opts out, in any case', async () => {
  const { c, region } = fresh();
  const n = await simulatorNumber(c);
  for (const [i, word] of ['ARRET', 'cancel', 'End', 'OPT-OUT', 'optout', 'Quit', 'remove', 'TD', 'unsubscribe'].entries()) {
    const handset = `+1425555${String(1000 + i)}`;
    const answer = await reply(server.url, n.number, `${word} now`, handset, { region });
    assert.equal(answer.action, 'OPT_OUT', word);
    assert.equal(answer.keyword, word.toUpperCase());
  }
  assert.equal((await optedOut(c)).length, 9);
  // Not a keyword at the start: nothing happens.
  const none = await reply(server.url, n.number, 'please do not stop', '+14255552000', { region });
  assert.deepEqual([none.action, none.keyword, none.messageId], ['NONE', undefined, undefined]);
});

test('HELP answers its message; a custom keyword answers; a START OPT_IN keyword opts back in', async () => {
  const { c, region } = fresh();
  const n = await simulatorNumber(c);
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'HELP', KeywordMessage: 'Help: call 555-0100' }));
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'HOURS', KeywordMessage: 'Open 9-5' }));
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'START', KeywordMessage: 'Welcome back', KeywordAction: 'OPT_IN' }));
  const help = await reply(server.url, n.number, 'help', HANDSET, { region });
  assert.deepEqual([help.keyword, help.action], ['HELP', 'AUTOMATIC_RESPONSE']);
  const hours = await reply(server.url, n.number, 'Hours?', HANDSET, { region });
  assert.deepEqual([hours.keyword, hours.action], ['HOURS', 'AUTOMATIC_RESPONSE'], 'punctuation after a keyword is what a phone user types');
  const notHours = await reply(server.url, n.number, 'Hoursx', HANDSET, { region });
  assert.equal(notHours.action, 'NONE', 'HOURSX is not the word HOURS');
  const hours2 = await reply(server.url, n.number, 'hours today', HANDSET, { region });
  assert.deepEqual([hours2.keyword, hours2.action], ['HOURS', 'AUTOMATIC_RESPONSE']);

  await reply(server.url, n.number, 'STOP', HANDSET, { region });
  assert.deepEqual(await optedOut(c), [[HANDSET, true]]);
  const start = await reply(server.url, n.number, 'start', HANDSET, { region });
  assert.deepEqual([start.keyword, start.action], ['START', 'OPT_IN']);
  assert.deepEqual(await optedOut(c), []);
  await c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'welcome', OriginationIdentity: n.id }));

  const replies = (await conversation(server.url, HANDSET, { region })).filter((m) => m.direction === 'OUTBOUND').map((m) => m.messageBody);
  assert.deepEqual(replies, [
    'Help: call 555-0100',
    'Open 9-5',
    'Open 9-5',
    'You have been unsubscribed and will receive no further messages from this number.',
    'Welcome back',
    'welcome',
  ]);
});

test('a reply to a message sent with a configuration set goes through that set', async () => {
  const { c, region } = fresh();
  const n = await simulatorNumber(c);
  await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'replies' }));
  const sent = await c.send(
    new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'hi', OriginationIdentity: n.id, ConfigurationSetName: 'replies' }),
  );
  const help = await reply(server.url, n.number, 'HELP', HANDSET, { region, previousPublishedMessageId: sent.MessageId! });
  const talk = await conversation(server.url, HANDSET, { region });
  assert.equal(talk.find((m) => m.messageId === help.messageId)?.configurationSetName, 'replies');
  const noPrevious = await reply(server.url, n.number, 'HELP', HANDSET, { region });
  assert.equal((await conversation(server.url, HANDSET, { region })).find((m) => m.messageId === noPrevious.messageId)?.configurationSetName, undefined);
});

test('self-managed opt-outs: STOP and HELP do nothing, listed numbers stay blocked, custom answers still go', async () => {
  const { c, region } = fresh();
  const n = await simulatorNumber(c);
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'HOURS', KeywordMessage: 'Open 9-5' }));
  const updated = await c.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n.id, SelfManagedOptOutsEnabled: true }));
  assert.equal(updated.SelfManagedOptOutsEnabled, true);
  for (const body of ['STOP', 'HELP', 'quit']) {
    const answer = await reply(server.url, n.number, body, HANDSET, { region });
    assert.equal(answer.action, 'NONE', body);
    assert.equal(answer.messageId, undefined);
  }
  assert.deepEqual(await optedOut(c), []);
  await c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'still allowed', OriginationIdentity: n.id }));
  assert.equal((await reply(server.url, n.number, 'hours', HANDSET, { region })).action, 'AUTOMATIC_RESPONSE');
  // The application records the opt-out itself; the list is still honoured.
  await c.send(new PutOptedOutNumberCommand({ OptOutListName: 'Default', OptedOutNumber: HANDSET }));
  const refused = await rejectionOf(() =>
    c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'blocked', OriginationIdentity: n.id })),
  );
  assert.equal(refused.Reason, 'DESTINATION_PHONE_NUMBER_OPTED_OUT');
});

test('the conversation view pages oldest first and is scoped by account and region', async () => {
  const { c, region } = fresh();
  const n = await simulatorNumber(c);
  const handset = '+14255553000';
  for (let i = 0; i < 5; i++) await reply(server.url, n.number, `message ${i}`, handset, { region });
  const res = await fetch(`${server.url}/_local/handsets/${encodeURIComponent(handset)}/messages?region=${region}&limit=2`);
  const first = (await res.json()) as { messages: { messageBody: string }[]; nextToken: string };
  assert.deepEqual(
    first.messages.map((m) => m.messageBody),
    ['message 0', 'message 1'],
  );
  assert.deepEqual(
    (await conversation(server.url, handset, { region, limit: '2' })).map((m) => m.messageBody),
    [0, 1, 2, 3, 4].map((i) => `message ${i}`),
  );
  assert.deepEqual(await conversation(server.url, handset, { region: 'elsewhere-1' }), []);
  // `last`: the latest messages, as a phone's screen shows them, still oldest first.
  const latest = await fetch(`${server.url}/_local/handsets/${encodeURIComponent(handset)}/messages?region=${region}&last=2`);
  const shown = (await latest.json()) as { messages: { messageBody: string }[]; nextToken?: string };
  assert.deepEqual(
    shown.messages.map((m) => m.messageBody),
    ['message 3', 'message 4'],
  );
  assert.equal(shown.nextToken, undefined);
  for (const q of ['last=0', 'last=1001', 'last=2&limit=2', 'last=2&last=3']) {
    assert.equal((await fetch(`${server.url}/_local/handsets/${encodeURIComponent(handset)}/messages?${q}`)).status, 400, q);
  }
  const bad = await fetch(`${server.url}/_local/handsets/12345/messages`);
  assert.equal(bad.status, 400);
  const badParam = await fetch(`${server.url}/_local/handsets/${encodeURIComponent(handset)}/messages?limit=0`);
  assert.equal(badParam.status, 400);
});

test('hostile inbound bodies: a clear 4xx, never a 5xx, and nothing changes', async () => {
  const { c, region } = fresh();
  const n = await simulatorNumber(c);
  const valid = { originationNumber: HANDSET, destinationNumber: n.number, messageBody: 'STOP', region };
  // ResourceNotFoundException is a 400 in this API, as every modelled client error is.
  const bodies: [unknown, number][] = [
    ['not json', 400],
    ['', 400],
    ['[]', 400],
    ['null', 400],
    ['"STOP"', 400],
    [{}, 400],
    [{ ...valid, originationNumber: '14254147755' }, 400],
    [{ ...valid, originationNumber: '+0123' }, 400],
    [{ ...valid, destinationNumber: 'phone-1' }, 400],
    [{ ...valid, destinationNumber: '+14255550000' }, 400],
    [{ ...valid, messageBody: '' }, 400],
    [{ ...valid, messageBody: 'x'.repeat(1601) }, 400],
    [{ ...valid, messageBody: 42 }, 400],
    [{ ...valid, messageBody: ['STOP'] }, 400],
    [{ ...valid, previousPublishedMessageId: 'has spaces in it' }, 400],
    [{ ...valid, region: '../etc' }, 400],
    [{ ...valid, account: '12' }, 400],
    [{ ...valid, extra: true }, 400],
    [JSON.stringify(valid).replace('{', '{"__proto__": {"polluted": 1}, '), 400],
    [JSON.stringify(valid).replace('{', '{"constructor": {"prototype": {"x": 1}}, '), 400],
    [{ ...valid, region: 'another-region-1' }, 400],
  ];
  for (const [body, status] of bodies) {
    const answer = await inbound(server.url, body);
    assert.equal(answer.status, status, `${JSON.stringify(body)}: ${JSON.stringify(answer.json)}`);
    assert.ok(typeof answer.json.__type === 'string' && typeof answer.json.message === 'string');
  }
  const wrongMethod = await fetch(`${server.url}/_local/inbound`);
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.get('allow'), 'POST');
  assert.deepEqual(await conversation(server.url, HANDSET, { region }), []);
  assert.deepEqual(await optedOut(c), []);
});

test('messageBody counts characters, not UTF-16 code units: 1600 emoji are taken, 1601 refused', async () => {
  const { c, region } = fresh();
  const n = await simulatorNumber(c);
  const taken = await inbound(server.url, { originationNumber: HANDSET, destinationNumber: n.number, messageBody: '😀'.repeat(1600), region });
  assert.equal(taken.status, 200, JSON.stringify(taken.json));
  const refused = await inbound(server.url, { originationNumber: HANDSET, destinationNumber: n.number, messageBody: '😀'.repeat(1601), region });
  assert.equal(refused.status, 400);
  assert.deepEqual(
    (await conversation(server.url, HANDSET, { region })).map((m) => [...(m.messageBody ?? '')].length),
    [1600],
  );
});
