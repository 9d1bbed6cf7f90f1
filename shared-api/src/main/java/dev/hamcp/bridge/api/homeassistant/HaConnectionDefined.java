package dev.hamcp.bridge.api.homeassistant;

import dev.hamcp.bridge.api.secret.EncryptedSecret;
import java.time.Duration;

/**
 * An event that sets a connection's whole definition, added or changed: what the aggregate and the
 * views keep of a connection reads the same from either.
 */
public sealed interface HaConnectionDefined extends HaConnectionEvent permits HaConnectionAdded, HaConnectionChanged {

    String name();

    String url();

    Duration timeout();

    /** Ciphertext under the user's data key. */
    EncryptedSecret token();

    boolean exposed();
}
