package dev.hamcp.bridge.api.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An administrator adds a shared upstream under a new name ({@code [a-z0-9-]{1,32}}).
 *
 * @param url the MCP endpoint of an HTTP upstream; null for stdio
 * @param command the program of a stdio upstream; null for HTTP
 * @param args its arguments
 * @param allowedUsers ids of the users who may use it; empty means everyone
 * @param token sent as {@code Authorization: Bearer} to an HTTP upstream; optional
 */
public record RegisterUpstream(
        @TargetAggregateIdentifier String name,
        UpstreamTransport transport,
        String url,
        String command,
        List<String> args,
        Set<String> allowedUsers,
        Duration timeout,
        BearerToken token) {

    public RegisterUpstream {
        args = args == null ? List.of() : List.copyOf(args);
        allowedUsers = allowedUsers == null ? Set.of() : Set.copyOf(allowedUsers);
    }
}
