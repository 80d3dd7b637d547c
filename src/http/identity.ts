// The caller's account and region. The region comes from the SigV4 credential scope in the
// Authorization header; the account from the access key through the configured map.
import type { Scope } from '../storage/store.js';

export interface IdentityConfig {
  defaultRegion: string;
  defaultAccountId: string;
  accounts: Record<string, string>;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([A-Za-z0-9-]{1,64})\/[^/,\s]+\/aws4_request/;

export function scopeFromAuthorization(authorization: string | undefined, config: IdentityConfig): Scope {
  const match = authorization ? CREDENTIAL.exec(authorization) : null;
  if (!match) return { accountId: config.defaultAccountId, region: config.defaultRegion };
  const [, accessKeyId, region] = match;
  return { accountId: config.accounts[accessKeyId] ?? config.defaultAccountId, region };
}
