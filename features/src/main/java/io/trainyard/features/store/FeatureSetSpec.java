package io.trainyard.features.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.trainyard.features.spec.DataSource;
import io.trainyard.features.spec.DerivedFeatures;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feature set declared in config ({@code feature-sets:}): the values computed once, in Spark, per
 * entity and point in time, and kept twice: offline as Parquet (training sets, bulk scoring) and
 * online in Redis (serving).
 *
 * @param name lower-case name; also the online key prefix
 * @param version stamped on every offline row and online vector: readers see which definition made a value
 * @param entity the column(s) that identify an entity, e.g. {@code [customer_id]}
 * @param timestamp the source's event-time column; absent when the source is a snapshot, whose rows
 *     then all take the build's {@code --as-of} date
 * @param source the source table
 * @param exclude source columns that are not features (the label, free text, leaky columns)
 * @param derived ratios computed with the same Spark stage training uses for {@code features.derived.ratios};
 *     interactions and polynomials need fitted imputation, so they stay in the model's pipeline
 * @param ttl how long a feature row stays valid after its timestamp, e.g. {@code 30d}, {@code 12h}:
 *     online values expire then, and the point-in-time join never uses an older row
 * @param offline the Parquet folder of the feature table (partitioned by {@code date})
 */
public record FeatureSetSpec(String name, Integer version, List<String> entity, String timestamp, DataSource source,
                             List<String> exclude, DerivedFeatures derived, String ttl, String offline) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern TTL = Pattern.compile("(\\d+)\\s*([smhd])");

    public FeatureSetSpec {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be lower-case letters, digits, '-' or '_' (e.g. churn), found "
                    + (name == null ? "nothing" : "'" + name + "'"));
        }
        version = version == null ? 1 : version;
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more, found " + version);
        }
        if (entity == null || entity.isEmpty()) {
            throw new IllegalArgumentException("entity needs at least one column, e.g. entity: [customer_id]");
        }
        entity = List.copyOf(entity);
        if (new HashSet<>(entity).size() != entity.size()) {
            throw new IllegalArgumentException("entity lists a column twice: " + entity);
        }
        if (source == null) {
            throw new IllegalArgumentException("source is required, e.g. source: {path: data/samples/mlc_churn.csv}");
        }
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        derived = derived == null ? DerivedFeatures.none() : derived;
        if (!derived.interactions().isEmpty() || derived.polynomial() != null) {
            throw new IllegalArgumentException("derived takes ratios only: interactions and polynomial terms multiply"
                    + " imputed values, which the model's pipeline fits; declare them under features.derived instead");
        }
        ttl = ttl == null ? "30d" : ttl.trim().toLowerCase(Locale.ROOT);
        parseTtl(ttl);
        offline = offline == null || offline.isBlank() ? "out/features/" + name : offline;
    }

    /** The TTL as a duration. */
    @JsonIgnore
    public Duration ttlDuration() {
        return parseTtl(ttl);
    }

    private static Duration parseTtl(String text) {
        Matcher matcher = TTL.matcher(text);
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException("ttl must be a positive number of s, m, h or d, e.g. 30d or 12h;"
                    + " found '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
