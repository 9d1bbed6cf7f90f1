package dev.hamcp.bridge.api.permission;

/** The override on {@code tool} was removed. */
public record ToolLevelOverrideCleared(String tool) implements InstallationPolicyEvent {}
