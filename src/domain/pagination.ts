// Opaque NextToken values that encode a stable key position (the last key returned), not an offset,
// bound to the list they page: a token of another operation, or of another parent's list, is refused.
import { ValidationException } from '../generated/errors.js';

interface TokenBody {
  v: 1;
  /** The list the token pages: an operation name, with its parent where it pages one parent's children. */
  list: string;
  after: string;
}

/** A NextToken for the page after `afterKey` in the list named `list`. */
export function encodeNextToken(list: string, afterKey: string): string {
  const body: TokenBody = { v: 1, list, after: afterKey };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/**
 * The key position in a NextToken that `encodeNextToken(list, ...)` gave; a token that is
 * unreadable, or that pages another list, is a ValidationException with Reason INVALID_NEXT_TOKEN.
 */
export function decodeNextToken(list: string, token: string): string {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    if (body.v === 1 && body.list === list && typeof body.after === 'string' && encodeNextToken(list, body.after) === token) return body.after;
  } catch {
    // fall through to the error below
  }
  throw new ValidationException({ message: 'The NextToken is not valid for this request', Reason: 'INVALID_NEXT_TOKEN' });
}
