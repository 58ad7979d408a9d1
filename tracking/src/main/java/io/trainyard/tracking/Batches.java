package io.trainyard.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a log request into runs/log-batch calls within MLflow's limits: at most 1000 metrics,
 * 100 params and 100 tags per request, and 1000 entries in all.
 */
final class Batches {
    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    static final int MAX_ENTRIES = 1000;

    record Batch(List<Metric> metrics, List<Map.Entry<String, String>> params, List<Map.Entry<String, String>> tags) {
    }

    private Batches() {
    }

    static List<Batch> split(List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
        List<Map.Entry<String, String>> paramList = new ArrayList<>(params.entrySet());
        List<Map.Entry<String, String>> tagList = new ArrayList<>(tags.entrySet());
        List<Batch> batches = new ArrayList<>();
        int m = 0;
        int p = 0;
        int t = 0;
        while (m < metrics.size() || p < paramList.size() || t < tagList.size()) {
            int paramCount = Math.min(MAX_PARAMS, paramList.size() - p);
            int tagCount = Math.min(MAX_TAGS, tagList.size() - t);
            int metricCount = Math.min(Math.min(MAX_METRICS, MAX_ENTRIES - paramCount - tagCount), metrics.size() - m);
            batches.add(new Batch(List.copyOf(metrics.subList(m, m + metricCount)),
                    List.copyOf(paramList.subList(p, p + paramCount)), List.copyOf(tagList.subList(t, t + tagCount))));
            m += metricCount;
            p += paramCount;
            t += tagCount;
        }
        return batches;
    }
}
