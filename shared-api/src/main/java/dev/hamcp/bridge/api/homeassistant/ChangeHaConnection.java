package dev.hamcp.bridge.api.homeassistant;

import dev.hamcp.bridge.api.upstream.BearerToken;
import java.time.Duration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A user changes one of their connections: a whole new name, URL, timeout and exposure; the stored
 * token stays unless {@code token} gives a new one. {@code makeDefault} moves the default here; a
 * connection stops being the default only when another one becomes it.
 */
public record ChangeHaConnection(
        String userId,
        String connectionId,
        String name,
        String url,
        BearerToken token,
        Duration timeout,
        boolean makeDefault,
        boolean exposed) {

    @TargetAggregateIdentifier
    public String connectionsId() {
        return HaConnectionIds.of(userId);
    }
}
