package io.trainyard.jobs.tracking;

/** The registry aliases trainyard moves: stages are deprecated in MLflow, aliases replace them. */
public final class Aliases {
    /** The newest candidate, moved by every train. */
    public static final String CHALLENGER = "challenger";
    /** The version scoring and serving use, moved by promote and rollback. */
    public static final String CHAMPION = "champion";
    /** The champion before the last move: what rollback returns to. */
    public static final String PREVIOUS = "previous";

    private Aliases() {
    }
}
