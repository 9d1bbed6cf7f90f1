package dev.hamcp.bridge.api.homeassistant;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one test of a Home Assistant connection found: whether it works, how long each step took,
 * what the instance is, and when it does not work, which class of failure and what to fix. Holds
 * nothing secret (never the token, never a response body), so it can become an event.
 *
 * @param ok every step passed
 * @param reachable an HTTP answer came back from the destination
 * @param tlsValid for https, whether the certificate was accepted; null for plain http or when no connection was made
 * @param steps each step in the order tried, up to the first that failed
 * @param version Home Assistant's version from {@code /api/config}; null when not reached
 * @param locationName {@code location_name} from {@code /api/config}; null when not reached
 * @param entityCount the number of entities {@code /api/states} listed; null when not reached
 * @param mcpEnabled whether {@code /api/mcp} answered as an MCP server; null when not reached
 * @param toolCount the number of tools {@code tools/list} named; null when not reached
 * @param failure the class of the failure; null when {@code ok}
 * @param advice what to do about the failure, for people; null when {@code ok}
 * @param warnings things that work but deserve attention (plain http to a public address)
 * @param testedAt when the test ran
 */
public record ConnectionTestResult(
        boolean ok,
        boolean reachable,
        Boolean tlsValid,
        List<Step> steps,
        String version,
        String locationName,
        Integer entityCount,
        Boolean mcpEnabled,
        Integer toolCount,
        Failure failure,
        String advice,
        List<String> warnings,
        Instant testedAt) {

    public ConnectionTestResult {
        steps = steps == null ? List.of() : List.copyOf(steps);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        Objects.requireNonNull(testedAt, "testedAt");
    }

    /**
     * One request of the test.
     *
     * @param name {@code api}, {@code config}, {@code states}, {@code mcp-initialize} or {@code mcp-tools}
     * @param ok whether it passed
     * @param httpStatus the status it got; null when no answer came
     * @param latencyMillis from sending to the whole answer (or to the failure)
     */
    public record Step(String name, boolean ok, Integer httpStatus, long latencyMillis) {}

    /** Why a test failed, in the classes a person can act on. */
    public enum Failure {
        /** The host name does not resolve. */
        DNS,
        /** Nothing listens at that address and port. */
        REFUSED,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The TLS handshake failed: an untrusted, expired or mismatched certificate. */
        TLS,
        /** Home Assistant rejected the token (HTTP 401). */
        TOKEN_REJECTED,
        /** {@code /api/mcp} requires an administrator's token (HTTP 403). */
        ADMIN_REQUIRED,
        /** {@code /api/mcp} is missing (HTTP 404): the MCP server integration is not enabled. */
        MCP_NOT_ENABLED,
        /** The destination is one the bridge never connects to (link-local, cloud metadata, outside the allow-list). */
        DESTINATION_REFUSED,
        /** The server redirected to another host, which is not followed. */
        REDIRECT_REFUSED,
        /** An answer that is not Home Assistant's (a wrong URL, a proxy's error page). */
        UNEXPECTED_RESPONSE
    }
}
