package io.trainyard.scoring.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.trainyard.common.Batches;
import io.trainyard.common.TrainyardException;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Scores one partition with the broadcast graph, {@value #BATCH} rows per ONNX Runtime call. Input
 * rows hold the id columns, then the feature columns in signature order; output rows the id
 * columns, the prediction and (classifier) the probability vector. A missing string is sent as
 * the empty string and a missing number as NaN, as the serving adapter does.
 */
final class OnnxPartitionScorer implements MapPartitionsFunction<Row, Row> {
    static final int BATCH = 1024;
    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> graph;
    private final String key;
    private final int ids;
    private final String[] features;
    private final boolean[] strings;
    private final boolean regression;

    OnnxPartitionScorer(Broadcast<byte[]> graph, String key, int ids, String[] features, List<Boolean> strings,
                        boolean regression) {
        this.graph = graph;
        this.key = key;
        this.ids = ids;
        this.features = features;
        this.strings = new boolean[strings.size()];
        for (int i = 0; i < this.strings.length; i++) {
            this.strings[i] = strings.get(i);
        }
        this.regression = regression;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        OrtSession session = OnnxSessions.session(key, graph.value());
        return new Batches<>(rows, BATCH, batch -> score(session, batch).iterator());
    }

    private List<Row> score(OrtSession session, List<Row> batch) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (int f = 0; f < features.length; f++) {
                feeds.put(features[f], column(environment, batch, ids + f, strings[f]));
            }
            try (OrtSession.Result result = session.run(feeds)) {
                return regression ? values(batch, (double[]) result.get(OnnxExporter.PREDICTION).orElseThrow().getValue())
                        : classes(batch, (long[]) result.get(OnnxExporter.LABEL).orElseThrow().getValue(),
                                (double[][]) result.get(OnnxExporter.PROBABILITIES).orElseThrow().getValue());
            }
        } catch (OrtException e) {
            throw TrainyardException.internal("ONNX Runtime failed to score " + batch.size() + " rows: "
                    + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor column(OrtEnvironment environment, List<Row> batch, int index, boolean text)
            throws OrtException {
        long[] shape = {batch.size(), 1};
        if (text) {
            String[] values = new String[batch.size()];
            for (int r = 0; r < values.length; r++) {
                Row row = batch.get(r);
                values[r] = row.isNullAt(index) ? "" : row.get(index).toString();
            }
            return OnnxTensor.createTensor(environment, values, shape);
        }
        double[] values = new double[batch.size()];
        for (int r = 0; r < values.length; r++) {
            Row row = batch.get(r);
            values[r] = row.isNullAt(index) ? Double.NaN : ((Number) row.get(index)).doubleValue();
        }
        return OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), shape);
    }

    private List<Row> classes(List<Row> batch, long[] labels, double[][] probabilities) {
        List<Row> out = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            Object[] values = idValues(batch.get(r), 2);
            values[ids] = (double) labels[r];
            values[ids + 1] = Vectors.dense(probabilities[r]);
            out.add(RowFactory.create(values));
        }
        return out;
    }

    private List<Row> values(List<Row> batch, double[] predictions) {
        List<Row> out = new ArrayList<>(batch.size());
        for (int r = 0; r < batch.size(); r++) {
            Object[] values = idValues(batch.get(r), 1);
            values[ids] = predictions[r];
            out.add(RowFactory.create(values));
        }
        return out;
    }

    private Object[] idValues(Row row, int extra) {
        Object[] values = new Object[ids + extra];
        for (int i = 0; i < ids; i++) {
            values[i] = row.get(i);
        }
        return values;
    }
}
