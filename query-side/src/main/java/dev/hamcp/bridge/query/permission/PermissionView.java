package dev.hamcp.bridge.query.permission;

import dev.hamcp.bridge.api.permission.DefaultPolicyChanged;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.InstallationPolicy;
import dev.hamcp.bridge.api.permission.InstallationPolicyEvent;
import dev.hamcp.bridge.api.permission.PermissionChanged;
import dev.hamcp.bridge.api.permission.PermissionGranted;
import dev.hamcp.bridge.api.permission.PermissionPolicyEvent;
import dev.hamcp.bridge.api.permission.PermissionRevoked;
import dev.hamcp.bridge.api.permission.PermissionsChangedInBulk;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolLevelOverridden;
import dev.hamcp.bridge.api.permission.ToolLevelOverrideCleared;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import dev.hamcp.bridge.query.access.UserAccess;
import dev.hamcp.bridge.query.token.ApiTokenAccess;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who may use which tool, answered from memory: each user's explicit grants, the default policy
 * everyone without an explicit grant inherits, and the administrators' tool level overrides. Fed
 * like the access view (this node's changes after commit, everyone's through the follower), with a
 * sequence guard per aggregate so every event counts once.
 */
@Component
public class PermissionView {

    /** Grants kept most specific first, so the first match is the one that decides. */
    private record Grants(List<Grant> sorted, long sequence) {}

    private record Installation(
            List<Grant> defaults, boolean defaultsChosen, Map<String, ToolLevel> overrides, long sequence) {}

    private final Map<String, Grants> byUser = new ConcurrentHashMap<>();
    private volatile Installation installation = new Installation(
            ToolPatterns.mostSpecificFirst(InstallationPolicy.OUT_OF_THE_BOX_DEFAULTS), false, Map.of(), -1);

    /** The level {@code tool} needs: an override, else the catalog, else what its upstream declares, else execute. */
    public ToolLevel requiredLevel(String tool, ToolLevel declared) {
        return AccessRules.requiredLevel(installation.overrides(), tool, declared);
    }

    /**
     * Whether {@code user}, presenting {@code token} (null for a login session), may use the tool
     * its upstream calls {@code tool} and the caller sees as {@code exposedName}. A token only
     * narrows: the caller holds the levels both the owner and the token hold.
     */
    public Decision decide(UserAccess user, ApiTokenAccess token, String tool, String exposedName, ToolLevel required) {
        return Decision.of(required, levelsOf(user, token, tool, exposedName));
    }

    /** The levels {@code user} (through {@code token}, when given) holds on a tool, by {@link AccessRules}. */
    public Set<ToolLevel> levelsOf(UserAccess user, ApiTokenAccess token, String tool, String exposedName) {
        boolean active = user != null && user.enabled() && !user.deleted();
        Grants explicit = active ? byUser.get(user.userId()) : null;
        return AccessRules.evaluate(
                        active,
                        active && user.isAdmin(),
                        explicit == null ? List.of() : explicit.sorted(),
                        installation.defaults(),
                        token == null ? null : token.permissions(),
                        tool,
                        exposedName)
                .levels();
    }

    /** {@code userId}'s explicit grants, most specific first. */
    public List<Grant> grantsOf(String userId) {
        Grants grants = byUser.get(userId);
        return grants == null ? List.of() : grants.sorted();
    }

    /** The grants every user inherits where they hold no explicit grant, most specific first. */
    public List<Grant> defaults() {
        return installation.defaults();
    }

    /** Whether anyone ever chose the default policy, or it is still the one out of the box. */
    public boolean defaultsChosen() {
        return installation.defaultsChosen();
    }

    /** The administrators' tool level overrides, by tool name. */
    public Map<String, ToolLevel> overrides() {
        return installation.overrides();
    }

    void apply(PermissionPolicyEvent event, long sequence) {
        byUser.compute(event.userId(), (userId, current) -> {
            if (current != null && sequence <= current.sequence()) {
                return current;
            }
            var grants = new HashMap<String, Grant>();
            if (current != null) {
                current.sorted().forEach(grant -> grants.put(grant.tool(), grant));
            }
            switch (event) {
                case PermissionGranted e -> grants.put(e.grant().tool(), e.grant());
                case PermissionChanged e -> grants.put(e.grant().tool(), e.grant());
                case PermissionRevoked e -> grants.remove(e.tool());
                case PermissionsChangedInBulk e -> {
                    e.revoked().forEach(grants::remove);
                    e.grants().forEach(grant -> grants.put(grant.tool(), grant));
                }
            }
            return new Grants(ToolPatterns.mostSpecificFirst(grants.values()), sequence);
        });
    }

    synchronized void apply(InstallationPolicyEvent event, long sequence) {
        Installation current = installation;
        if (sequence <= current.sequence()) {
            return;
        }
        installation = switch (event) {
            case DefaultPolicyChanged e ->
                new Installation(ToolPatterns.mostSpecificFirst(e.grants()), true, current.overrides(), sequence);
            case ToolLevelOverridden e -> {
                var overrides = new HashMap<>(current.overrides());
                overrides.put(e.tool(), e.level());
                yield new Installation(current.defaults(), current.defaultsChosen(), Map.copyOf(overrides), sequence);
            }
            case ToolLevelOverrideCleared e -> {
                var overrides = new HashMap<>(current.overrides());
                overrides.remove(e.tool());
                yield new Installation(current.defaults(), current.defaultsChosen(), Map.copyOf(overrides), sequence);
            }
        };
    }
}
