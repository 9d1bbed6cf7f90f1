package dev.hamcp.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP response of the simulator, for whatever server carries it back.
 *
 * @param status the HTTP status code
 * @param headers header values by name (one value each); names compare ignoring case
 * @param body the response body, empty for none (a 202, for one)
 */
public record Response(int status, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    public Response {
        var copy = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body;
    }

    public static Response json(int status, byte[] body) {
        return new Response(status, Map.of("Content-Type", JSON), body);
    }

    /** A plain-text answer the way Home Assistant's web server words its own errors ({@code 404: Not Found}). */
    public static Response text(int status, String text) {
        return new Response(status, Map.of("Content-Type", TEXT), text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code 401: Unauthorized}, {@code 503: Service Unavailable}, ... */
    public static Response status(int status) {
        return text(status, status + ": " + reason(status));
    }

    public static Response empty(int status) {
        return new Response(status, Map.of(), null);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    Response withHeader(String name, String value) {
        var more = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
        more.putAll(headers);
        more.put(name, value);
        return new Response(status, more, body);
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + body.length + " bytes]";
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }
}
