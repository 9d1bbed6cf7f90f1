package dev.hamcp.bridge.api.user;

/** What a person may administer: plain users manage only themselves, administrators manage everyone. */
public enum Role {
    USER,
    ADMIN
}
