package dev.hamcp.bridge.api.secret;

/** What happened to the installation's keyring: one stream for the whole bridge. */
public sealed interface KeyringEvent permits DataKeysRewrapped {

    /** The id of the keyring's one stream. */
    String KEYRING_ID = "keyring";
}
