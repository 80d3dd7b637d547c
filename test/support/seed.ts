// Seed files for tests that send: a known origination number, created at start-up (SEED_FILE).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The US long code every sending test originates from. */
export const TEST_ORIGINATION_NUMBER = '+12065550100';

/** Writes a seed file and returns its path. */
export function seedFile(seed: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sms-voice-local-seed-')), 'seed.json');
  writeFileSync(path, JSON.stringify(seed));
  return path;
}

/** A seed with one active US long code (SMS, voice, MMS; international sending on) in the default account and region. */
export function sendingSeed(): string {
  return seedFile({
    phoneNumbers: [
      {
        PhoneNumber: TEST_ORIGINATION_NUMBER,
        IsoCountryCode: 'US',
        MessageType: 'TRANSACTIONAL',
        NumberCapabilities: ['SMS', 'VOICE', 'MMS'],
        NumberType: 'LONG_CODE',
        InternationalSendingEnabled: true,
      },
    ],
  });
}
