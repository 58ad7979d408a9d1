package io.trainyard.tracking;

import io.trainyard.common.ErrorCategory;
import io.trainyard.common.TrainyardException;
import java.net.ConnectException;
import java.net.URI;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.MlflowHttpException;

/**
 * Runs calls of the official {@code MlflowClient} and turns its exceptions into TrainyardExceptions.
 * The official client already retries HTTP errors (3 tries, POSTs included) but not a refused
 * connection; a refused connection never reached the server, so it is retried here a bounded number
 * of times for every call, then reported as TRACKING_UNREACHABLE naming the URI.
 */
final class OfficialCalls {
    private static final Logger LOG = LogManager.getLogger(OfficialCalls.class);
    private static final int CONNECT_ATTEMPTS = 3;
    private static final long FIRST_BACKOFF_MILLIS = 200;

    private final URI uri;

    OfficialCalls(URI uri) {
        this.uri = uri;
    }

    <T> T call(String what, Supplier<T> call) {
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (MlflowHttpException e) {
                throw new TrainyardException(e.getStatusCode() >= 500 ? ErrorCategory.INTERNAL : ErrorCategory.USAGE,
                        "MLflow " + uri + " refused to " + what + ": HTTP " + e.getStatusCode() + " "
                                + oneLine(e.getBodyMessage()), e);
            } catch (MlflowClientException e) {
                if (!refused(e)) {
                    throw new TrainyardException(ErrorCategory.TRACKING_UNREACHABLE, "MLflow tracking server " + uri
                            + " failed to " + what + " (" + oneLine(String.valueOf(e.getMessage()))
                            + "). Check the server and re-run.", e);
                }
                if (attempt >= CONNECT_ATTEMPTS) {
                    throw new TrainyardException(ErrorCategory.TRACKING_UNREACHABLE, "MLflow tracking server " + uri
                            + " is unreachable (connection refused after " + attempt + " attempts, trying to " + what
                            + "). Start the server or fix MLFLOW_TRACKING_URI; unset it to use trainyard's"
                            + " embedded server.", e);
                }
                LOG.warn("{} refused the connection; retry {} in {} ms", uri, attempt, backoff);
                sleep(backoff);
                backoff *= 2;
            }
        }
    }

    void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    private static boolean refused(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TrainyardException.internal("Interrupted while waiting to retry a tracking call", e);
        }
    }
}
