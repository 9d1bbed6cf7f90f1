package dev.hamcp.bridge.api.maintenance;

import java.time.Instant;

/** The request log's rows older than {@code cutoff} were deleted on an administrator's demand: {@code rows} of them. */
public record RequestLogPurged(Instant cutoff, long rows) implements HousekeepingEvent {}
