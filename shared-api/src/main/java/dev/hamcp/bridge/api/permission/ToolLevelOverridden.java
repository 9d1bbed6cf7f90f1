package dev.hamcp.bridge.api.permission;

/** {@code tool} now needs {@code level}, whatever the catalog or its upstream say. */
public record ToolLevelOverridden(String tool, ToolLevel level) implements InstallationPolicyEvent {}
