package dev.hamcp.bridge.runtime.limits;

import dev.hamcp.bridge.api.limits.SecurityLimitsChanged;
import dev.hamcp.bridge.api.limits.SecurityLimitsEvent;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimitProperties;
import dev.hamcp.bridge.runtime.token.TokenProperties;
import org.springframework.stereotype.Component;

/**
 * The security limits in force on this node, answered from memory on every call: the default
 * per-user budget and the invalid-token brake. The configured values ({@code
 * bridge.rate-limit.requests-per-minute}, {@code bridge.tokens.invalid-attempts-per-minute}) hold
 * until an administrator first changes them; from then on the latest {@link SecurityLimitsChanged}
 * does, on every node, fed like the access view (this node's own changes as they commit, every
 * node's as the store has them; the aggregate's sequence number makes each count once).
 */
@Component
public class SecurityLimitsView {

    /** The streaming processor that follows the store on every node, with a node-local token. */
    public static final String FOLLOWER_PROCESSOR = "security-limits";
    /** The subscribing processor that applies this node's own changes as they commit. */
    public static final String LOCAL_PROCESSOR = "security-limits-local";

    /** The limits in force; {@code changed} is false while the configured defaults hold. */
    public record Limits(long requestsPerMinute, long invalidTokensPerMinute, boolean changed, long sequence) {}

    private volatile Limits current;

    SecurityLimitsView(RateLimitProperties rateLimits, TokenProperties tokens) {
        current = new Limits(rateLimits.requestsPerMinute(), tokens.invalidAttemptsPerMinute(), false, -1);
    }

    public Limits current() {
        return current;
    }

    /** Each user's default budget of MCP calls a minute. */
    public long requestsPerMinute() {
        return current.requestsPerMinute();
    }

    /** Invalid API tokens one client address may present a minute before it is refused before any lookup. */
    public long invalidTokensPerMinute() {
        return current.invalidTokensPerMinute();
    }

    synchronized void apply(SecurityLimitsEvent event, long sequence) {
        if (sequence <= current.sequence()) {
            return;
        }
        current = switch (event) {
            case SecurityLimitsChanged e ->
                new Limits(e.requestsPerMinute(), e.invalidTokensPerMinute(), true, sequence);
        };
    }
}
