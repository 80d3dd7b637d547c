// The caller's account and region. The region comes from the SigV4 credential scope in the
// Authorization header; the account from the access key through the configured map.
import { REGION_PATTERN } from '../domain/scope.js';
import type { Scope } from '../storage/store.js';
import { ownValue } from '../domain/own-value.js';

export interface IdentityConfig {
  defaultRegion: string;
  defaultAccountId: string;
  accounts: Record<string, string>;
}

const CREDENTIAL = new RegExp(`Credential=([^/,\\s]+)/\\d{8}/(${REGION_PATTERN.source.slice(1, -1)})/[^/,\\s]+/aws4_request`);

export function scopeFromAuthorization(authorization: string | undefined, config: IdentityConfig): Scope {
  const match = authorization ? CREDENTIAL.exec(authorization) : null;
  if (!match) return { accountId: config.defaultAccountId, region: config.defaultRegion };
  const [, accessKeyId, region] = match;
  return { accountId: ownValue(config.accounts, accessKeyId) ?? config.defaultAccountId, region };
}
