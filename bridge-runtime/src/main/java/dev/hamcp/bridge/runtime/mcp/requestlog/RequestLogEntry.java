package dev.hamcp.bridge.runtime.mcp.requestlog;

import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One call through the gateway, as the request log keeps it: never its arguments or result, only
 * their sizes.
 *
 * @param at when the request arrived
 * @param userId null when the caller was not authenticated
 * @param credentialId the session or API token id; never the credential itself
 * @param tool the tool name as the caller sent it; null when there was none
 * @param upstream the upstream it was routed to; null when it was not routed
 * @param errorCode the JSON-RPC error code the caller got, or null
 * @param latency from arrival to answer
 * @param requestBytes size of the request body
 * @param responseBytes size of the answer
 */
public record RequestLogEntry(
        Instant at,
        String userId,
        String credentialId,
        String tool,
        String upstream,
        RequestOutcome outcome,
        Integer errorCode,
        Duration latency,
        int requestBytes,
        int responseBytes,
        String clientIp) {

    public RequestLogEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            latency = Duration.ZERO;
        }
        requestBytes = Math.max(0, requestBytes);
        responseBytes = Math.max(0, responseBytes);
    }

    /** An entry for an authenticated {@code caller}, taking who, which credential and from where from it. */
    public static RequestLogEntry of(
            Caller caller,
            Instant at,
            String tool,
            String upstream,
            RequestOutcome outcome,
            Integer errorCode,
            Duration latency,
            int requestBytes,
            int responseBytes) {
        return new RequestLogEntry(
                at,
                caller.userId(),
                caller.credentialId(),
                tool,
                upstream,
                outcome,
                errorCode,
                latency,
                requestBytes,
                responseBytes,
                caller.clientIp());
    }
}
