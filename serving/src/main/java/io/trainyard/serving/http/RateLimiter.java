package io.trainyard.serving.http;

/**
 * A token bucket shared by all predict requests: {@code rate} tokens a second, holding at most one
 * second's worth, so a burst up to the rate passes and a sustained excess is refused with 429.
 */
final class RateLimiter {
    private final double rate;
    private final double capacity;
    private double tokens;
    private long last;

    /** {@code rate} requests a second; 0 or less means unlimited. */
    RateLimiter(double rate) {
        this.rate = rate;
        this.capacity = Math.max(1, rate);
        this.tokens = capacity;
        this.last = System.nanoTime();
    }

    synchronized boolean tryAcquire() {
        if (rate <= 0) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - last) / 1e9 * rate);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
