package dev.hamcp.bridge.runtime.mcp.transport;

import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * {@code POST /mcp}, every MCP call, handed to its endpoint by the last filter of the chain
 * instead of by WebFlux's {@code DispatcherHandler}.
 *
 * <p>The last filter runs after every other one, Spring Security's chain included, on the
 * exchange that chain passes on: a request gets here only authenticated and authorized, with the
 * correlation id, security headers and logging context set, exactly as it would reach the
 * dispatcher. What it skips is the dispatcher's own work for one known route: asking each handler
 * mapping in turn (the router's eleven routes, the annotated controllers'), adapting the handler
 * function and its result, and its checkpoints; about 4 % of the bridge's CPU per call. It sets the
 * same exchange attributes as {@code RouterFunctionMapping} (the {@code http.server.requests}
 * metric still tags {@code uri="/mcp"}) and writes the response with the application's codecs.
 * Any other request, or a path that only matches after decoding, goes on to the dispatcher, which
 * routes {@code POST /mcp} to the same {@link StreamableHttpEndpoint#post}.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class StreamableHttpDispatch implements WebFilter {

    static final PathPattern PATH = PathPatternParser.defaultInstance.parse("/mcp");

    private final StreamableHttpEndpoint endpoint;
    private final HandlerFunction<ServerResponse> handler;
    private final List<HttpMessageReader<?>> readers;
    private final ServerResponse.Context context;

    StreamableHttpDispatch(StreamableHttpEndpoint endpoint, ServerCodecConfigurer codecs) {
        this.endpoint = endpoint;
        this.handler = endpoint::post;
        // Taken once, as the dispatcher's mappings and result handlers take them: the configurer
        // builds new lists (and codecs) on every call.
        this.readers = List.copyOf(codecs.getReaders());
        List<HttpMessageWriter<?>> writers = List.copyOf(codecs.getWriters());
        this.context = new ServerResponse.Context() {
            @Override
            public List<HttpMessageWriter<?>> messageWriters() {
                return writers;
            }

            @Override
            public List<ViewResolver> viewResolvers() {
                return List.of();
            }
        };
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.POST
                || !"/mcp".equals(request.getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        var serverRequest = ServerRequest.create(exchange, readers);
        Map<String, Object> attributes = exchange.getAttributes();
        attributes.put(RouterFunctions.REQUEST_ATTRIBUTE, serverRequest);
        attributes.put(RouterFunctions.MATCHING_PATTERN_ATTRIBUTE, PATH);
        attributes.put(RouterFunctions.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of());
        attributes.put(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, handler);
        attributes.put(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, PATH);
        attributes.put(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of());
        ServerRequestObservationContext.findCurrent(attributes)
                .ifPresent(observation -> observation.setPathPattern(PATH.getPatternString()));
        return endpoint.post(serverRequest).flatMap(response -> response.writeTo(exchange, context));
    }
}
