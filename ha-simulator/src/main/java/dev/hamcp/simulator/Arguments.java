package dev.hamcp.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A tool's arguments, checked against what the tool accepts; a misfit is {@link InvalidParams}. */
final class Arguments {

    private final String tool;
    private final JsonNode node;

    private Arguments(String tool, JsonNode node) {
        this.tool = tool;
        this.node = node;
    }

    /** Refuses arguments that are not an object or that name a property the tool does not have. */
    static Arguments of(String tool, JsonNode arguments, Set<String> accepted) {
        if (arguments == null || arguments.isNull() || arguments.isMissingNode()) {
            return new Arguments(tool, Json.object());
        }
        if (!arguments.isObject()) {
            throw new InvalidParams(tool + ": arguments must be an object");
        }
        for (String name : (Iterable<String>) arguments::fieldNames) {
            if (!accepted.contains(name)) {
                throw new InvalidParams(tool + ": unknown argument '" + name + "'");
            }
        }
        return new Arguments(tool, arguments);
    }

    /** A string argument; null when absent, null or blank. */
    String string(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidParams(tool + ": '" + name + "' must be a string");
        }
        return value.asText().isBlank() ? null : value.asText().strip();
    }

    /** A list of strings; a single string counts as a list of one, as Home Assistant accepts. */
    List<String> strings(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        if (!value.isArray()) {
            throw new InvalidParams(tool + ": '" + name + "' must be an array of strings");
        }
        var values = new ArrayList<String>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new InvalidParams(tool + ": '" + name + "' must be an array of strings");
            }
            values.add(item.asText());
        }
        return List.copyOf(values);
    }

    /** A whole number within bounds ({@code max} null for none); numeric strings and fractions are accepted and truncated. */
    Integer integer(String name, int min, Integer max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        long number;
        if (value.isNumber()) {
            number = value.asLong();
        } else if (value.isTextual() && value.asText().strip().matches("-?\\d+(\\.\\d+)?")) {
            number = (long) Double.parseDouble(value.asText().strip());
        } else {
            throw new InvalidParams(tool + ": '" + name + "' must be a number");
        }
        if (number < min || (max != null && number > max)) {
            throw new InvalidParams(tool + ": '" + name + "' must be "
                    + (max == null ? "at least " + min : "between " + min + " and " + max));
        }
        return (int) number;
    }
}
