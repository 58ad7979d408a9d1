package io.trainyard.serving.http;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model being served, swapped atomically: a request takes the current model with a reference,
 * a swap publishes the new one at once, and the old one closes when its last request finishes.
 * No request waits for a swap and none sees a closed session.
 */
public final class ModelSlot implements AutoCloseable {
    private final AtomicReference<ServedModel> current = new AtomicReference<>();

    /** The current model with a reference held for the caller (release it), or empty before the first load. */
    Optional<ServedModel> acquire() {
        while (true) {
            ServedModel model = current.get();
            if (model == null) {
                return Optional.empty();
            }
            if (model.retain()) {
                return Optional.of(model);
            }
            // swapped and closed between get and retain: the slot already holds a newer one
        }
    }

    /** The model served now, if any (no reference taken: for names and versions only). */
    public Optional<ServedModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** Publishes {@code next}; the previous model closes after its in-flight requests. */
    public void swap(ServedModel next) {
        ServedModel previous = current.getAndSet(next);
        if (previous != null) {
            previous.release();
        }
    }

    /** Empties the slot; the last model closes after its in-flight requests. */
    @Override
    public void close() {
        swap(null);
    }
}
