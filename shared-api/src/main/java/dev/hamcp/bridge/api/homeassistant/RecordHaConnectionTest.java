package dev.hamcp.bridge.api.homeassistant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The bridge records what a test of a saved connection found, for the history of its health. */
public record RecordHaConnectionTest(String userId, String connectionId, ConnectionTestResult result) {

    @TargetAggregateIdentifier
    public String connectionsId() {
        return HaConnectionIds.of(userId);
    }
}
