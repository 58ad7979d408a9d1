package io.trainyard.jobs.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trainyard.common.Suggestions;
import io.trainyard.common.TrainyardException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads {@code conf/<name>.yaml} into a {@link TrainConfig}, applies {@code --set key=value}
 * overrides, and turns every mistake into one line with the file, line and column, the key path,
 * and a hint ("did you mean …?"), in the spirit of Dropwizard's config errors.
 */
public final class ConfigLoader {
    private static final YAMLMapper YAML = YAMLMapper.builder(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    /**
     * A loaded config.
     *
     * @param config the bound, validated config with defaults filled in
     * @param resolvedYaml the same, as YAML (logged, stored in the bundle and logged to tracking)
     * @param hash SHA-256 of {@code resolvedYaml}
     */
    public record Loaded(TrainConfig config, String resolvedYaml, String hash) {
    }

    private ConfigLoader() {
    }

    public static Loaded load(Path file, List<String> overrides) {
        String text = read(file);
        JsonNode tree = parse(text, file);
        TrainConfig config;
        if (overrides.isEmpty()) {
            config = bind(() -> YAML.treeToValue(tree, TrainConfig.class), file.toString(), tree, text);
        } else {
            for (String override : overrides) {
                Overrides.apply(tree, override, YAML);
            }
            config = bind(() -> YAML.treeToValue(tree, TrainConfig.class), file + " with --set", tree, null);
        }
        try {
            String resolved = YAML.writeValueAsString(config);
            return new Loaded(config, resolved, sha256(resolved));
        } catch (JsonProcessingException e) {
            throw TrainyardException.internal("cannot write the resolved config: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw TrainyardException.usage("Config file " + file + " not found; pass an existing file with --config,"
                    + " e.g. --config conf/churn.yaml");
        } catch (IOException e) {
            throw TrainyardException.usage("Config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private static JsonNode parse(String text, Path file) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw TrainyardException.usage(file + located(e.getLocation()) + ": YAML syntax error: "
                    + firstLine(e.getOriginalMessage()));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw TrainyardException.usage("Config file " + file + " is empty; see conf/churn.yaml for a complete example");
        }
        if (!tree.isObject()) {
            throw TrainyardException.usage("Config file " + file + " must be a mapping of keys (name:, data:, label:, …),"
                    + " found a " + tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        return tree;
    }

    interface Binding {
        TrainConfig bind() throws IOException;
    }

    /** Binds, turning Jackson's exceptions into one-line usage errors; {@code text} locates keys when given. */
    private static TrainConfig bind(Binding binding, String source, JsonNode tree, String text) {
        try {
            return binding.bind();
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            String parent = path(e.getPath().subList(0, e.getPath().size() - 1));
            throw TrainyardException.usage(source + where(e, text) + ": unknown key '" + e.getPropertyName() + "'"
                    + (parent.isEmpty() ? "" : " in " + parent) + Suggestions.didYouMean(e.getPropertyName(), known)
                    + " Valid keys: " + String.join(", ", known));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String at = path(e.getPath());
            throw TrainyardException.usage(source + where(e, text) + ": " + (at.isEmpty() ? "" : at + ": ")
                    + cause.getMessage());
        } catch (MismatchedInputException e) {
            JsonNode found = tree.at(pointer(e.getPath()));
            String shown = found.isMissingNode() ? "" : found.isValueNode() ? ", found '" + found.asText() + "'"
                    : ", found a " + found.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
            throw TrainyardException.usage(source + where(e, text) + ": " + path(e.getPath()) + " expects "
                    + typeName(e.getTargetType()) + shown);
        } catch (IOException e) {
            throw TrainyardException.usage(source + ": " + firstLine(e.getMessage()));
        }
    }

    /** The key's own line and column in the file, else Jackson's, else nothing. */
    private static String where(JsonMappingException e, String text) {
        if (text == null) {
            return "";
        }
        List<String> names = e.getPath().stream().map(JsonMappingException.Reference::getFieldName)
                .filter(java.util.Objects::nonNull).toList();
        int[] at = names.isEmpty() ? null : KeyLocator.locate(text, names);
        return at != null ? ", line " + at[0] + ", column " + at[1] : located(e.getLocation());
    }

    private static String pointer(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            out.append('/').append(reference.getFieldName() != null
                    ? reference.getFieldName().replace("~", "~0").replace("/", "~1") : reference.getIndex());
        }
        return out.toString();
    }

    private static String located(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : ", line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                out.append('[').append(reference.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return type == Integer.class || type == Long.class || type == int.class || type == long.class
                    ? "an integer" : "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping (" + type.getSimpleName() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        return message.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toCollection(ArrayList::new))
                .stream().findFirst().orElse(message);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
