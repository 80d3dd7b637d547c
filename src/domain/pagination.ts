// Opaque NextToken values that encode a stable key position (the last name returned), not an offset.
import { ValidationException } from '../generated/errors.js';

interface TokenBody {
  v: 1;
  after: string;
}

export function encodeNextToken(afterName: string): string {
  const body: TokenBody = { v: 1, after: afterName };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

/** Decodes a NextToken; an unreadable one is a ValidationException with Reason INVALID_NEXT_TOKEN. */
export function decodeNextToken(token: string): string {
  try {
    const body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<TokenBody>;
    if (body.v === 1 && typeof body.after === 'string' && encodeNextToken(body.after) === token) return body.after;
  } catch {
    // fall through to the error below
  }
  throw new ValidationException({ message: 'The NextToken is not valid', Reason: 'INVALID_NEXT_TOKEN' });
}
