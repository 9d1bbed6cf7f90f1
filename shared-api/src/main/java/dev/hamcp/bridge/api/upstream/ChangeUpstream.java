package dev.hamcp.bridge.api.upstream;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An administrator replaces a registered upstream's definition. The stored token is kept when
 * {@code token} is null (nobody can read it back to send it again) unless {@code removeToken} is
 * set; a stdio upstream never keeps one.
 */
public record ChangeUpstream(
        @TargetAggregateIdentifier String name,
        UpstreamTransport transport,
        String url,
        String command,
        List<String> args,
        Set<String> allowedUsers,
        Duration timeout,
        BearerToken token,
        boolean removeToken) {

    public ChangeUpstream {
        args = args == null ? List.of() : List.copyOf(args);
        allowedUsers = allowedUsers == null ? Set.of() : Set.copyOf(allowedUsers);
    }
}
