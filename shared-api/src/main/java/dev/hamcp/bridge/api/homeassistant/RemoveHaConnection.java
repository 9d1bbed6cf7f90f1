package dev.hamcp.bridge.api.homeassistant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A user removes one of their connections; its history stays in the event store. */
public record RemoveHaConnection(String userId, String connectionId) {

    @TargetAggregateIdentifier
    public String connectionsId() {
        return HaConnectionIds.of(userId);
    }
}
