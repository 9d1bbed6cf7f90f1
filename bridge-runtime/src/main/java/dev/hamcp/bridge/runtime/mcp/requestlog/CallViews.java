package dev.hamcp.bridge.runtime.mcp.requestlog;

import dev.hamcp.bridge.query.token.TokenView;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** A call as the API and the live stream show it to its owner: with the name of the token it was made with. */
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
            RequestOutcome outcome,
            Integer errorCode,
            int latencyMs,
            int requestBytes,
            int responseBytes,
            String clientIp,
            String tokenId,
            String tokenName) {}

    private final TokenView tokens;

    CallViews(TokenView tokens) {
        this.tokens = tokens;
    }

    public CallView of(CallLog.Call call) {
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
