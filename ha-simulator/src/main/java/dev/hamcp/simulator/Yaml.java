package dev.hamcp.simulator;

import java.util.regex.Pattern;

/** Just enough YAML to write GetLiveContext's overview the way Home Assistant's dumper quotes scalars. */
final class Yaml {

    private static final Pattern SPECIAL =
            Pattern.compile("(?i)y|n|yes|no|on|off|true|false|null|~|[-+]?(\\d[\\d_]*)?(\\.\\d*)?([eE][-+]?\\d+)?");

    private Yaml() {}

    /** {@code value} as a plain scalar where that reads back the same, else single-quoted. */
    static String scalar(String value) {
        boolean quote = value.isEmpty()
                || SPECIAL.matcher(value).matches()
                || value.strip().length() != value.length()
                || "-?:,[]{}#&*!|>'\"%@`".indexOf(value.charAt(0)) >= 0
                || value.contains(": ")
                || value.contains(" #")
                || value.endsWith(":")
                || value.contains("\n");
        return quote ? "'" + value.replace("'", "''").replace("\n", " ") + "'" : value;
    }
}
