package dev.hamcp.bridge.runtime.web;

import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV for downloads (RFC 4180, CRLF line ends), safe to open in a spreadsheet: a text cell that
 * a spreadsheet would take for a formula ({@code = + - @}, a tab or a carriage return first) is
 * made plain text with a leading apostrophe. Numbers are written as they are.
 */
public final class Csv {

    private Csv() {}

    /** One line of cells, with its line end. */
    public static String row(List<?> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    public static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!(value instanceof Number) && !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
