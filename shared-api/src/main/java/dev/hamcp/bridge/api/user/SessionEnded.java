package dev.hamcp.bridge.api.user;

/** A session stopped being valid, together with every access token issued for it. */
public record SessionEnded(String userId, String sessionId, SessionEndReason reason) implements UserEvent {}
