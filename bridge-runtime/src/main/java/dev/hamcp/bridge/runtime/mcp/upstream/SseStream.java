package dev.hamcp.bridge.runtime.mcp.upstream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.hamcp.bridge.runtime.mcp.spec.McpHttp;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The event stream of a legacy HTTP+SSE upstream (revision 2024-11-05): one long {@code GET} whose
 * first event, {@code endpoint}, names the URL to post messages to, and whose {@code message}
 * events carry every response. {@link StreamableHttpClient} posts each request there (the answer
 * is 202, with no body) and waits here for the response with the request's id.
 *
 * <p>The stream and the posts go to the one address the session pinned
 * ({@link StreamableHttpClient#pinned}), and the message URL must be on the stream's own origin:
 * the upstream cannot send the bridge, with its credential, anywhere else.
 */
final class SseStream {

    private final URI origin;
    private final Sinks.One<String> messagePath = Sinks.one();
    private final Map<Long, Sinks.One<byte[]>> waiting = new ConcurrentHashMap<>();
    private final Disposable reading;
    private volatile Throwable ended;

    /** Opens the stream of {@code upstream}; {@code observer} hears its status, as call 0. */
    SseStream(StreamableHttpClient.Endpoint upstream, ResponseObserver observer) {
        this.origin = upstream.uri();
        this.reading = upstream.http()
                .headers(headers -> {
                    headers.set(HttpHeaderNames.ACCEPT, "text/event-stream");
                    if (upstream.authorization() != null) {
                        headers.set(HttpHeaderNames.AUTHORIZATION, upstream.authorization());
                    }
                })
                .get()
                .uri(upstream.path())
                .response((response, content) -> {
                    int status = response.status().code();
                    observer.onResponse(0, status);
                    if (status == 401 || status == 403) {
                        return Flux.error(new Failures.CredentialRejected(status));
                    }
                    if (status != 200) {
                        return Flux.error(new StreamableHttpClient.NoAnswer("HTTP " + status, status));
                    }
                    var events = new McpHttp.EventReader();
                    return content.asByteArray()
                            .concatMapIterable(events::read)
                            .concatWith(Flux.defer(() -> Flux.fromIterable(events.end())));
                })
                .subscribe(this::onEvent, this::end, () -> end(ended("was closed by the upstream")));
    }

    /** The path (and query) to post messages to, once the upstream has named it. */
    Mono<String> messagePath() {
        return messagePath.asMono();
    }

    /**
     * Waits for the response to request {@code id} while {@code post} sends it: the wait begins
     * first, so a response that overtakes the post's own answer is not missed.
     *
     * @return the response message, or the post's own answer when that is not a success
     */
    Mono<McpHttp.Answer> exchange(long id, Mono<McpHttp.Answer> post) {
        return Mono.defer(() -> {
            var failure = ended;
            if (failure != null) {
                return Mono.error(failure);
            }
            Sinks.One<byte[]> response = Sinks.one();
            waiting.put(id, response);
            if (ended != null) {
                response.tryEmitError(ended);
            }
            return post.flatMap(answer -> answer.status() / 100 != 2
                            ? Mono.just(answer)
                            : response.asMono()
                                    .map(message -> new McpHttp.Answer(200, "application/json", null, null, message)))
                    .doFinally(signal -> waiting.remove(id, response));
        });
    }

    /** Fails every waiting request, and every later one, with {@code why}; the stream is closed. */
    void end(Throwable why) {
        if (ended == null) {
            ended = why;
        }
        messagePath.tryEmitError(ended);
        waiting.values().forEach(response -> response.tryEmitError(ended));
        if (reading != null) {
            reading.dispose();
        }
    }

    boolean ended() {
        return ended != null;
    }

    private void onEvent(McpHttp.Event event) {
        switch (event.name()) {
            case "endpoint" -> onEndpoint(new String(event.data(), StandardCharsets.UTF_8).strip());
            case "message" -> {
                var id = responseId(event.data());
                var response = id == null ? null : waiting.get(id);
                if (response != null) {
                    response.tryEmitValue(event.data());
                }
            }
            default -> {
                // No other event is part of the transport.
            }
        }
    }

    private void onEndpoint(String named) {
        URI target;
        try {
            target = origin.resolve(named);
        } catch (IllegalArgumentException notAUri) {
            end(ended("named a message endpoint that is not a URL"));
            return;
        }
        if (!sameOrigin(target)) {
            end(ended("named a message endpoint on another origin"));
            return;
        }
        var path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        messagePath.tryEmitValue(target.getRawQuery() == null ? path : path + "?" + target.getRawQuery());
    }

    private boolean sameOrigin(URI target) {
        return origin.getScheme().equalsIgnoreCase(Objects.requireNonNullElse(target.getScheme(), ""))
                && origin.getHost().equalsIgnoreCase(Objects.requireNonNullElse(target.getHost(), ""))
                && port(origin) == port(target);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * The id of a response (a message with an id and no method), or null for anything else: a
     * notification, a request of the upstream's own (the bridge offers no capabilities, so none
     * is answered), or a message that is not JSON.
     */
    private static Long responseId(byte[] json) {
        try (JsonParser parser = McpJson.MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Long id = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("method")) {
                    return null;
                }
                if (name.equals("id")) {
                    id = switch (value) {
                        case VALUE_NUMBER_INT -> parser.getLongValue();
                        case VALUE_STRING -> parseLong(parser.getText());
                        default -> null;
                    };
                } else {
                    parser.skipChildren();
                }
            }
            return id;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notOurs) {
            return null;
        }
    }

    private static StreamableHttpClient.NoAnswer ended(String why) {
        return new StreamableHttpClient.NoAnswer("the event stream " + why);
    }
}
