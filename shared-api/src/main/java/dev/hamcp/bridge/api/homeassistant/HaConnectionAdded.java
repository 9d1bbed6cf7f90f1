package dev.hamcp.bridge.api.homeassistant;

import dev.hamcp.bridge.api.secret.EncryptedSecret;
import java.time.Duration;

/** A user connected a Home Assistant instance; {@code token} is ciphertext under the user's data key. */
public record HaConnectionAdded(
        String userId,
        String connectionId,
        String name,
        String url,
        Duration timeout,
        EncryptedSecret token,
        boolean exposed)
        implements HaConnectionDefined {}
