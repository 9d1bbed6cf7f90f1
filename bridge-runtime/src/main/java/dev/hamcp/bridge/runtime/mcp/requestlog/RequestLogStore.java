package dev.hamcp.bridge.runtime.mcp.requestlog;

import java.time.Instant;
import java.util.List;

/** Where request log entries end up. */
interface RequestLogStore {

    void insert(List<RequestLogEntry> batch);

    /** Deletes every entry from before {@code cutoff}; returns how many went. */
    long deleteOlderThan(Instant cutoff);
}
