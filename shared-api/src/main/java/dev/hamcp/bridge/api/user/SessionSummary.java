package dev.hamcp.bridge.api.user;

import java.time.Instant;

/** A login session as the read model shows it. */
public record SessionSummary(
        String sessionId,
        Instant startedAt,
        Instant lastRefreshedAt,
        Instant expiresAt,
        String clientIp,
        String userAgent) {}
