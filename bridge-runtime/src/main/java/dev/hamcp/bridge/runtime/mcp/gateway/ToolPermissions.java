package dev.hamcp.bridge.runtime.mcp.gateway;

import java.util.Optional;

/**
 * Whether a caller may see and call a tool, answered from memory (the permission and token views)
 * on the call path, before queueing: {@code ToolAuthority} in the permission package.
 */
public interface ToolPermissions {

    /** Why {@code caller} may not use {@code tool} (naming the tool and the missing level), or empty when allowed. */
    Optional<String> refusal(Caller caller, RoutedTool tool);
}
