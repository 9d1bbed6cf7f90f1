package dev.hamcp.bridge.runtime.mcp.spec;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * MCP over HTTP (Streamable HTTP) as the bridge speaks it: the header names, and the one way its
 * own HTTP clients (the connection test and the gateway's stateless calls) send a request and read
 * an answer, whole and bounded, and find the JSON-RPC messages in it.
 */
public final class McpHttp {

    public static final String SESSION_ID = "Mcp-Session-Id";
    public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";

    /** What a client accepts: a JSON answer, or a short SSE stream. */
    public static final String ACCEPT = "application/json, text/event-stream";

    /** A bound on one answer, the MCP SDK's; {@code /api/states} of a large house runs to a few megabytes. */
    public static final int MOST_BYTES = 16 * 1024 * 1024;

    /** One answer, read whole (or, for a redirect, not read at all: it is never followed). */
    public record Answer(int status, String contentType, String sessionId, String location, byte[] body) {}

    /** An answer longer than {@link #MOST_BYTES}: it was not read to its end. */
    public static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("an answer larger than " + MOST_BYTES + " bytes", null, false, false);
        }
    }

    private McpHttp() {}

    /** Sends {@code request} and reads its answer; fails with {@link TooLarge} for one that does not end in time. */
    public static Mono<Answer> exchange(HttpClient.ResponseReceiver<?> request) {
        return request.response((response, content) -> {
                    int status = response.status().code();
                    var headers = response.responseHeaders();
                    String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
                    String session = headers.get(SESSION_ID);
                    String location = headers.get(HttpHeaderNames.LOCATION);
                    if (status / 100 == 3) {
                        return Mono.just(new Answer(status, type, session, location, new byte[0]));
                    }
                    return content.asByteArray()
                            .collect(ByteArrayOutputStream::new, McpHttp::append)
                            .map(bytes -> new Answer(status, type, session, location, bytes.toByteArray()));
                })
                .next();
    }

    /**
     * The JSON-RPC messages of an answer: its body for {@code application/json}, each event's data
     * for {@code text/event-stream} (events without data left out), and none for any other type.
     */
    public static List<byte[]> messages(Answer answer) {
        String type = answer.contentType() == null ? "" : answer.contentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/json")) {
            return answer.body().length == 0 ? List.of() : List.of(answer.body());
        }
        if (!type.startsWith("text/event-stream")) {
            return List.of();
        }
        List<byte[]> messages = new ArrayList<>();
        var data = new StringBuilder();
        for (String line : (new String(answer.body(), StandardCharsets.UTF_8) + "\n\n").split("\r?\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(line.substring(line.startsWith("data: ") ? 6 : 5)).append('\n');
            } else if (line.isEmpty() && !data.isEmpty()) {
                // An event with empty data carries no message: a server primes a stream that way,
                // with only an event id to resume from.
                if (!data.toString().isBlank()) {
                    messages.add(data.toString().getBytes(StandardCharsets.UTF_8));
                }
                data.setLength(0);
            }
        }
        return messages;
    }

    /** Whether an answer of this type can hold JSON-RPC messages at all. */
    public static boolean isMessageType(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") || type.startsWith("text/event-stream");
    }

    private static void append(ByteArrayOutputStream answer, byte[] chunk) {
        if (answer.size() + chunk.length > MOST_BYTES) {
            throw new TooLarge();
        }
        answer.writeBytes(chunk);
    }
}
