package dev.hamcp.bridge.runtime.permission;

import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.ToolLevel;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Permissions ({@code bridge.permissions.*}).
 *
 * @param initialDefaults the default policy an installation starts with, set once at the first
 *     start (as a command by {@code system}, so it is in the audit history) and left alone after
 *     anyone changes it; empty keeps the built-in default, read on every tool. The demo profile
 *     uses it so a newcomer may also switch the simulator's lights.
 */
@ConfigurationProperties("bridge.permissions")
public record PermissionProperties(List<InitialGrant> initialDefaults) {

    public record InitialGrant(String tool, Set<ToolLevel> levels) {

        Grant grant() {
            return new Grant(tool, levels, true);
        }
    }

    public PermissionProperties {
        initialDefaults = initialDefaults == null ? List.of() : List.copyOf(initialDefaults);
    }

    List<Grant> initialGrants() {
        return initialDefaults.stream().map(InitialGrant::grant).toList();
    }
}
