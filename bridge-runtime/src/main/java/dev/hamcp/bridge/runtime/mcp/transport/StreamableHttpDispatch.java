package dev.hamcp.bridge.runtime.mcp.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.http.HttpMethod;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.HttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.result.view.ViewResolver;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.adapter.HttpWebHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.handler.ExceptionHandlingWebHandler;
import org.springframework.web.server.handler.FilteringWebHandler;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * {@code POST /mcp}, every MCP call, on a path of its own through the web stack: the application's
 * web filters, with Spring Security's chain for {@code /mcp} in place of the filter that picks a
 * chain, then straight to {@link StreamableHttpEndpoint#post}.
 *
 * <p>A request whose raw path is exactly {@code /mcp} and whose method is POST is handed, before
 * anything else sees it, to a second {@link HttpWebHandlerAdapter} set up like the application's own
 * (the same exchange settings, the same {@code http.server.requests} observation, the same
 * exception handlers). Its filters are the application's, in their order, except that Spring
 * Security's {@link WebFilterChainProxy} is replaced by the filters of the one chain it would pick
 * for this path ({@code mcpSecurityWebFilterChain}): the same authentication, challenge, security
 * headers, authorization and password-change gate. What the request skips is work that decides
 * nothing for it: the proxy's choice of a chain and its firewall (which refuses encoded, doubled or
 * parameterised path segments, none of which an exact {@code /mcp} has, and wraps every header read
 * and write of the exchange to check it), and WebFlux's {@code DispatcherHandler} (asking each
 * handler mapping in turn, adapting the handler and its result). Every other request, a path that
 * only reads {@code /mcp} once decoded included, takes the application's path, which routes
 * {@code POST /mcp} to the same endpoint.
 */
@Component
class StreamableHttpDispatch implements WebHttpHandlerBuilderCustomizer {

    static final PathPattern PATH = PathPatternParser.defaultInstance.parse("/mcp");

    private final StreamableHttpEndpoint endpoint;
    private final SecurityWebFilterChain security;
    private final HandlerFunction<ServerResponse> handler;
    private final List<HttpMessageReader<?>> readers;
    private final ServerResponse.Context context;

    StreamableHttpDispatch(
            StreamableHttpEndpoint endpoint,
            ServerCodecConfigurer codecs,
            @Qualifier("mcpSecurityWebFilterChain") SecurityWebFilterChain security) {
        this.endpoint = endpoint;
        this.security = security;
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
    public void customize(WebHttpHandlerBuilder builder) {
        List<WebFilter> filters = new ArrayList<>();
        builder.filters(filters::addAll);
        List<WebExceptionHandler> exceptionHandlers = new ArrayList<>();
        builder.exceptionHandlers(exceptionHandlers::addAll);
        builder.httpHandlerDecorator(application -> route(application, filters, exceptionHandlers));
    }

    /** Exactly {@code POST /mcp}, compared on the raw path: no decoding, no normalising. */
    static boolean isMcpPost(ServerHttpRequest request) {
        return request.getMethod() == HttpMethod.POST
                && "/mcp".equals(request.getPath().pathWithinApplication().value());
    }

    private HttpHandler route(
            HttpHandler application, List<WebFilter> filters, List<WebExceptionHandler> exceptionHandlers) {
        if (!(application instanceof HttpWebHandlerAdapter adapter)) {
            throw new IllegalStateException("Expected WebFlux's HttpWebHandlerAdapter, found " + application);
        }
        var mcp = new HttpWebHandlerAdapter(new ExceptionHandlingWebHandler(
                new FilteringWebHandler(this::handle, withMcpSecurity(filters)), exceptionHandlers));
        mcp.setSessionManager(adapter.getSessionManager());
        mcp.setCodecConfigurer(adapter.getCodecConfigurer());
        mcp.setLocaleContextResolver(adapter.getLocaleContextResolver());
        mcp.setForwardedHeaderTransformer(adapter.getForwardedHeaderTransformer());
        mcp.setObservationRegistry(adapter.getObservationRegistry());
        if (adapter.getObservationConvention() != null) {
            mcp.setObservationConvention(adapter.getObservationConvention());
        }
        if (adapter.getApplicationContext() != null) {
            mcp.setApplicationContext(adapter.getApplicationContext());
        }
        mcp.setDefaultHtmlEscape(adapter.getDefaultHtmlEscape());
        mcp.afterPropertiesSet();
        return (request, response) ->
                isMcpPost(request) ? mcp.handle(request, response) : application.handle(request, response);
    }

    /** The application's filters, Spring Security's chain proxy replaced by the chain it picks for {@code /mcp}. */
    private List<WebFilter> withMcpSecurity(List<WebFilter> filters) {
        List<WebFilter> mcpFilters = security.getWebFilters().collectList().block();
        List<WebFilter> result = new ArrayList<>();
        int proxies = 0;
        for (WebFilter filter : filters) {
            if (filter instanceof WebFilterChainProxy) {
                result.addAll(mcpFilters);
                proxies++;
            } else {
                result.add(filter);
            }
        }
        if (proxies != 1) {
            throw new IllegalStateException("Expected one Spring Security filter chain proxy, found " + proxies);
        }
        return List.copyOf(result);
    }

    /** What {@code RouterFunctionMapping} and the dispatcher would do for the one route {@code POST /mcp}. */
    private Mono<Void> handle(ServerWebExchange exchange) {
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
