package dev.hamcp.bridge.api.maintenance;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An administrator had the request log's rows older than {@code cutoff} deleted now, instead of
 * waiting for the retention job; {@code rows} went. Recorded once done, so the count is the truth.
 */
public record RecordRequestLogPurge(Instant cutoff, long rows) {

    @TargetAggregateIdentifier
    public String housekeepingId() {
        return Housekeeping.ID;
    }
}
