package dev.hamcp.bridge.api.homeassistant;

import dev.hamcp.bridge.api.secret.EncryptedSecret;
import java.time.Duration;

/**
 * A connection's new definition, whole; {@code token} is the ciphertext now in force (the old one
 * when it was kept), and {@code tokenReplaced} says whether the user gave a new one.
 */
public record HaConnectionChanged(
        String userId,
        String connectionId,
        String name,
        String url,
        Duration timeout,
        EncryptedSecret token,
        boolean tokenReplaced,
        boolean exposed)
        implements HaConnectionDefined {}
