package dev.hamcp.bridge.api.limits;

/** Every event of the security limits aggregate, so followers switch over them exhaustively. */
public sealed interface SecurityLimitsEvent permits SecurityLimitsChanged {}
