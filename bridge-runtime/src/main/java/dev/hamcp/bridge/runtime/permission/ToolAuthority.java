package dev.hamcp.bridge.runtime.permission;

import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.permission.Decision;
import dev.hamcp.bridge.query.permission.PermissionView;
import dev.hamcp.bridge.query.token.ApiTokenAccess;
import dev.hamcp.bridge.query.token.TokenView;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.RoutedTool;
import dev.hamcp.bridge.runtime.mcp.gateway.ToolPermissions;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Decides from memory whether a caller may use a tool: the level the tool needs (an administrator's
 * override, the Home Assistant catalog, the upstream's annotations, else execute) against the
 * levels the caller holds (explicit grants, else the default policy; everything for an
 * administrator), narrowed by the API token the caller presented.
 */
@Component
public class ToolAuthority implements ToolPermissions {

    private final AccessView users;
    private final TokenView tokens;
    private final PermissionView permissions;

    ToolAuthority(AccessView users, TokenView tokens, PermissionView permissions) {
        this.users = users;
        this.tokens = tokens;
        this.permissions = permissions;
    }

    @Override
    public Optional<String> refusal(Caller caller, RoutedTool tool) {
        Decision decision = decide(caller.userId(), caller.tokenId(), tool);
        if (decision.allowed()) {
            return Optional.empty();
        }
        return Optional.of("Calling " + tool.exposedName() + " needs the "
                + decision.required().wireName() + " level; you hold " + describe(decision.granted()) + " on it.");
    }

    /** The decision for {@code userId}, through the API token {@code tokenId} when not null, on {@code tool}. */
    public Decision decide(String userId, String tokenId, RoutedTool tool) {
        ToolLevel required = requiredLevel(tool.definition());
        var user = users.user(userId).orElse(null);
        ApiTokenAccess token = null;
        if (tokenId != null) {
            token = tokens.token(tokenId)
                    .filter(t -> t.status(tokens.now()) == ApiTokenAccess.Status.ACTIVE)
                    .orElse(null);
            if (token == null) {
                return new Decision(false, required, Set.of());
            }
        }
        return permissions.decide(user, token, tool.definition().name(), tool.exposedName(), required);
    }

    /** The levels {@code userId} (through {@code tokenId} when not null) holds on {@code tool}. */
    public Set<ToolLevel> levelsOf(String userId, String tokenId, RoutedTool tool) {
        return decide(userId, tokenId, tool).granted();
    }

    /** The level {@code tool} needs. */
    public ToolLevel requiredLevel(McpSchema.Tool tool) {
        return permissions.requiredLevel(tool.name(), declaredLevel(tool));
    }

    /**
     * What an upstream's MCP annotations say: read-only is read, explicitly not destructive is
     * write, anything else is left to the default (execute), as MCP presumes a tool destructive.
     */
    static ToolLevel declaredLevel(McpSchema.Tool tool) {
        var annotations = tool.annotations();
        if (annotations == null) {
            return null;
        }
        if (Boolean.TRUE.equals(annotations.readOnlyHint())) {
            return ToolLevel.READ;
        }
        if (Boolean.FALSE.equals(annotations.destructiveHint())) {
            return ToolLevel.WRITE;
        }
        return null;
    }

    public static String describe(Set<ToolLevel> levels) {
        if (levels.isEmpty()) {
            return "no level";
        }
        return levels.stream().sorted().map(ToolLevel::wireName).collect(Collectors.joining(", "));
    }
}
