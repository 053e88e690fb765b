/** Same shape as the client's buckets: `burst` at once, then one more every `refillEveryMs`. */
export interface BucketSpec {
  burst: number;
  refillEveryMs: number;
}

/**
 * The fake's own limiter, continuous rather than ticked, so it measures exactly what arrives. Time comes
 * from the fake's `now()`; these limits exist to be tripped by real concurrency, so tests normally
 * pass real time and shrink the numbers.
 */
export class TokenBuckets {
  private readonly state = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly spec: BucketSpec, private readonly now: () => number) {}

  /** Takes a token, or says how long until one is available. */
  take(key: string): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.now();
    const s = this.state.get(key) ?? { tokens: this.spec.burst, at: now };
    const tokens = Math.min(this.spec.burst, s.tokens + (now - s.at) / this.spec.refillEveryMs);
    if (tokens >= 1) {
      this.state.set(key, { tokens: tokens - 1, at: now });
      return { ok: true };
    }
    this.state.set(key, { tokens, at: now });
    return { ok: false, retryAfterMs: Math.ceil((1 - tokens) * this.spec.refillEveryMs) };
  }
}
