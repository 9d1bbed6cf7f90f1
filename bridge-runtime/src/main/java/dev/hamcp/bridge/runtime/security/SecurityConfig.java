package dev.hamcp.bridge.runtime.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.command.user.LockoutPolicy;
import dev.hamcp.bridge.command.user.PasswordHasher;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.CatchUp;
import dev.hamcp.bridge.query.access.UserAccess;
import dev.hamcp.bridge.runtime.DataDirectory;
import dev.hamcp.bridge.runtime.audit.trail.InvalidTokenAttempts;
import dev.hamcp.bridge.runtime.dashboard.DashboardRoutes;
import dev.hamcp.bridge.runtime.mcp.transport.ProtectedResourceMetadata;
import dev.hamcp.bridge.runtime.web.Problems;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.time.Clock;
import java.util.Map;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
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
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
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
     * The one chain every request passes, {@code /mcp} included, behind Spring Security's own
     * {@code WebFilterChainProxy} and its firewall: the path rules here, then, for an authenticated
     * account that must first change its password, the {@link PasswordChangeGate}.
     */
    @Bean
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            AccessView view,
            Problems problems,
            ApiTokenAuthentication apiTokens,
            CatchUp catchUp,
            ProtectedResourceMetadata metadata,
            MetricsAccess metrics,
            InvalidTokenAttempts invalidTokens) {
        return common(http, decoder, view, catchUp, problems, apiTokens, metadata, invalidTokens)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.POST, "/auth/register", "/auth/login", "/auth/refresh")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/health", "/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/actuator/prometheus")
                        .access(metrics.manager())
                        .pathMatchers(
                                HttpMethod.GET, ProtectedResourceMetadata.PATH, ProtectedResourceMetadata.PATH + "/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, DashboardRoutes.publicPaths())
                        .permitAll()
                        .pathMatchers("/admin/**", "/permissions/user/**", "/permissions/tools/**")
                        .hasRole("ADMIN")
                        .pathMatchers("/permissions/defaults", "/permissions/tools")
                        .hasRole("ADMIN")
                        .anyExchange()
                        .authenticated())
                .addFilterAfter(new PasswordChangeGate(problems), SecurityWebFiltersOrder.AUTHENTICATION)
                .build();
    }

    /**
     * What the firewall refuses (an encoded slash or dot, a {@code ;} path parameter, a header
     * name or value with control characters, an unusual method) leaves as a problem like every
     * other bad request, not as an empty 400.
     */
    @Bean
    ServerExchangeRejectedHandler exchangeRejectedHandler(Problems problems) {
        return (exchange, rejected) -> {
            // Not the firewall's message: it quotes the refused header value, which may be a secret.
            log.warn(
                    "Firewall refused a {} request from {}",
                    exchange.getRequest().getMethod(),
                    RequestContext.of(exchange).clientIp());
            return problems.write(
                    exchange,
                    ErrorCode.MALFORMED_REQUEST,
                    "The request was refused: its path or one of its headers is not allowed.",
                    Map.of());
        };
    }

    /** Everything but the authorization rules, the same for every chain. */
    private static ServerHttpSecurity common(
            ServerHttpSecurity http,
            ReactiveJwtDecoder decoder,
            AccessView view,
            CatchUp catchUp,
            Problems problems,
            ApiTokenAuthentication apiTokens,
            ProtectedResourceMetadata metadata,
            InvalidTokenAttempts invalidTokens) {
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
            String authorization = exchange.getRequest().getHeaders().getFirst("Authorization");
            boolean presented = authorization != null;
            // Counted for the security statistics, by kind only: never the token, and off the
            // database (a counter in memory, written in batches).
            if (presented && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                invalidTokens.record(
                        ApiTokenAuthentication.isApiToken(
                                        authorization.substring(7).strip())
                                ? InvalidTokenAttempts.Kind.API_TOKEN
                                : InvalidTokenAttempts.Kind.ACCESS_TOKEN);
            }
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
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
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
