package io.trainyard.features.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.trainyard.common.TrainyardException;
import io.trainyard.features.load.Columns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Joins label events to the feature table without leaking the future: each label row gets, for its
 * entity, the newest feature row whose event time is not after the label's time, and never one
 * older than the feature set's TTL (the online store would have expired it, so a model must not
 * learn from it either). Label rows with no such feature row keep null features.
 *
 * <p>Deterministic and id-free: the newest admissible feature time is found per distinct
 * (entity, label time) with a grouped max, then the feature row is joined on it exactly.
 */
public final class PointInTimeJoin {
    /** The event time of the feature row a label row was joined to (null when none qualified). */
    public static final String FEATURE_TIME = "feature_timestamp";
    private static final String LABEL_TIME = "_label_time";

    private PointInTimeJoin() {
    }

    /**
     * @param labels label events: the entity columns, {@code labelTime}, and anything else (the label)
     * @param labelTime the column holding each label's event time (timestamp, date or parsable text)
     * @param table the feature table ({@link FeatureTable#read})
     * @return the label rows, in the same number, with {@link #FEATURE_TIME} and the feature columns
     */
    public static Dataset<Row> join(Dataset<Row> labels, String labelTime, Dataset<Row> table, FeatureSetSpec spec) {
        List<String> entity = spec.entity();
        for (String column : entity) {
            if (!List.of(labels.columns()).contains(column)) {
                throw TrainyardException.data("The labels have no column '" + column + "' (the entity of feature set '"
                        + spec.name() + "'); their columns are " + String.join(", ", labels.columns()));
            }
        }
        List<String> features = FeatureTable.featureColumns(table, spec);
        Dataset<Row> events = labels;
        for (String column : entity) {
            events = events.withColumn(column, col(Columns.quote(column)).cast("string"));
        }
        events = events.withColumn(LABEL_TIME, col(Columns.quote(labelTime)).cast("timestamp"));
        List<String> keyColumns = new ArrayList<>(entity);
        keyColumns.add(LABEL_TIME);
        Dataset<Row> keys = events.select(columns(keyColumns)).distinct();
        List<String> rowKey = new ArrayList<>(entity);
        rowKey.add(FEATURE_TIME);
        List<Column> featureRow = new ArrayList<>();
        entity.forEach(e -> featureRow.add(col(Columns.quote(e))));
        featureRow.add(col(FeatureTable.TIMESTAMP).as(FEATURE_TIME));
        features.forEach(f -> featureRow.add(col(Columns.quote(f))));
        Dataset<Row> rows = table.select(featureRow.toArray(Column[]::new));
        double ttlSeconds = spec.ttlDuration().toSeconds();
        Column admissible = col(FEATURE_TIME).leq(col(LABEL_TIME))
                .and(col(FEATURE_TIME).cast("double").gt(col(LABEL_TIME).cast("double").minus(ttlSeconds)));
        Dataset<Row> chosen = keys.join(rows.select(columns(rowKey)), Columns.seq(entity)).filter(admissible)
                .groupBy(columns(keyColumns)).agg(max(col(FEATURE_TIME)).as(FEATURE_TIME));
        return events.join(chosen, Columns.seq(keyColumns), "left").join(rows, Columns.seq(rowKey), "left").drop(LABEL_TIME);
    }

    private static Column[] columns(List<String> names) {
        return names.stream().map(n -> col(Columns.quote(n))).toArray(Column[]::new);
    }
}
