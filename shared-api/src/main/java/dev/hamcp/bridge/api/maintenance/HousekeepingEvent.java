package dev.hamcp.bridge.api.maintenance;

/** Every event of the housekeeping aggregate, so followers switch over them exhaustively. */
public sealed interface HousekeepingEvent permits RequestLogPurged {}
