/**
 * A token bucket per client key: `perMinute` requests a minute, bursts up to the same number.
 * Returns the seconds the caller must wait (0 = allowed). Idle buckets are forgotten, so memory stays bounded by
 * the number of clients active within a minute.
 */
export function perMinuteLimiter(perMinute: number, now: () => number = () => performance.now()) {
  const ratePerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = now();
  return (key: string): number => {
    const t = now();
    if (t - lastSweep > 60_000) {
      for (const [k, b] of buckets) if (t - b.at > 60_000) buckets.delete(k);
      lastSweep = t;
    }
    const b = buckets.get(key) ?? { tokens: perMinute, at: t };
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * ratePerMs);
    b.at = t;
    buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / ratePerMs / 1000;
  };
}
