package io.trainyard.tracking.registry;

import java.util.Map;

/**
 * A registered model: its description, tags (audit history tags excluded) and aliases.
 *
 * @param name        registered model name
 * @param description free text
 * @param tags        tags other than trainyard's history entries
 * @param aliases     alias to version
 */
public record RegisteredModel(String name, String description, Map<String, String> tags,
        Map<String, String> aliases) {

    public RegisteredModel {
        tags = Map.copyOf(tags);
        aliases = Map.copyOf(aliases);
    }
}
