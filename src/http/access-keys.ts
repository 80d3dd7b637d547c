// SigV4 access keys from the configuration (AUTH_KEYS).
import { ACCOUNT_ID_PATTERN } from '../domain/scope.js';

export interface AccessKey {
  secretAccessKey: string;
  /** The account this key belongs to; the default account when absent. */
  accountId?: string;
}

/** Parses `AKID:SECRET[:ACCOUNT],...` (AUTH_KEYS). */
export function parseAccessKeys(raw: string | undefined): Map<string, AccessKey> {
  const keys = new Map<string, AccessKey>();
  for (const entry of (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [accessKeyId, secretAccessKey, accountId, ...rest] = entry.split(':');
    if (!accessKeyId || !secretAccessKey || rest.length || (accountId !== undefined && !ACCOUNT_ID_PATTERN.test(accountId))) {
      throw new Error('AUTH_KEYS entries look like ACCESSKEY:SECRET or ACCESSKEY:SECRET:123456789012');
    }
    keys.set(accessKeyId, { secretAccessKey, ...(accountId && { accountId }) });
  }
  return keys;
}
