package dev.hamcp.bridge.runtime.mcp.requestlog;

import dev.hamcp.bridge.query.token.TokenView;
import dev.hamcp.bridge.runtime.homeassistant.HaConnectionDirectory;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * A call as the API and the live stream show it to its owner: with the name of the token it was
 * made with, and the name they gave the Home Assistant connection it went to (the log keeps the
 * connection's id, {@code ha-<id>}, which outlives a rename).
 */
@Component
public class CallViews {

    /**
     * One call; {@code tokenId} and {@code tokenName} name the caller's API token it was made
     * with, and are null for a call made from a signed-in session (the dashboard's tester).
     */
    public record CallView(
            String id,
            Instant at,
            String tool,
            String upstream,
            String upstreamLabel,
            RequestOutcome outcome,
            Integer errorCode,
            int latencyMs,
            int requestBytes,
            int responseBytes,
            String clientIp,
            String tokenId,
            String tokenName) {}

    private final TokenView tokens;
    private final HaConnectionDirectory connections;

    CallViews(TokenView tokens, HaConnectionDirectory connections) {
        this.tokens = tokens;
        this.connections = connections;
    }

    /** How {@code userId}'s calls are shown: worked out once for all the calls of one answer. */
    public Function<CallLog.Call, CallView> forUser(String userId) {
        Map<String, String> labels = connections.upstreamsFor(userId).stream()
                .collect(Collectors.toMap(UpstreamDefinition::name, UpstreamDefinition::label, (a, b) -> a));
        return call -> of(call, labels);
    }

    private CallView of(CallLog.Call call, Map<String, String> labels) {
        var token = call.credentialId() == null
                ? null
                : tokens.token(call.credentialId())
                        .filter(owned -> owned.userId().equals(call.userId()))
                        .orElse(null);
        return new CallView(
                Long.toString(call.id()),
                call.at(),
                call.tool(),
                call.upstream(),
                call.upstream() == null ? null : labels.getOrDefault(call.upstream(), call.upstream()),
                call.outcome(),
                call.errorCode(),
                call.latencyMs(),
                call.requestBytes(),
                call.responseBytes(),
                call.clientIp(),
                token == null ? null : token.tokenId(),
                token == null ? null : token.name());
    }
}
