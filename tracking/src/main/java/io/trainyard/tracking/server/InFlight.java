package io.trainyard.tracking.server;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Counts requests being handled, so {@link EmbeddedTrackingServer#close()} can let them finish and
 * then stop at once: JDK 17's {@code HttpServer.stop(delay)} always waits the whole delay.
 */
final class InFlight extends Filter {
    private final Object lock = new Object();
    private int active;

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        synchronized (lock) {
            active++;
        }
        try {
            chain.doFilter(exchange);
        } finally {
            synchronized (lock) {
                active--;
                lock.notifyAll();
            }
        }
    }

    /** Waits until no request is being handled, or {@code millis} have passed. */
    void awaitIdle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (lock) {
            while (active > 0 && System.currentTimeMillis() < deadline) {
                lock.wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
    }

    @Override
    public String description() {
        return "counts in-flight requests";
    }
}
