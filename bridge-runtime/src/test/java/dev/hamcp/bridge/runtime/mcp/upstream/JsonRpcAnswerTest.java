package dev.hamcp.bridge.runtime.mcp.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonRpcAnswerTest {

    private static final String RESULT =
            "{\"content\":[{\"type\":\"text\",\"text\":\"a } and a \\\" inside\"}],\"isError\":true,\"_meta\":{\"x\":[1,{}]}}";

    @Test
    void theResultIsTheUpstreamsOwnBytesWhereverItStandsAmongTheMembers() throws IOException {
        var before = read("{\"jsonrpc\":\"2.0\",\"result\":" + RESULT + ",\"id\":7}", 7);
        var after = read("{ \"id\" : 7 , \"jsonrpc\":\"2.0\", \"result\" :\n" + RESULT + "\n}", 7);

        for (var answer : new JsonRpcAnswer[] {before, after}) {
            assertThat(answer.forCall()).isTrue();
            assertThat(answer.error()).isNull();
            assertThat(new String(answer.resultJson(), StandardCharsets.UTF_8)).isEqualTo(RESULT);
            assertThat(answer.isError()).isTrue();
        }
    }

    @Test
    void isErrorIsReadFromTheResultsOwnMembersOnly() throws IOException {
        var nested = read(
                "{\"id\":1,\"result\":{\"content\":[{\"isError\":true}],\"structuredContent\":{\"isError\":true}}}", 1);
        var falseFlag = read("{\"id\":1,\"result\":{\"content\":[],\"isError\":false}}", 1);

        assertThat(nested.isError()).isFalse();
        assertThat(falseFlag.isError()).isFalse();
    }

    @Test
    void otherResultsAreDecodedFromTheirSpan() throws IOException {
        var answer = read(
                "{\"jsonrpc\":\"2.0\",\"id\":\"3\",\"result\":{\"tools\":[{\"name\":\"HassTurnOn\",\"inputSchema\":{\"type\":\"object\"}}]}}",
                3);

        McpSchema.ListToolsResult tools = answer.result(McpJson.MAPPER.constructType(McpSchema.ListToolsResult.class));
        assertThat(answer.forCall()).isTrue();
        assertThat(tools.tools()).extracting(McpSchema.Tool::name).containsExactly("HassTurnOn");
    }

    @Test
    void anotherCallsIdOrAnErrorOrNoResultObjectIsToldApart() throws IOException {
        assertThat(read("{\"id\":8,\"result\":{}}", 7).forCall()).isFalse();
        assertThat(read("{\"id\":7.0,\"result\":{}}", 7).forCall()).isFalse();
        assertThat(read("{\"id\":99999999999999999999999,\"result\":{}}", 7).forCall())
                .isFalse();
        assertThat(read("{\"id\":7,\"result\":null}", 7).hasResult()).isFalse();
        assertThat(read("{\"id\":7,\"result\":[1]}", 7).hasResult()).isFalse();

        var failed = read("{\"id\":7,\"error\":{\"code\":-32602,\"message\":\"no such tool\",\"extra\":1}}", 7);
        assertThat(failed.hasResult()).isFalse();
        assertThat(failed.error().code()).isEqualTo(-32602);
        assertThat(failed.error().message()).isEqualTo("no such tool");
    }

    @Test
    void whatIsNoJsonRpcResponseIsRefused() {
        for (String json : new String[] {
            "[]", "\"text\"", "{\"id\":7,\"result\":{\"content\":[", "{\"id\":7,\"error\":\"bad\"}", "not json"
        }) {
            assertThatThrownBy(() -> read(json, 7)).as(json).isInstanceOf(IOException.class);
        }
    }

    private static JsonRpcAnswer read(String json, long call) throws IOException {
        return JsonRpcAnswer.read(json.getBytes(StandardCharsets.UTF_8), call);
    }
}
