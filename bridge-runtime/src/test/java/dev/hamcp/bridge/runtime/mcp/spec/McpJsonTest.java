package dev.hamcp.bridge.runtime.mcp.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpJsonTest {

    private record Raw(byte[] json) implements RawJson {}

    @Test
    void aResultWrittenFromItsBytesIsTheResultAsTheTreeWritesIt() {
        var result =
                new Raw("{\"content\":[{\"type\":\"text\",\"text\":\"Kitchen \\\"Light\\\" é ✓\"}],\"isError\":false}"
                        .getBytes(StandardCharsets.UTF_8));
        List<JsonNode> ids = Arrays.asList(
                IntNode.valueOf(7), LongNode.valueOf(Long.MAX_VALUE), TextNode.valueOf("id \"7\" ✓"), null);
        for (JsonNode id : ids) {
            assertThat(new String(McpJson.resultBytes(id, result), StandardCharsets.UTF_8))
                    .as("id %s", id)
                    .isEqualTo(new String(McpJson.bytes(McpJson.result(id, result)), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anyOtherResultIsWrittenThroughTheTree() {
        var result = Map.of("tools", List.of());
        assertThat(McpJson.resultBytes(IntNode.valueOf(1), result))
                .isEqualTo(McpJson.bytes(McpJson.result(IntNode.valueOf(1), result)));
    }
}
