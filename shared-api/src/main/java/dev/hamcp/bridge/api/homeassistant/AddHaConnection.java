package dev.hamcp.bridge.api.homeassistant;

import dev.hamcp.bridge.api.upstream.BearerToken;
import java.time.Duration;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A user connects one of their Home Assistant instances.
 *
 * @param name how the user tells their instances apart ({@code [a-z0-9-]{1,32}}); prefixes tool names
 *     when the user sees more than one upstream
 * @param url the instance's base URL ({@code http(s)://host:8123}); its MCP endpoint is {@code url/api/mcp}
 * @param token a long-lived access token of that instance; sealed before it becomes an event
 * @param timeout per call and per connection test
 * @param makeDefault whether MCP calls go here by default; a user's first connection always becomes the default
 * @param exposed whether this connection is also an upstream of its own while it is not the default
 */
public record AddHaConnection(
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
