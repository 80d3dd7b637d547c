// Which outcome a destination number gets. Two sources: AWS's documented simulator destination
// numbers (success or failure per country), and sms-voice-local's own outcome numbers in the
// fictional +1 NXX 555-01NN range, for outcomes AWS documents no number for.

/** AWS simulator destination numbers (User Guide, test-phone-numbers.html): [success, failure] per country. */
export const SIMULATOR_DESTINATION_NUMBERS: Record<string, readonly [success: string, failure: string]> = {
  AU: ['+61455944038', '+61455944039'],
  AT: ['+43676800442031', '+43676800442032'],
  BE: ['+32460213922', '+32460213923'],
  CL: ['+56229140630', '+56229140631'],
  CZ: ['+420790542286', '+420790542287'],
  DK: ['+4525919410', '+4525919215'],
  EE: ['+37282720792', '+37282720793'],
  FI: ['+3584573979110', '+3584573979111'],
  FR: ['+33755512501', '+33755512502'],
  HK: ['+85257048426', '+85257048854'],
  HU: ['+36707178770', '+36707178772'],
  IT: ['+394390009172', '+394390009174'],
  JE: ['+447937404990', '+447937404992'],
  LU: ['+352691385880', '+352691385882'],
  NL: ['+3197008100148', '+3197008100150'],
  NO: ['+4759449384', '+4759449387'],
  PL: ['+48732141440', '+48732141442'],
  PT: ['+351927946948', '+351927946950'],
  RO: ['+40783900330', '+40783900332'],
  ES: ['+34683783440', '+34683783442'],
  SE: ['+46790645100', '+46790645102'],
  CH: ['+41798075872', '+41798075874'],
  TW: ['+886903444630', '+886903444632'],
  GB: ['+447860019066', '+447860019067'],
  US: ['+14254147755', '+14254147167'],
};

const simulatorOutcome = new Map<string, 'success' | 'failure'>(
  Object.values(SIMULATOR_DESTINATION_NUMBERS).flatMap(([s, f]) => [
    [s, 'success'],
    [f, 'failure'],
  ]),
);

export type Channel = 'TEXT' | 'VOICE' | 'MEDIA';

/**
 * The final statuses a message reaches: text/media message statuses (PROTECT_BLOCKED: a text a
 * protect configuration's FILTER rule stopped, domain/protect.ts), then voice call statuses. The
 * `/_local/messages` outcome filter and the console take their choices from this list.
 */
export const OUTCOMES = [
  'DELIVERED',
  'BLOCKED',
  'CARRIER_UNREACHABLE',
  'UNREACHABLE',
  'TTL_EXPIRED',
  'INVALID',
  'SPAM',
  'CARRIER_BLOCKED',
  'UNKNOWN',
  'INVALID_MESSAGE',
  'PROTECT_BLOCKED',
  'COMPLETED',
  'BUSY',
  'NO_ANSWER',
  'FAILED',
] as const;

/** The final status a message reaches: one of OUTCOMES. */
export type Outcome = (typeof OUTCOMES)[number];

/** sms-voice-local outcome numbers: +1, any area code, then 55501NN. */
const LOCAL_OUTCOME_NUMBER = /^\+1\d{3}55501(\d\d)$/;

/** NN of +1 NXX 555-01NN -> outcome, for text and media messages. */
export const LOCAL_TEXT_OUTCOMES: Record<string, Outcome> = {
  '01': 'BLOCKED',
  '02': 'CARRIER_UNREACHABLE',
  '03': 'UNREACHABLE',
  '04': 'TTL_EXPIRED',
  '05': 'INVALID',
  '06': 'SPAM',
  '07': 'CARRIER_BLOCKED',
  '08': 'UNKNOWN',
  '09': 'INVALID_MESSAGE',
};

/** NN of +1 NXX 555-01NN -> outcome, for voice calls. */
export const LOCAL_VOICE_OUTCOMES: Record<string, Outcome> = {
  '04': 'TTL_EXPIRED',
  '10': 'BUSY',
  '11': 'NO_ANSWER',
  '12': 'FAILED',
};

export function outcomeFor(channel: Channel, destination: string): Outcome {
  const success: Outcome = channel === 'VOICE' ? 'COMPLETED' : 'DELIVERED';
  const simulated = simulatorOutcome.get(destination);
  if (simulated) return simulated === 'success' ? success : channel === 'VOICE' ? 'FAILED' : 'BLOCKED';
  const local = LOCAL_OUTCOME_NUMBER.exec(destination)?.[1];
  const table = channel === 'VOICE' ? LOCAL_VOICE_OUTCOMES : LOCAL_TEXT_OUTCOMES;
  return (local && table[local]) || success;
}

/** True for AWS's simulator destination numbers and sms-voice-local's outcome numbers: never handed out as origination numbers. */
export function isDestinationOutcomeNumber(e164: string): boolean {
  return simulatorOutcome.has(e164) || LOCAL_OUTCOME_NUMBER.test(e164);
}
