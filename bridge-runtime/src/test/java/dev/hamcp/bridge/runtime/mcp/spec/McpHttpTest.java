package dev.hamcp.bridge.runtime.mcp.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the JSON-RPC messages of an answer are, for both of the bridge's own MCP clients. */
class McpHttpTest {

    @Test
    void aJsonAnswerIsOneMessage() {
        assertThat(texts(answer("application/json; charset=utf-8", "{\"id\":1}")))
                .containsExactly("{\"id\":1}");
        assertThat(texts(answer("application/json", ""))).isEmpty();
    }

    @Test
    void anEventStreamHoldsOneMessagePerEventWithDataWhateverItsLineEndings() {
        var stream = "id: prime-0\ndata: \n\n"
                + "event: message\r\ndata: {\"method\":\"notifications/progress\"}\r\n\r\n"
                + "data:{\"id\":7,\r\ndata: \"result\":{}}\n\n"
                + ": a comment\n";
        assertThat(texts(answer("text/event-stream", stream)))
                .containsExactly("{\"method\":\"notifications/progress\"}", "{\"id\":7,\n\"result\":{}}");
    }

    /** A long-lived stream (the legacy HTTP+SSE transport's) arrives in chunks cut anywhere. */
    @Test
    void aStreamCutAnywhereGivesTheSameEventsWithTheirNames() {
        var stream = "event: endpoint\r\ndata: /message?sessionId=abc\r\n\r\n"
                + ": keep-alive\n\n"
                + "data: {\"id\":1,\"result\":{\"text\":\"é\"}}\r\n\r\n"
                + "event: message\ndata: {\"id\":2}";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            var reader = new McpHttp.EventReader();
            var events = new ArrayList<>(reader.read(Arrays.copyOfRange(bytes, 0, cut)));
            events.addAll(reader.read(Arrays.copyOfRange(bytes, cut, bytes.length)));
            events.addAll(reader.end());

            assertThat(events)
                    .as("cut at %d", cut)
                    .extracting(event -> event.name() + " " + new String(event.data(), StandardCharsets.UTF_8))
                    .containsExactly(
                            "endpoint /message?sessionId=abc",
                            "message {\"id\":1,\"result\":{\"text\":\"é\"}}",
                            "message {\"id\":2}");
        }
    }

    @Test
    void anyOtherTypeHoldsNone() {
        assertThat(McpHttp.isMessageType("text/html")).isFalse();
        assertThat(McpHttp.isMessageType(null)).isFalse();
        assertThat(texts(answer("text/html", "{\"id\":1}"))).isEmpty();
    }

    private static McpHttp.Answer answer(String type, String body) {
        return new McpHttp.Answer(200, type, null, null, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> texts(McpHttp.Answer answer) {
        return McpHttp.messages(answer).stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .toList();
    }
}
