package dev.hamcp.bridge.runtime.mcp.transport;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.util.CollectionUtils;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * An {@code application/json} answer whose body is already bytes, written as they are: the same
 * status, headers and body as {@code ServerResponse.status(s).contentType(APPLICATION_JSON)
 * .bodyValue(bytes)}, without building a header map per answer, looking up a message writer among
 * the application's codecs and encoding a {@code byte[]} through it (about 2 % of the bridge's CPU
 * per MCP call).
 */
final class JsonResponse implements ServerResponse {

    private final HttpStatusCode status;
    private final String headerName;
    private final String headerValue;
    private final byte[] body;

    /** {@code headerName} and {@code headerValue}: one more header, or both null. */
    JsonResponse(HttpStatusCode status, String headerName, String headerValue, byte[] body) {
        this.status = status;
        this.headerName = headerName;
        this.headerValue = headerValue;
        this.body = body;
    }

    @Override
    public HttpStatusCode statusCode() {
        return status;
    }

    @Override
    public HttpHeaders headers() {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (headerName != null) {
            headers.set(headerName, headerValue);
        }
        return HttpHeaders.readOnlyHttpHeaders(headers);
    }

    @Override
    public MultiValueMap<String, ResponseCookie> cookies() {
        return CollectionUtils.unmodifiableMultiValueMap(new LinkedMultiValueMap<>(Map.of()));
    }

    @Override
    public Mono<Void> writeTo(ServerWebExchange exchange, Context context) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        var headers = response.getHeaders();
        // As ServerResponse does: a header already on the response (set by a filter) is kept.
        if (!headers.containsHeader(HttpHeaders.CONTENT_TYPE)) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        if (headerName != null && !headers.containsHeader(headerName)) {
            headers.set(headerName, headerValue);
        }
        headers.setContentLength(body.length);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }
}
