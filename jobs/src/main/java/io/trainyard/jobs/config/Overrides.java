package io.trainyard.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trainyard.common.TrainyardException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --set a.b=c}: sets one key of the config tree before binding, so an override is checked
 * exactly like the file. Lists are addressed by index ({@code models[1].grid.max-depth=[3,5]});
 * the value is read as YAML ({@code 5} is a number, {@code [3,5]} a list, {@code "yes"} a string).
 * Under {@code spark.conf} the rest of the key is one Spark property ({@code spark.conf.spark.sql.shuffle.partitions=8}).
 */
final class Overrides {
    private static final Pattern SEGMENT = Pattern.compile("([^\\[\\]]+)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private Overrides() {
    }

    static void apply(JsonNode root, String override, YAMLMapper yaml) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw TrainyardException.usage("--set " + override + ": expected key=value, e.g. --set cv.folds=5");
        }
        String key = override.substring(0, eq).trim();
        JsonNode value = parseValue(override.substring(eq + 1), yaml);
        List<Object> steps = steps(key, override);
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            node = descend(node, steps.get(i), steps.get(i + 1), override);
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof Integer index) {
            ArrayNode array = (ArrayNode) node;
            if (index >= array.size()) {
                throw TrainyardException.usage("--set " + override + ": index " + index + " is past the end of a list of "
                        + array.size());
            }
            array.set(index, value);
        } else {
            ((ObjectNode) node).set((String) last, value);
        }
    }

    private static JsonNode descend(JsonNode node, Object step, Object next, String override) {
        if (step instanceof Integer index) {
            if (!node.isArray() || index >= node.size()) {
                throw TrainyardException.usage("--set " + override + ": there is no list element [" + index + "] there");
            }
            return node.get(index);
        }
        if (!node.isObject()) {
            throw TrainyardException.usage("--set " + override + ": '" + step + "' is not inside a mapping");
        }
        ObjectNode object = (ObjectNode) node;
        JsonNode child = object.get((String) step);
        if (child == null || child.isNull()) {
            if (next instanceof Integer) {
                throw TrainyardException.usage("--set " + override + ": there is no list '" + step + "' to index");
            }
            child = object.putObject((String) step);
        }
        return child;
    }

    private static List<Object> steps(String key, String override) {
        List<Object> steps = new ArrayList<>();
        String rest = key;
        while (!rest.isEmpty()) {
            if (steps.size() == 2 && "spark".equals(steps.get(0)) && "conf".equals(steps.get(1))) {
                steps.add(rest);
                break;
            }
            int dot = rest.indexOf('.');
            String segment = dot < 0 ? rest : rest.substring(0, dot);
            rest = dot < 0 ? "" : rest.substring(dot + 1);
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw TrainyardException.usage("--set " + override + ": cannot read the key '" + key
                        + "'; write it like cv.folds or models[0].params.max-iter");
            }
            steps.add(m.group(1));
            Matcher index = INDEX.matcher(m.group(2));
            while (index.find()) {
                steps.add(Integer.parseInt(index.group(1)));
            }
        }
        return steps;
    }

    private static JsonNode parseValue(String text, YAMLMapper yaml) {
        try {
            JsonNode node = yaml.readTree(text);
            if (node == null || node.isMissingNode()) {
                return TextNode.valueOf(text);
            }
            // YAML 1.1 reads yes/no/on/off as booleans; on a command line they are almost always words
            boolean spelledBoolean = "true".equalsIgnoreCase(text.trim()) || "false".equalsIgnoreCase(text.trim());
            return node.isBoolean() && !spelledBoolean ? TextNode.valueOf(text) : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
