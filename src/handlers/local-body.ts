// The JSON bodies of the local POST routes (/_local/inbound, /_local/faults): one object of known
// members, each checked the same way.
import { serializationError } from '../protocol/framework-errors.js';
import { MAX_BODY_DEPTH, nestsDeeperThan } from '../protocol/json10.js';
import { invalid } from './local-views.js';

/** A member of a body: whether it is required, and its check (the reason a value is refused, or undefined). */
export interface BodyMember {
  required?: boolean;
  check(v: unknown): string | undefined;
}

/**
 * Parses `body` as a JSON object of `members` and no others, every value checked.
 * @param example a body to show when this one is not JSON
 * @throws SerializationException (400) for a body that is not JSON; ValidationException (400) naming the member at fault
 */
export function readJsonBody(body: Buffer, members: Record<string, BodyMember>, example: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw serializationError(`The body is not JSON: send ${example}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('body', 'must be a JSON object');
  if (nestsDeeperThan(parsed, MAX_BODY_DEPTH)) throw serializationError(`The body nests deeper than ${MAX_BODY_DEPTH} levels: send ${example}`);
  const input = parsed as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(members, key)) throw invalid(key, `unknown member; use ${Object.keys(members).join(', ')}`);
  }
  for (const [key, member] of Object.entries(members)) {
    if (input[key] === undefined) {
      if (member.required) throw invalid(key, 'is required');
      continue;
    }
    const problem = member.check(input[key]);
    if (problem) throw invalid(key, problem);
  }
  return input;
}
