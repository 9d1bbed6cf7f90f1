package dev.hamcp.bridge.query.permission;

import dev.hamcp.bridge.api.permission.ToolLevel;
import java.util.Set;

/** Whether a caller may use a tool: the level it needs and the levels the caller holds on it. */
public record Decision(boolean allowed, ToolLevel required, Set<ToolLevel> granted) {

    static Decision of(ToolLevel required, Set<ToolLevel> granted) {
        return new Decision(granted.contains(required), required, granted);
    }
}
