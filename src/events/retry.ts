/** Exponential backoff with full jitter on the upper half: attempt 1 waits about base, then doubles to max. */
export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  /** A delivery still failing this long after it was routed is marked failed. */
  maxAgeMs: number;
}

export function backoffMs(policy: RetryPolicy, attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
