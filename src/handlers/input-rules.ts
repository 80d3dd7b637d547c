// Input rules shared by families that the model cannot express.
import { ValidationException } from '../generated/errors.js';
import { MAX_TIMESTAMP_SECONDS } from '../domain/clock.js';

/**
 * A list member whose values must not repeat (MatchingEventTypes, NumberCapabilities): AWS does not
 * document a repeat; stored, it would not round-trip as given, so it is refused rather than merged.
 * @throws ValidationException INVALID_PARAMETER naming the first repeated entry, e.g. `NumberCapabilities[2]`
 */
export function checkNoRepeats(member: string, values: readonly string[] = []): void {
  const i = values.findIndex((value, at) => values.indexOf(value) < at);
  if (i < 0) return;
  const message = `${values[i]} is given more than once`;
  throw new ValidationException({ message, Reason: 'INVALID_PARAMETER', Fields: [{ Name: `${member}[${i}]`, Message: message }] });
}

/**
 * A timestamp input (epoch seconds) that must lie in the future (after `now`, epoch ms) and no
 * later than 9999-12-31T23:59:59Z, the last instant SDKs represent; the one check for every
 * timestamp member of an input (the model has one: ExpirationTimestamp of a number override).
 * @returns the timestamp in epoch ms
 * @throws ValidationException INVALID_PARAMETER naming the member
 */
export function futureTimestampMs(member: string, seconds: number, now: number): number {
  const refuse = (message: string) => new ValidationException({ message, Reason: 'INVALID_PARAMETER', Fields: [{ Name: member, Message: message }] });
  if (seconds > MAX_TIMESTAMP_SECONDS) throw refuse(`${member} must be no later than 9999-12-31T23:59:59Z (${MAX_TIMESTAMP_SECONDS})`);
  const ms = Math.round(seconds * 1000);
  if (ms <= now) throw refuse(`${member} must be in the future`);
  return ms;
}
