package dev.hamcp.bridge.runtime.mcp.gateway;

import java.util.Optional;

/**
 * Whether a caller may see and call a tool, answered from memory. The per-tool permission model
 * replaces the interim policy; the check already sits on the call path, before queueing.
 */
public interface ToolPermissions {

    /** Why {@code caller} may not use {@code tool} (naming the tool and the missing level), or empty when allowed. */
    Optional<String> refusal(Caller caller, RoutedTool tool);
}
