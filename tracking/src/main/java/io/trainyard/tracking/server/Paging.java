package io.trainyard.tracking.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** MLflow's max_results / page_token paging over an in-memory result list; the token is an offset. */
final class Paging {
    private Paging() {
    }

    static ObjectNode page(List<ObjectNode> items, String field, ApiRequest request, int defaultMax) {
        long max = request.longValue("max_results", defaultMax);
        if (max <= 0) {
            throw ApiError.invalid("max_results must be positive, got " + max + ".");
        }
        long offset = request.longValue("page_token", 0);
        ObjectNode response = Json.object();
        ArrayNode page = response.putArray(field);
        long end = Math.min(items.size(), offset + max);
        for (long i = offset; i < end; i++) {
            page.add(items.get((int) i));
        }
        if (end < items.size()) {
            response.put("next_page_token", Long.toString(end));
        }
        return response;
    }
}
