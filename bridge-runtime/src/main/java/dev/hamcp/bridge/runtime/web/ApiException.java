package dev.hamcp.bridge.runtime.web;

import dev.hamcp.bridge.api.error.ErrorCode;
import java.util.Map;

/** A refusal decided at the web edge; rendered as a problem response like every business error. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, String> headers;
    private final Map<String, Object> members;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, String> headers) {
        this(code, message, headers, Map.of());
    }

    /** @param members what the problem document says besides its standard members */
    public ApiException(ErrorCode code, String message, Map<String, String> headers, Map<String, Object> members) {
        super(message, null, false, false);
        this.code = code;
        this.headers = Map.copyOf(headers);
        this.members = Map.copyOf(members);
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

    public Map<String, Object> members() {
        return members;
    }
}
