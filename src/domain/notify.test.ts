import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notifyCatalogue } from './notify-catalogue.js';
import { notifyStatusAt, resolveTemplate, screenDisplayName, type NotifyConfigurationRecord } from './notify.js';

const blocked = notifyCatalogue().blockedDisplayNameWords;

test('display names: URLs, names without a letter and blocked words are rejected', () => {
  const cases: [string, boolean][] = [
    ['ExampleApp', true],
    ['My Shop 24', true],
    ['www example', false],
    ['https-login', false],
    ['1234 567', false],
    ['--__--', false],
    ['Scam Alerts', false],
    ['Scampi Bar', true],
  ];
  for (const [name, passes] of cases) assert.equal(screenDisplayName(name, blocked) === undefined, passes, name);
});

test('status: PENDING until reviewed, then ACTIVE or REJECTED', () => {
  const c = { reviewedAt: 1000 } as NotifyConfigurationRecord;
  assert.equal(notifyStatusAt(c, 999), 'PENDING');
  assert.equal(notifyStatusAt(c, 1000), 'ACTIVE');
  assert.equal(notifyStatusAt({ ...c, rejectionReason: 'no' }, 1000), 'REJECTED');
});

test('templates: variables substituted, defaults and system values used, every failure reported', () => {
  const t = notifyCatalogue().templates.get('notify-otp-sms-en-001')!;
  const system = { appName: 'Example' };
  assert.deepEqual(resolveTemplate(t, { code: '123456' }, system), {
    body: 'Example: your verification code is 123456. It expires in 10 minutes.',
    failures: [],
  });
  assert.equal(resolveTemplate(t, { code: 'abc123', expiryMinutes: '5' }, system).body, 'Example: your verification code is abc123. It expires in 5 minutes.');
  const cases: [Record<string, string>, string[]][] = [
    [{}, ['MISSING_PARAMETER:code']],
    [{ code: '12' }, ['INVALID_PARAMETER:code']],
    [{ code: '12345678901' }, ['INVALID_PARAMETER:code']],
    [{ code: '123456', expiryMinutes: '0' }, ['INVALID_PARAMETER:expiryMinutes']],
    [{ code: '123456', expiryMinutes: '1.5' }, ['INVALID_PARAMETER:expiryMinutes']],
    [{ code: '123456', appName: 'x' }, ['INVALID_PARAMETER:appName']],
    [{ code: '123456', other: 'x' }, ['INVALID_PARAMETER:other']],
  ];
  for (const [given, expected] of cases) {
    const { failures } = resolveTemplate(t, given, system);
    assert.deepEqual(
      failures.map((f) => `${f.reason}:${f.variable}`),
      expected,
      JSON.stringify(given),
    );
  }
});
