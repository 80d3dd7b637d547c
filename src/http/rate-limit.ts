/** A token bucket per account: `ratePerSecond` requests a second on average, bursts up to the same number. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly ratePerSecond: number) {}

  /** Takes one token for the account; false when its bucket is empty. */
  take(account: string, now: number): boolean {
    const bucket = this.buckets.get(account) ?? { tokens: this.ratePerSecond, at: now };
    bucket.tokens = Math.min(this.ratePerSecond, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    this.buckets.set(account, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
