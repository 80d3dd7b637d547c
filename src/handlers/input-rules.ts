// Input rules shared by families that the model cannot express.
import { ValidationException } from '../generated/errors.js';

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
