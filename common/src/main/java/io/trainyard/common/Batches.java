package io.trainyard.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * An iterator's items taken {@code size} at a time, each batch turned into outputs by one call, the
 * outputs read one by one: how a partition is scored by a library that predicts a batch per call
 * (ONNX Runtime, XGBoost). Only one batch is held at a time.
 */
public final class Batches<T, R> implements Iterator<R> {
    private final Iterator<T> items;
    private final int size;
    private final Function<List<T>, Iterator<R>> each;
    private Iterator<R> current = Collections.emptyIterator();

    public Batches(Iterator<T> items, int size, Function<List<T>, Iterator<R>> each) {
        this.items = items;
        this.size = size;
        this.each = each;
    }

    @Override
    public boolean hasNext() {
        while (!current.hasNext() && items.hasNext()) {
            List<T> batch = new ArrayList<>(size);
            while (items.hasNext() && batch.size() < size) {
                batch.add(items.next());
            }
            current = each.apply(batch);
        }
        return current.hasNext();
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
