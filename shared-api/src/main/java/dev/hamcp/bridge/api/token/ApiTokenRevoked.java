package dev.hamcp.bridge.api.token;

import java.time.Instant;

/** A token was revoked at {@code revokedAt}. */
public record ApiTokenRevoked(String tokenId, String userId, Instant revokedAt) implements ApiTokenEvent {}
