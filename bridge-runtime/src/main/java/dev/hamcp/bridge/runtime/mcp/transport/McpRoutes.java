package dev.hamcp.bridge.runtime.mcp.transport;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Where each MCP transport lives. Security (authentication, 401 with resource metadata) applies before any of them. */
@Configuration(proxyBeanMethods = false)
class McpRoutes {

    @Bean
    RouterFunction<ServerResponse> mcpTransports(
            StreamableHttpEndpoint streamable,
            LegacySseEndpoint legacy,
            RestShapeEndpoint rest,
            ProtectedResourceMetadata metadata) {
        RouterFunction<ServerResponse> restShape = route(POST("/mcp/initialize"), rest::initialize)
                .andRoute(POST("/mcp/tools/list"), rest::listTools)
                .andRoute(POST("/mcp/tools/call"), rest::callTool)
                .andRoute(GET("/mcp/status"), rest::status)
                .filter(rest::fromAllowedOrigin);
        return route(POST("/mcp"), streamable::post)
                .andRoute(GET("/mcp"), streamable::get)
                .andRoute(DELETE("/mcp"), streamable::delete)
                .andRoute(GET("/sse"), legacy::open)
                .andRoute(POST("/message"), legacy::message)
                .and(restShape)
                .andRoute(GET(ProtectedResourceMetadata.PATH), metadata::metadata)
                .andRoute(GET(ProtectedResourceMetadata.PATH + "/**"), metadata::metadata);
    }
}
