package dev.hamcp.bridge.runtime.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.mcp.spec.McpHttp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;

class JsonResponseTest {

    private static final byte[] BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}".getBytes(StandardCharsets.UTF_8);

    private static final ServerResponse.Context CONTEXT = new ServerResponse.Context() {
        private final ServerCodecConfigurer codecs = ServerCodecConfigurer.create();

        @Override
        public List<HttpMessageWriter<?>> messageWriters() {
            return codecs.getWriters();
        }

        @Override
        public List<ViewResolver> viewResolvers() {
            return List.of();
        }
    };

    @Test
    void writesWhatTheServerResponseBuilderWrites() {
        var built = written(ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY)
                .block());
        var direct = written(new JsonResponse(HttpStatus.OK, null, null, BODY));

        assertThat(direct.getResponse().getStatusCode())
                .isEqualTo(built.getResponse().getStatusCode());
        assertThat(direct.getResponse().getHeaders().asMultiValueMap())
                .isEqualTo(built.getResponse().getHeaders().asMultiValueMap());
        assertThat(direct.getResponse().getBodyAsString().block())
                .isEqualTo(built.getResponse().getBodyAsString().block());
    }

    @Test
    void writesTheSessionHeaderAsTheBuilderDoes() {
        var built = written(ServerResponse.ok()
                .header(McpHttp.SESSION_ID, "abc.def")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(BODY)
                .block());
        var direct = written(new JsonResponse(HttpStatus.OK, McpHttp.SESSION_ID, "abc.def", BODY));

        assertThat(direct.getResponse().getHeaders().asMultiValueMap())
                .isEqualTo(built.getResponse().getHeaders().asMultiValueMap());
        assertThat(direct.getResponse().getHeaders().getFirst(McpHttp.SESSION_ID))
                .isEqualTo("abc.def");
    }

    private static MockServerWebExchange written(ServerResponse response) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/mcp"));
        exchange.getResponse().getHeaders().set("X-Correlation-Id", "set-by-a-filter");
        response.writeTo(exchange, CONTEXT).block();
        return exchange;
    }
}
