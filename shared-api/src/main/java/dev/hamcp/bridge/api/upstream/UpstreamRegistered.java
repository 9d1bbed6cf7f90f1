package dev.hamcp.bridge.api.upstream;

import dev.hamcp.bridge.api.secret.EncryptedSecret;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A shared upstream was registered. {@code token} is ciphertext or null; never the token itself. */
public record UpstreamRegistered(
        String name,
        UpstreamTransport transport,
        String url,
        String command,
        List<String> args,
        Set<String> allowedUsers,
        Duration timeout,
        EncryptedSecret token)
        implements UpstreamEvent {

    public UpstreamRegistered {
        args = args == null ? List.of() : List.copyOf(args);
        allowedUsers = allowedUsers == null ? Set.of() : Set.copyOf(allowedUsers);
    }
}
