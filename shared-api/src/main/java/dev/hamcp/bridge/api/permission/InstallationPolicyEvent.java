package dev.hamcp.bridge.api.permission;

/** Every event of the installation's permission settings. */
public sealed interface InstallationPolicyEvent
        permits DefaultPolicyChanged, ToolLevelOverridden, ToolLevelOverrideCleared {}
