package io.trainyard.serving.http;

import io.trainyard.common.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Keeps the slot on the source's latest version: every poll asks the source which version it points
 * at and, when that changed, loads the new version completely before swapping it in. A failed poll
 * or load is logged and counted; the version being served stays.
 */
final class ModelPoller implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ModelPoller.class);

    private final ModelSlot slot;
    private final ModelSource source;
    private final ServingMetrics metrics;
    private ScheduledExecutorService scheduler;

    ModelPoller(ModelSlot slot, ModelSource source, ServingMetrics metrics) {
        this.slot = slot;
        this.source = source;
        this.metrics = metrics;
    }

    /** The first load: a failure here is the caller's (nothing to fall back on). */
    void loadFirst() {
        String version = source.latestVersion();
        install(source.load(version));
    }

    /** One poll; true when a new version was swapped in. Never throws. */
    synchronized boolean refresh() {
        String served = slot.current().map(ServedModel::version).orElse(null);
        try {
            String latest = source.latestVersion();
            if (latest.equals(served)) {
                return false;
            }
            LOG.info("{} now points at version {} (serving {}); loading it", source.describe(), latest, served);
            install(source.load(latest));
            return true;
        } catch (RuntimeException e) {
            metrics.reloadFailed();
            LOG.warn("reloading {} failed, still serving version {}: {}", source.describe(), served, e.getMessage());
            return false;
        }
    }

    private void install(ServedModel model) {
        String previous = slot.current().map(ServedModel::version).orElse(null);
        slot.swap(model);
        metrics.serving(model.name(), model.version());
        LOG.info("serving {} version {}{}", model.name(), model.version(),
                previous == null ? "" : " (was " + previous + ")");
    }

    /** Polls every {@code interval} on a daemon thread, when the source can change at all. */
    void start(Duration interval) {
        if (!source.changes() || interval.isZero() || interval.isNegative()) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("model-poller"));
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
