package dev.hamcp.bridge.query.history;

import java.time.Instant;

/**
 * The event that set a piece of access state: where it sits in the whole history, when, of which
 * type, and who did it, from where and why (from the event's audit metadata).
 */
public record Cause(long position, Instant at, String type, String actor, String clientIp, String reason) {}
