package dev.hamcp.bridge.runtime.auth;

import dev.hamcp.bridge.runtime.web.PublicUrl;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * The dashboard's refresh token, kept where its scripts cannot read it: an {@code HttpOnly},
 * {@code SameSite=Strict} cookie sent to {@code /auth/refresh} only ({@code Secure} when the
 * bridge is reached over TLS). A refresh through the cookie must also carry
 * {@link #REQUEST_HEADER}: a page on another site cannot add a custom header to a request to the
 * bridge without a CORS preflight, which the bridge never grants, so it cannot make one (CSRF)
 * even in a browser that ignored {@code SameSite}. API clients keep the refresh token in the body.
 */
@Component
class RefreshCookie {

    static final String NAME = "bridge_refresh";
    static final String PATH = "/auth/refresh";

    /** Asks for the refresh through the cookie; its value must be {@code cookie}. */
    static final String REQUEST_HEADER = "X-Bridge-Refresh";

    private final PublicUrl publicUrl;

    RefreshCookie(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
    }

    /** Whether the request asks for the refresh through the cookie. */
    static boolean asked(ServerWebExchange exchange) {
        return "cookie".equals(exchange.getRequest().getHeaders().getFirst(REQUEST_HEADER));
    }

    /** The refresh token the cookie holds, if any. */
    static Optional<String> read(ServerWebExchange exchange) {
        return Optional.ofNullable(exchange.getRequest().getCookies().getFirst(NAME))
                .map(HttpCookie::getValue)
                .filter(value -> !value.isBlank());
    }

    /** Sets the cookie to {@code refreshToken}, for as long as the token lives. */
    void set(ServerWebExchange exchange, String refreshToken, Instant expiresAt) {
        var maxAge = Duration.between(Instant.now(), expiresAt);
        exchange.getResponse().addCookie(cookie(exchange, refreshToken, maxAge.isNegative() ? Duration.ZERO : maxAge));
    }

    /** Removes the cookie from the browser. */
    void clear(ServerWebExchange exchange) {
        exchange.getResponse().addCookie(cookie(exchange, "", Duration.ZERO));
    }

    private ResponseCookie cookie(ServerWebExchange exchange, String value, Duration maxAge) {
        return ResponseCookie.from(NAME, value)
                .httpOnly(true)
                .sameSite("Strict")
                .secure(publicUrl.of(exchange).startsWith("https:"))
                .path(PATH)
                .maxAge(maxAge)
                .build();
    }
}
