import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal requests hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The fingerprint of a request for ClientToken idempotency: every member but the token itself. */
export function requestHash(operation: string, input: Record<string, unknown>, tokenMember: string): string {
  const { [tokenMember]: _token, ...rest } = input;
  return createHash('sha256').update(operation).update('\n').update(canonicalJson(rest)).digest('hex');
}
