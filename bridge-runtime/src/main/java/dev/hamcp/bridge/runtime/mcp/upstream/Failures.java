package dev.hamcp.bridge.runtime.mcp.upstream;

import dev.hamcp.bridge.runtime.mcp.spec.GatewayError;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.upstream.UpstreamFailure.Kind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.modelcontextprotocol.spec.McpError;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Sorts what went wrong talking to an upstream, and words it for the caller. The SDK reports
 * the same fault in several shapes (wrapped by its initializer, by {@code CompletableFuture}, or
 * only as a status code), so each question walks the whole cause chain.
 */
final class Failures {

    private static final Pattern BEARER = Pattern.compile("(?i)bearer\\s+[^\\s\"',;]+");
    private static final int LONGEST_PASSED_MESSAGE = 500;

    private Failures() {}

    /** The upstream answered the bridge's own credential with 401 or 403. */
    static final class CredentialRejected extends RuntimeException {
        final int status;

        CredentialRejected(int status) {
            super("HTTP " + status, null, false, false);
            this.status = status;
        }
    }

    /**
     * A guarded upstream's host resolved, when its session began, to an address the bridge never
     * connects to. The message names the host and why, never the address it resolved to.
     */
    static final class ForbiddenDestination extends RuntimeException {
        ForbiddenDestination(String message) {
            super(message, null, false, false);
        }
    }

    /** A stdio upstream's process could not be started, or ended while the session was open. */
    static final class ProcessEnded extends RuntimeException {
        ProcessEnded(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /**
     * What one attempt's error means: the upstream's JSON-RPC answer passes as it is, every other
     * error becomes an {@link UpstreamFailure}.
     *
     * @param sent whether the request itself may have left the bridge (initialization had finished)
     * @param readOnly whether the request only observes, so that doing it twice does no harm
     * @param httpStatus the HTTP error status this call's request got, if any
     */
    static Throwable classify(Throwable error, boolean sent, boolean readOnly, Deadline deadline, Integer httpStatus) {
        var answer = find(error, McpError.class);
        if (answer != null && sent) {
            return answer;
        }
        if (error instanceof GatewayError || error instanceof UpstreamFailure) {
            return error;
        }
        var rejected = find(error, CredentialRejected.class);
        if (rejected != null) {
            return new UpstreamFailure(Kind.CREDENTIAL_REJECTED, rejected.status, false, deadline, error);
        }
        if (find(error, ForbiddenDestination.class) != null) {
            // Asking again would resolve again, and a name that pointed at the metadata service a
            // moment ago is not given a second chance within the same call.
            return new UpstreamFailure(Kind.DESTINATION_REFUSED, 0, false, deadline, error);
        }
        boolean safe = !sent || readOnly;
        if (neverConnected(error)) {
            return new UpstreamFailure(Kind.UNREACHABLE, 0, true, deadline, error);
        }
        if (find(error, ProcessEnded.class) != null) {
            return new UpstreamFailure(Kind.PROCESS_ENDED, 0, safe, deadline, error);
        }
        if (find(error, TimeoutException.class) != null) {
            return new UpstreamFailure(Kind.TIMEOUT, 0, safe, deadline, error);
        }
        if (httpStatus == null) {
            var noAnswer = find(error, StreamableHttpClient.NoAnswer.class);
            httpStatus = noAnswer == null ? 0 : noAnswer.httpStatus;
        }
        return new UpstreamFailure(Kind.BROKEN, httpStatus, safe, deadline, error);
    }

    /**
     * The error a caller sees. Never the upstream's own text, except an invalid-arguments message,
     * which helps a model correct its call and is cleared of anything that looks like a credential.
     */
    static GatewayError toMcpError(
            String upstream, String action, Duration timeout, Throwable error, Integer rejectedStatus, String token) {
        Map<String, Object> data = Map.of("upstream", upstream);
        if (error instanceof GatewayError own) {
            return own;
        }
        if (error instanceof CallNotPermittedException) {
            if (rejectedStatus != null) {
                return credentialRejected(upstream, rejectedStatus, data);
            }
            return new GatewayError(
                    JsonRpc.UPSTREAM_UNAVAILABLE,
                    upstream + " is unavailable: after repeated failures the bridge pauses calls to it for a moment",
                    data);
        }
        if (error instanceof McpError answer) {
            var rpcError = answer.getJsonRpcError();
            if (rpcError != null && rpcError.code() == JsonRpc.INVALID_PARAMS) {
                return new GatewayError(JsonRpc.INVALID_PARAMS, redact(rpcError.message(), token), data);
            }
            int code = rpcError == null ? JsonRpc.INTERNAL_ERROR : rpcError.code();
            return new GatewayError(
                    JsonRpc.INTERNAL_ERROR, upstream + " could not " + action + " (its error code " + code + ")", data);
        }
        if (error instanceof UpstreamFailure failure) {
            return switch (failure.kind()) {
                case CREDENTIAL_REJECTED -> credentialRejected(upstream, failure.httpStatus(), data);
                case TIMEOUT ->
                    new GatewayError(
                            JsonRpc.TIMEOUT,
                            upstream + " did not " + action + " within " + humane(timeout),
                            Map.of("upstream", upstream, "timeoutSeconds", timeout.toSeconds()));
                case DESTINATION_REFUSED ->
                    new GatewayError(
                            JsonRpc.UPSTREAM_UNAVAILABLE,
                            upstream + " is unavailable: the bridge refuses its destination: "
                                    + find(failure, ForbiddenDestination.class).getMessage(),
                            Map.of("upstream", upstream, "reason", "destination-refused"));
                case UNREACHABLE ->
                    new GatewayError(
                            JsonRpc.UPSTREAM_UNAVAILABLE, upstream + " is unavailable: it cannot be reached", data);
                case PROCESS_ENDED ->
                    new GatewayError(
                            JsonRpc.UPSTREAM_UNAVAILABLE,
                            upstream + " is unavailable: its process could not start or has ended",
                            data);
                case BROKEN ->
                    new GatewayError(
                            JsonRpc.UPSTREAM_UNAVAILABLE,
                            upstream + " is unavailable: "
                                    + (failure.httpStatus() > 0
                                            ? "it answered HTTP " + failure.httpStatus()
                                            : "the exchange with it failed"),
                            data);
            };
        }
        return new GatewayError(JsonRpc.INTERNAL_ERROR, "The bridge could not " + action + " on " + upstream, data);
    }

    /** An upstream's text with its credential, and anything shaped like a bearer token, blanked out. */
    static String redact(String text, String token) {
        if (text == null || text.isBlank()) {
            return "Invalid arguments";
        }
        var clean = text;
        if (token != null && !token.isBlank()) {
            clean = clean.replace(token, "[redacted]");
        }
        clean = BEARER.matcher(clean).replaceAll("Bearer [redacted]");
        return clean.length() <= LONGEST_PASSED_MESSAGE ? clean : clean.substring(0, LONGEST_PASSED_MESSAGE) + "...";
    }

    /** A short description for logs: the kind and the innermost cause's type, never a message. */
    static String describe(Throwable error) {
        var root = error;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        var kind = error instanceof UpstreamFailure failure
                ? failure.kind().name()
                : error.getClass().getSimpleName();
        return root == error ? kind : kind + " (" + root.getClass().getSimpleName() + ")";
    }

    private static GatewayError credentialRejected(String upstream, int status, Map<String, Object> data) {
        return new GatewayError(
                JsonRpc.UPSTREAM_UNAVAILABLE,
                upstream + " is unavailable: it refused the bridge's credential (HTTP " + status
                        + "); calls stay stopped until the upstream's token is replaced",
                data);
    }

    private static boolean neverConnected(Throwable error) {
        return find(error, ConnectException.class) != null
                || find(error, HttpConnectTimeoutException.class) != null
                || find(error, UnknownHostException.class) != null
                || find(error, UnresolvedAddressException.class) != null
                || find(error, NoRouteToHostException.class) != null;
    }

    private static String humane(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        var current = error;
        for (int depth = 0; current != null && depth < 20; depth++) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return null;
    }
}
