package dev.hamcp.bridge.runtime.permission;

import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.ToolLevel;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.Set;

/** A grant as a request body writes it: a tool or pattern, its levels, and whether it is on (the default). */
public record GrantRequest(@NotBlank String tool, @NotNull Set<ToolLevel> levels, Boolean enabled) {

    public Grant grant() {
        return new Grant(tool, levels, enabled == null || enabled);
    }
}
