package dev.hamcp.bridge.api.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A registered upstream as administrators see it: no secret, only the token's fingerprint (null
 * when it has none), and the revision that changes with every change.
 */
public record UpstreamSummary(
        String name,
        UpstreamTransport transport,
        String url,
        String command,
        List<String> args,
        Set<String> allowedUsers,
        Duration timeout,
        String tokenFingerprint,
        long revision) {}
