package io.trainyard.tracking.bench;

import io.trainyard.tracking.Metric;
import io.trainyard.tracking.TrackedRun;
import io.trainyard.tracking.TrackingClient;
import io.trainyard.tracking.rest.TrackingConfig;
import io.trainyard.tracking.server.EmbeddedTrackingServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark (not a test; run by scripts/bench/tracking.sh): the time to log one training run with
 * 50 metrics and a 20 MB artifact against the embedded tracking server, beside its floors: the
 * same 50 metrics as 50 single calls (what a naive client does), and a plain local copy of the 20
 * MB file (the disk, with no HTTP or database in the way). Median of N repetitions after a warm-up.
 */
public final class TrackingBench {
    private static final int METRICS = 50;
    private static final int MEGABYTES = 20;

    private TrackingBench() {
    }

    public static void main(String[] args) throws IOException {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        Path work = Files.createTempDirectory("trainyard-bench-tracking");
        Path artifact = work.resolve("model.bin");
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(artifact)) {
            for (int i = 0; i < MEGABYTES; i++) {
                out.write(block);
            }
        }
        double[] run = new double[repetitions];
        double[] batch = new double[repetitions];
        double[] single = new double[repetitions];
        double[] upload = new double[repetitions];
        double[] copy = new double[repetitions];
        try (EmbeddedTrackingServer server = EmbeddedTrackingServer.start("127.0.0.1", 0, work.resolve("mlruns"));
             TrackingClient client = TrackingClient.connect(TrackingConfig.of(server.uri()))) {
            String experiment = client.experimentId("bench");
            for (int i = -1; i < repetitions; i++) {
                long t0 = System.nanoTime();
                TrackedRun tracked = client.startRun(experiment, "bench " + i, Map.of("trainyard.bench", "1"));
                long t1 = System.nanoTime();
                client.logMetrics(tracked.runId(), metrics());
                long t2 = System.nanoTime();
                client.artifacts().uploadFile(tracked.artifactUri(), artifact, "model");
                long t3 = System.nanoTime();
                client.finishRun(tracked.runId());
                long t4 = System.nanoTime();
                TrackedRun other = client.startRun(experiment, "single " + i, Map.of());
                long t5 = System.nanoTime();
                for (Metric metric : metrics()) {
                    client.logMetrics(other.runId(), List.of(metric));
                }
                long t6 = System.nanoTime();
                Path target = work.resolve("copy-" + i + ".bin");
                Files.copy(artifact, target, StandardCopyOption.REPLACE_EXISTING);
                long t7 = System.nanoTime();
                if (i >= 0) {
                    run[i] = (t4 - t0) / 1e6;
                    batch[i] = (t2 - t1) / 1e6;
                    upload[i] = (t3 - t2) / 1e6;
                    single[i] = (t6 - t5) / 1e6;
                    copy[i] = (t7 - t6) / 1e6;
                }
                Files.deleteIfExists(target);
            }
        }
        System.out.printf(Locale.ROOT, "embedded tracking server, %d repetitions (median ms):%n", repetitions);
        System.out.printf(Locale.ROOT, "  whole run (create, %d metrics in one batch, %d MB artifact, finish) %8.1f%n",
                METRICS, MEGABYTES, median(run));
        System.out.printf(Locale.ROOT, "  %d metrics, one log-batch call                                    %8.1f%n",
                METRICS, median(batch));
        System.out.printf(Locale.ROOT, "  %d metrics, one call each (baseline: naive client)               %8.1f%n",
                METRICS, median(single));
        System.out.printf(Locale.ROOT, "  %d MB artifact through the mlflow-artifacts proxy                %8.1f  (%.0f MB/s)%n",
                MEGABYTES, median(upload), MEGABYTES / (median(upload) / 1000));
        System.out.printf(Locale.ROOT, "  %d MB local file copy (baseline: the disk)                        %8.1f  (%.0f MB/s)%n",
                MEGABYTES, median(copy), MEGABYTES / (median(copy) / 1000));
    }

    private static List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>();
        for (int i = 0; i < METRICS; i++) {
            metrics.add(Metric.atStep("metric" + (i % 10), i / 100.0, i / 10));
        }
        return metrics;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
