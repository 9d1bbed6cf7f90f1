package dev.hamcp.bridge.runtime.audit.chain;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tamper-evident chain over the event store ({@code bridge.audit.chain.*}, docs/audit.md).
 *
 * @param enabled whether this node chains and checkpoints (it still serves proofs and verifies when not)
 * @param pollInterval how often the writer looks for new events (sooner when this node appended some)
 * @param gapTimeout how long a missing position may stay missing before it is chained as a gap
 * @param batchSize events chained per transaction at most
 * @param checkpointInterval how often a signed checkpoint is made, when the chain grew
 * @param signingKey base64 of 32 random bytes, the Ed25519 seed of the checkpoints' key; every node
 *     of one installation needs the same. Empty: generated once into the data directory.
 */
@ConfigurationProperties("bridge.audit.chain")
public record AuditChainProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("5s") Duration gapTimeout,
        @DefaultValue("500") int batchSize,
        @DefaultValue("1h") Duration checkpointInterval,
        String signingKey) {

    public AuditChainProperties {
        requirePositive(pollInterval, "poll-interval");
        requirePositive(gapTimeout, "gap-timeout");
        requirePositive(checkpointInterval, "checkpoint-interval");
        if (batchSize < 1) {
            throw new IllegalArgumentException("bridge.audit.chain.batch-size must be at least 1");
        }
    }

    boolean signingKeyConfigured() {
        return signingKey != null && !signingKey.isBlank();
    }

    @Override
    public String toString() {
        return "AuditChainProperties[enabled=" + enabled + ", pollInterval=" + pollInterval + ", gapTimeout="
                + gapTimeout + ", batchSize=" + batchSize + ", checkpointInterval=" + checkpointInterval
                + ", signingKey=" + (signingKeyConfigured() ? "set" : "generated") + "]";
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("bridge.audit.chain." + name + " must be positive");
        }
    }
}
