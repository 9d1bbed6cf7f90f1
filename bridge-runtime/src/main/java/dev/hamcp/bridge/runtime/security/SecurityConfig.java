package dev.hamcp.bridge.runtime.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.command.user.LockoutPolicy;
import dev.hamcp.bridge.command.user.PasswordHasher;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.CatchUp;
import dev.hamcp.bridge.query.access.UserAccess;
import dev.hamcp.bridge.runtime.DataDirectory;
import dev.hamcp.bridge.runtime.mcp.transport.ProtectedResourceMetadata;
import dev.hamcp.bridge.runtime.web.Problems;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.MatcherSecurityWebFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.context.ReactorContextWebFilter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.savedrequest.ServerRequestCacheWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Who may reach what. Stateless bearer authentication with either credential: an access token is
 * checked for signature and expiry, then against the access view, so a logged-out session or a
 * disabled user is refused on the very next request; a personal {@code mcp_} API token is looked up
 * by its hash in the token view. Everything not opened here needs authentication: deny by default.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    /**
     * The baseline for every answer, the dashboard's above all: its own scripts, styles, images and
     * API only, never framed, no plugins, no base or form elsewhere. (Component libraries set
     * inline style attributes, hence 'unsafe-inline' for styles and for nothing else.)
     */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
                    + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
                    + " form-action 'self'; frame-ancestors 'none'";

    /**
     * {@code /mcp}, every MCP call, on a chain of its own: the same authentication, challenge,
     * refusal and password-change gate as every other path, and the same rule as the general
     * chain's for it ({@code anyExchange().authenticated()}), decided without first trying each
     * path rule of the general chain. A request whose path only reads {@code /mcp} after decoding
     * goes to the general chain, which treats it the same.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityWebFilterChain mcpSecurityWebFilterChain(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            AccessView view,
            Problems problems,
            ApiTokenAuthentication apiTokens,
            CatchUp catchUp,
            ProtectedResourceMetadata metadata) {
        return chain(
                MCP,
                common(http, decoder, view, catchUp, problems, apiTokens, metadata)
                        .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
                        .build(),
                new PasswordChangeGate(problems));
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            AccessView view,
            Problems problems,
            ApiTokenAuthentication apiTokens,
            CatchUp catchUp,
            ProtectedResourceMetadata metadata,
            MetricsAccess metrics) {
        return chain(
                ServerWebExchangeMatchers.anyExchange(),
                common(http, decoder, view, catchUp, problems, apiTokens, metadata)
                        .authorizeExchange(exchanges -> exchanges
                                .pathMatchers(HttpMethod.POST, "/auth/register", "/auth/login", "/auth/refresh")
                                .permitAll()
                                .pathMatchers(HttpMethod.GET, "/health", "/actuator/health", "/actuator/health/**")
                                .permitAll()
                                .pathMatchers(HttpMethod.GET, "/actuator/prometheus")
                                .access(metrics.manager())
                                .pathMatchers(
                                        HttpMethod.GET,
                                        ProtectedResourceMetadata.PATH,
                                        ProtectedResourceMetadata.PATH + "/**")
                                .permitAll()
                                .pathMatchers(HttpMethod.GET, "/", "/index.html", "/assets/**", "/favicon.ico")
                                .permitAll()
                                .pathMatchers("/admin/**", "/permissions/user/**", "/permissions/tools/**")
                                .hasRole("ADMIN")
                                .pathMatchers("/permissions/defaults", "/permissions/tools")
                                .hasRole("ADMIN")
                                .anyExchange()
                                .authenticated())
                        .build(),
                new PasswordChangeGate(problems));
    }

    /** Exactly the path {@code /mcp}, compared as {@code StreamableHttpDispatch} compares it. */
    private static final ServerWebExchangeMatcher MCP = new ServerWebExchangeMatcher() {
        private final Mono<MatchResult> match = MatchResult.match();
        private final Mono<MatchResult> notMatch = MatchResult.notMatch();

        @Override
        public Mono<MatchResult> matches(ServerWebExchange exchange) {
            return "/mcp"
                            .equals(exchange.getRequest()
                                    .getPath()
                                    .pathWithinApplication()
                                    .value())
                    ? match
                    : notMatch;
        }
    };

    /**
     * The chain's filters as Spring Security builds them, less two that provably do nothing with
     * this configuration and still ran on every request: the request-cache filter (the cache is
     * {@link NoOpServerRequestCache}: nothing is ever saved, so nothing is ever replayed) and the
     * filter that puts the repository's security context in the Reactor context (the repository is
     * {@link NoOpServerSecurityContextRepository}: its context is always empty, which reads as no
     * context at all; an authenticated request's context is put there by the authentication filter).
     */
    private static SecurityWebFilterChain chain(
            ServerWebExchangeMatcher matcher, SecurityWebFilterChain built, PasswordChangeGate gate) {
        List<WebFilter> filters = built.getWebFilters()
                .filter(filter -> !(filter instanceof ServerRequestCacheWebFilter)
                        && !(filter instanceof ReactorContextWebFilter))
                .collectList()
                .block();
        // The bearer authentication filter, the chain's only one, runs the gate once it has
        // authenticated a request: where the gate, as a filter right after it, ran before.
        int authentications = 0;
        for (WebFilter filter : filters) {
            if (filter instanceof AuthenticationWebFilter authentication) {
                authentication.setAuthenticationSuccessHandler(gate);
                authentications++;
            }
        }
        if (authentications != 1) {
            throw new IllegalStateException("Expected one authentication filter, found " + authentications);
        }
        return new MatcherSecurityWebFilterChain(matcher, filters);
    }

    /** Everything but the authorization rules, the same for every chain. */
    private static ServerHttpSecurity common(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            AccessView view,
            CatchUp catchUp,
            Problems problems,
            ApiTokenAuthentication apiTokens,
            ProtectedResourceMetadata metadata) {
        var accessTokens = new JwtReactiveAuthenticationManager(decoder);
        accessTokens.setJwtAuthenticationConverter(token -> {
            String userId = token.getSubject();
            String sessionId = token.getClaimAsString(AccessTokens.SESSION_CLAIM);
            var user = view.admit(userId, sessionId);
            if (user.isPresent()) {
                return Mono.just(authentication(user.get(), sessionId));
            }
            if (sessionId == null) {
                return Mono.error(new InvalidBearerTokenException("no session"));
            }
            // A session another node started a moment ago may not have reached this one yet.
            return catchUp.lookAgain("session:" + sessionId, () -> view.admit(userId, sessionId))
                    .map(found -> authentication(found, sessionId))
                    .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("revoked")));
        });
        ServerAuthenticationEntryPoint unauthenticated = (exchange, failure) -> {
            boolean presented = exchange.getRequest().getHeaders().containsHeader("Authorization");
            exchange.getResponse()
                    .getHeaders()
                    .set("WWW-Authenticate", metadata.challenge(exchange, presented ? "invalid_token" : null));
            return problems.write(
                    exchange,
                    ErrorCode.UNAUTHENTICATED,
                    presented
                            ? "The access token is invalid, expired or revoked."
                            : "Send an access token in the Authorization: Bearer header.",
                    Map.of());
        };
        // handle, not doOnNext: Reactor puts the user and correlation id in the MDC only there.
        ServerAccessDeniedHandler forbidden = (exchange, denied) -> exchange.getPrincipal()
                .handle((principal, sink) -> {
                    log.warn(
                            "Refused {} {} to user {}: not an administrator",
                            exchange.getRequest().getMethod(),
                            exchange.getRequest().getPath(),
                            principal.getName());
                    sink.next(principal);
                })
                .then(problems.write(exchange, ErrorCode.FORBIDDEN, "Your account may not do this.", Map.of()));
        return http.headers(
                        headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(new BearerTokens())
                        .authenticationManagerResolver(exchange -> Mono.just(authentication -> {
                            String bearer = ((BearerTokenAuthenticationToken) authentication).getToken();
                            return ApiTokenAuthentication.isApiToken(bearer)
                                    ? apiTokens.authenticate(bearer, exchange)
                                    : accessTokens.authenticate(authentication);
                        }))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden));
    }

    private static AbstractAuthenticationToken authentication(UserAccess user, String sessionId) {
        return new BridgeAuthentication(new BridgePrincipal(
                user.userId(), user.username(), user.role(), sessionId, null, false, user.mustChangePassword()));
    }

    @Bean
    SecretKey accessTokenSigningKey(AuthProperties properties, DataDirectory dataDirectory) {
        return SigningKey.load(properties, dataDirectory);
    }

    @Bean
    JwtEncoder jwtEncoder(SecretKey accessTokenSigningKey) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(accessTokenSigningKey));
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(SecretKey accessTokenSigningKey, AuthProperties properties) {
        var decoder = NimbusReactiveJwtDecoder.withSecretKey(accessTokenSigningKey)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(AccessTokens.ISSUER),
                new AccessTokenLifetime(properties.accessTokenLifetime(), Clock.systemUTC()));
        decoder.setJwtValidator(validator);
        // The issuer stays the string it is: by default it is first tried as a URL, and
        // "ha-mcp-bridge" is none, which cost a thrown and caught exception on every request.
        decoder.setClaimSetConverter(
                MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, issuer -> issuer)));
        return new VerifiedTokens(decoder, validator);
    }

    @Bean
    PasswordHasher passwordHasher(AuthProperties properties) {
        return new PasswordHasher(properties.passwordHashIterations());
    }

    @Bean
    LockoutPolicy lockoutPolicy(AuthProperties properties) {
        var lockout = properties.lockout();
        return new LockoutPolicy(lockout.maxFailures(), lockout.window(), lockout.duration());
    }
}
