package io.trainyard.jobs.ops;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * A progress line on the terminal, fed by Spark's listener bus: the running stage, its tasks done
 * of total, rows read so far, elapsed time and an ETA from the stage's task rate, redrawn in place
 * twice a second. Only when stderr is a terminal and the command does not print {@code --json}.
 */
public final class Progress extends SparkListener implements AutoCloseable {
    private record Stage(String name, int tasks, long startedNanos, AtomicLong done) {
    }

    private final PrintStream out;
    private final long started = System.nanoTime();
    private final ConcurrentHashMap<Integer, Stage> running = new ConcurrentHashMap<>();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong stagesDone = new AtomicLong();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "trainyard-progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile int width;

    private Progress(PrintStream out) {
        this.out = out;
    }

    /** Listens to {@code spark} and draws on stderr until closed. */
    public static Progress attach(SparkSession spark) {
        Progress progress = new Progress(System.err);
        spark.sparkContext().addSparkListener(progress);
        progress.ticker.scheduleAtFixedRate(progress::draw, 500, 500, TimeUnit.MILLISECONDS);
        return progress;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        var info = submitted.stageInfo();
        running.put(info.stageId(), new Stage(shortName(info.name()), info.numTasks(), System.nanoTime(),
                new AtomicLong()));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        Stage stage = running.get(end.stageId());
        if (stage != null) {
            stage.done().incrementAndGet();
        }
        if (end.taskMetrics() != null) {
            rows.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        running.remove(completed.stageInfo().stageId());
        stagesDone.incrementAndGet();
    }

    private void draw() {
        Stage stage = running.values().stream().max(java.util.Comparator.comparingLong(Stage::startedNanos)).orElse(null);
        String line = stage == null ? "" : line(stage.name(), stage.done().get(), stage.tasks(), rows.get(),
                (System.nanoTime() - started) / 1e9, (System.nanoTime() - stage.startedNanos()) / 1e9);
        synchronized (this) {
            out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())) + "\r");
            out.flush();
            width = line.length();
        }
    }

    /** One progress line; the ETA extrapolates the stage's own task rate. */
    static String line(String stage, long done, int tasks, long rows, double elapsed, double stageElapsed) {
        String eta = done > 0 && done < tasks
                ? "ETA " + clock(stageElapsed / done * (tasks - done)) : done >= tasks ? "finishing" : "ETA –";
        return String.format(Locale.ROOT, "[%s] tasks %d/%d · %,d rows read · %s elapsed · %s", stage, done, tasks,
                rows, clock(elapsed), eta);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String shortName(String name) {
        int at = name.indexOf(" at ");
        return at > 0 ? name.substring(0, at) : name;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (this) {
            if (width > 0) {
                out.print("\r" + " ".repeat(width) + "\r");
                out.flush();
            }
            width = 0;
        }
    }
}
