package dev.hamcp.bridge.runtime.mcp.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
                .containsExactly("{\"method\":\"notifications/progress\"}\n", "{\"id\":7,\n\"result\":{}}\n");
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
