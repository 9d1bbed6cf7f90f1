package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem responses: a stable {@code type} per {@link ErrorCode}, a title, a
 * message meant for people, and the correlation id to quote when asking for help. Nothing else
 * (no exception text, no stack trace, no echo of the input) ever goes into one.
 */
@Component
public class Problems {

    public static final String TYPE_PREFIX = "/problems/";

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    public static HttpStatus statusOf(ErrorCode code) {
        return switch (code) {
            case MALFORMED_REQUEST,
                    VALIDATION_FAILED,
                    UNKNOWN_FIELD,
                    PASSWORD_POLICY,
                    WRONG_CURRENT_PASSWORD,
                    INVALID_UPSTREAM,
                    INVALID_TOOL_PATTERN,
                    UNKNOWN_TOOL,
                    INVALID_NETWORK,
                    INVALID_EXPIRY,
                    EXCEEDS_OWN_RIGHTS,
                    INVALID_HA_CONNECTION,
                    DESTINATION_REFUSED -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED, INVALID_CREDENTIALS, INVALID_REFRESH_TOKEN -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN, PASSWORD_CHANGE_REQUIRED, PERMISSION_DENIED, ADDRESS_NOT_ALLOWED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND,
                    USER_NOT_FOUND,
                    SESSION_NOT_FOUND,
                    UPSTREAM_NOT_FOUND,
                    PERMISSION_NOT_FOUND,
                    TOKEN_NOT_FOUND,
                    HA_CONNECTION_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
            case USERNAME_TAKEN,
                    UPSTREAM_NAME_TAKEN,
                    LAST_ADMIN,
                    CONFLICT,
                    TOKEN_REVOKED,
                    HA_CONNECTION_NAME_TAKEN,
                    TOO_MANY_HA_CONNECTIONS -> HttpStatus.CONFLICT;
            case PAYLOAD_TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case ACCOUNT_LOCKED, RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE, OVERLOADED, STARTING -> HttpStatus.SERVICE_UNAVAILABLE;
            case UPSTREAM_UNAVAILABLE -> HttpStatus.BAD_GATEWAY;
            case UPSTREAM_TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
        };
    }

    static String title(ErrorCode code) {
        String words = code.slug().replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Writes the problem for {@code code}; {@code extra} members (such as field errors) are added as they are. */
    public Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail, Map<String, Object> extra) {
        return write(exchange, code, statusOf(code), detail, extra);
    }

    Mono<Void> write(
            ServerWebExchange exchange, ErrorCode code, HttpStatus status, String detail, Map<String, Object> extra) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("type", TYPE_PREFIX + code.slug());
        body.put("title", title(code));
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        body.put("correlationId", RequestContext.of(exchange).correlationId());
        body.putAll(extra);
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().setContentLength(bytes.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
