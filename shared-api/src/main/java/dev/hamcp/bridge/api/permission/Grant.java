package dev.hamcp.bridge.api.permission;

import java.util.EnumSet;
import java.util.Set;

/**
 * The levels a user (or a token) holds on the tools whose name matches {@code tool}: one name or a
 * pattern with {@code *} wildcards ({@code Hass*}, {@code *}). A disabled grant is kept but gives
 * nothing, and, being the most specific match, it also hides what a broader grant would give.
 */
public record Grant(String tool, Set<ToolLevel> levels, boolean enabled) {

    public Grant {
        levels = levels == null || levels.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(levels));
    }

    /** The levels this grant gives: none when disabled. */
    public Set<ToolLevel> effectiveLevels() {
        return enabled ? levels : Set.of();
    }
}
