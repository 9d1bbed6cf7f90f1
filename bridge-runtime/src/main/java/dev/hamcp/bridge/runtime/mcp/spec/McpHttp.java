package dev.hamcp.bridge.runtime.mcp.spec;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
        var events = new EventReader();
        var all = new ArrayList<>(events.read(answer.body()));
        all.addAll(events.end());
        return all.stream().map(Event::data).toList();
    }

    /** One server-sent event: its name ({@code message} when it gives none) and its data. */
    public record Event(String name, byte[] data) {}

    /**
     * Server-sent events read as their bytes arrive, in chunks cut anywhere (inside a line, or a
     * character): the {@code event} and {@code data} fields of each, comments and other fields
     * left out, and an event without data (a server primes a stream that way, with only an id to
     * resume from) left out too. An event larger than {@link #MOST_BYTES} fails with
     * {@link TooLarge}.
     */
    public static final class EventReader {

        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        private String name;
        private boolean lastWasCarriageReturn;

        /** The events that {@code chunk} completes. */
        public List<Event> read(byte[] chunk) {
            List<Event> events = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < chunk.length; i++) {
                byte b = chunk[i];
                if (b != '\n' && b != '\r') {
                    continue;
                }
                append(chunk, start, i);
                // A CR LF pair is one line end, even when a chunk ends between the two.
                if (!(b == '\n' && lastWasCarriageReturn && i == start)) {
                    endLine(events);
                }
                lastWasCarriageReturn = b == '\r';
                start = i + 1;
            }
            if (start < chunk.length) {
                append(chunk, start, chunk.length);
                lastWasCarriageReturn = false;
            }
            return events;
        }

        private void append(byte[] chunk, int from, int to) {
            if (line.size() + data.size() + (to - from) > MOST_BYTES) {
                throw new TooLarge();
            }
            line.write(chunk, from, to - from);
        }

        /** The event the stream's end completes, if its last blank line was missing. */
        public List<Event> end() {
            List<Event> events = new ArrayList<>();
            if (line.size() > 0) {
                endLine(events);
            }
            endLine(events);
            return events;
        }

        private void endLine(List<Event> events) {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.isEmpty()) {
                if (data.size() > 0 && !data.toString(StandardCharsets.UTF_8).isBlank()) {
                    byte[] bytes = data.toByteArray();
                    // The data fields of one event are joined by newlines; the last one is not part of it.
                    events.add(new Event(name == null ? "message" : name, Arrays.copyOf(bytes, bytes.length - 1)));
                }
                data.reset();
                name = null;
                return;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(text.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
            switch (field) {
                case "data" -> {
                    data.writeBytes(value.getBytes(StandardCharsets.UTF_8));
                    data.write('\n');
                }
                case "event" -> name = value;
                default -> {
                    // Comments (an empty field name), id and retry: nothing the bridge uses.
                }
            }
        }
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
