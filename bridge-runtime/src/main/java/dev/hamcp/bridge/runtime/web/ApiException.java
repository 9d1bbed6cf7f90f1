package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.error.ErrorCode;
import java.util.Map;

/** A refusal decided at the web edge; rendered as a problem response like every business error. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    /** A {@code 429 rate-limited} whose {@code Retry-After} says when to try again. */
    public static ApiException rateLimited(String message, long retryAfterSeconds) {
        return new ApiException(
                ErrorCode.RATE_LIMITED, message, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
