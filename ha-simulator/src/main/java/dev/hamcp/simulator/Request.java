package dev.hamcp.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as the simulator sees it, whatever server carried it.
 *
 * @param method the HTTP method, upper case
 * @param path the path relative to the Home Assistant base URL, such as {@code /api/states}; a query string is ignored
 * @param headers header values by name; names compare ignoring case
 * @param body the request body, empty when there is none
 */
public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {

    public Request {
        method = method.toUpperCase(Locale.ROOT);
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        var copy = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) ->
                copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body;
    }

    public static Request get(String path) {
        return new Request("GET", path, Map.of(), null);
    }

    public static Request post(String path, String jsonBody) {
        return new Request("POST", path, Map.of("Content-Type", List.of("application/json")), utf8(jsonBody));
    }

    /** This request with one more header value. */
    public Request header(String name, String value) {
        var more = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        more.putAll(headers);
        more.merge(name, List.of(value), (old, added) -> {
            var all = new ArrayList<>(old);
            all.addAll(added);
            return all;
        });
        return new Request(method, path, more, body);
    }

    /** This request with {@code Authorization: Bearer <token>}. */
    public Request bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    /** The first value of a header. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    @Override
    public String toString() {
        return "Request[" + method + " " + path + "]";
    }

    private static byte[] utf8(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
