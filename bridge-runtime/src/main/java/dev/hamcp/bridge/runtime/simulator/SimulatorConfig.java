package dev.hamcp.bridge.runtime.simulator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The built-in Home Assistant simulator at {@code /simulator/ha}, when {@code bridge.simulator.enabled}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("bridge.simulator.enabled")
class SimulatorConfig {

    private static final Logger log = LoggerFactory.getLogger(SimulatorConfig.class);

    @Bean
    BuiltInSimulator builtInSimulator(SimulatorProperties properties) {
        var builtIn = new BuiltInSimulator(properties);
        log.info(
                "Built-in Home Assistant simulator at {} (MCP at {}); its token was {}",
                builtIn.basePath(),
                builtIn.mcpPath(),
                builtIn.tokenGenerated()
                        ? "generated at start (set bridge.simulator.token to choose one)"
                        : "configured");
        return builtIn;
    }

    /** In the demo (and in tests) the simulator is a shared upstream, so a new user's first MCP call works. */
    @Bean
    SimulatorUpstreamDirectory simulatorUpstreamDirectory(BuiltInSimulator builtIn) {
        return new SimulatorUpstreamDirectory(builtIn);
    }

    @Bean
    RouterFunction<ServerResponse> simulatorRoutes(BuiltInSimulator builtIn) {
        var handler = new SimulatorHandler(builtIn);
        return RouterFunctions.route(RequestPredicates.path(BuiltInSimulator.BASE_PATH + "/**"), handler::handle);
    }

    /**
     * The simulator checks its own bearer token, which is not one of the bridge's JWTs: a chain of its
     * own, ahead of the bridge's, keeps the bridge's bearer authentication from refusing it first
     * (permitAll alone would not, since a present but undecodable bearer token fails authentication).
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain simulatorSecurityWebFilterChain(ServerHttpSecurity http) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(
                        BuiltInSimulator.BASE_PATH, BuiltInSimulator.BASE_PATH + "/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
                .build();
    }
}
