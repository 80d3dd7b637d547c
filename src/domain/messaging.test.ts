import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { messageParts } from './message-parts.js';
import { isoCountryOf } from './phone.js';
import { outcomeFor, SIMULATOR_DESTINATION_NUMBERS } from './simulator.js';

describe('message parts', () => {
  test('GSM-7 up to 160 septets is one part, then 153 per part; extension characters count twice', () => {
    assert.deepEqual(messageParts('a'.repeat(160)), { encoding: 'GSM', parts: 1 });
    assert.deepEqual(messageParts('a'.repeat(161)), { encoding: 'GSM', parts: 2 });
    assert.deepEqual(messageParts('a'.repeat(306)), { encoding: 'GSM', parts: 2 });
    assert.deepEqual(messageParts('a'.repeat(307)), { encoding: 'GSM', parts: 3 });
    assert.deepEqual(messageParts('€'.repeat(80)), { encoding: 'GSM', parts: 1 });
    assert.deepEqual(messageParts('€'.repeat(81)), { encoding: 'GSM', parts: 2 });
  });

  test('anything outside GSM-7 is UCS-2: 70 units in one part, then 67', () => {
    assert.deepEqual(messageParts('ж'.repeat(70)), { encoding: 'UCS2', parts: 1 });
    assert.deepEqual(messageParts('ж'.repeat(71)), { encoding: 'UCS2', parts: 2 });
    assert.deepEqual(messageParts('😀'.repeat(35)), { encoding: 'UCS2', parts: 1 });
    assert.deepEqual(messageParts('😀'.repeat(36)), { encoding: 'UCS2', parts: 2 });
  });
});

describe('phone numbers and outcomes', () => {
  test('country from the number', () => {
    assert.equal(isoCountryOf('+14254147755'), 'US');
    assert.equal(isoCountryOf('447860019066'), 'GB');
    assert.equal(isoCountryOf('+999123'), undefined);
  });

  test('every documented simulator number gives its outcome, and lies in its country', () => {
    for (const [country, [success, failure]] of Object.entries(SIMULATOR_DESTINATION_NUMBERS)) {
      assert.equal(outcomeFor('TEXT', success), 'DELIVERED', success);
      assert.equal(outcomeFor('TEXT', failure), 'BLOCKED', failure);
      assert.equal(outcomeFor('MEDIA', failure), 'BLOCKED', failure);
      assert.equal(isoCountryOf(success), country, success);
    }
  });

  test('local outcome numbers, and ordinary numbers are delivered', () => {
    assert.equal(outcomeFor('TEXT', '+13125550102'), 'CARRIER_UNREACHABLE');
    assert.equal(outcomeFor('TEXT', '+12065550104'), 'TTL_EXPIRED');
    assert.equal(outcomeFor('VOICE', '+12065550110'), 'BUSY');
    assert.equal(outcomeFor('VOICE', '+12065550101'), 'COMPLETED');
    assert.equal(outcomeFor('TEXT', '+12065550110'), 'DELIVERED');
    assert.equal(outcomeFor('TEXT', '+12065551234'), 'DELIVERED');
  });
});
