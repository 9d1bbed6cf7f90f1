package dev.hamcp.bridge.query.permission;

import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.HomeAssistantCatalog;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules that decide what a caller holds on a tool, in one place: the live permission view on
 * the hot path and the access history's answers about the past both ask them, so what the history
 * says someone could do is what the gateway would have let them do.
 *
 * <p>An administrator holds every level; anyone else holds what their most specific matching grant
 * gives, else what the most specific matching default gives. A token only narrows: the caller
 * holds the levels that both the owner and the token's own most specific matching rule hold.
 */
public final class AccessRules {

    private static final Set<ToolLevel> EVERY_LEVEL = Set.copyOf(EnumSet.allOf(ToolLevel.class));

    /** What decided a verdict. */
    public enum Basis {
        /** The account is an administrator's. */
        ADMINISTRATOR,
        /** One of the user's own grants. */
        GRANT,
        /** The default policy, the user holding no grant that matches. */
        DEFAULT,
        /** Neither a grant nor a default matches. */
        NO_RULE,
        /** The account is disabled, deleted or unknown. */
        ACCOUNT_INACTIVE,
        /** The token is revoked, expired or unknown. */
        TOKEN_INACTIVE
    }

    /**
     * The levels held and why: the owner's deciding grant or default, and, when a token with a
     * subset was presented, the token's deciding rule (null when the subset matches nothing, so
     * the token holds nothing there).
     */
    public record Verdict(Set<ToolLevel> levels, Basis basis, Grant ownerRule, Grant tokenRule, boolean narrowed) {

        static final Verdict INACTIVE_ACCOUNT = new Verdict(Set.of(), Basis.ACCOUNT_INACTIVE, null, null, false);
        static final Verdict INACTIVE_TOKEN = new Verdict(Set.of(), Basis.TOKEN_INACTIVE, null, null, false);

        public boolean allows(ToolLevel required) {
            return levels.contains(required);
        }
    }

    private AccessRules() {}

    /**
     * The verdict for one caller on one tool.
     *
     * @param active whether the account may be used at all (enabled, not deleted)
     * @param grants the user's explicit grants, most specific first
     * @param defaults the default policy, most specific first
     * @param tokenSubset the presented token's permissions, most specific first; null when no token
     *     narrows (a login session, or a token holding all of its owner's rights)
     */
    public static Verdict evaluate(
            boolean active,
            boolean admin,
            List<Grant> grants,
            List<Grant> defaults,
            List<Grant> tokenSubset,
            String tool,
            String exposedName) {
        if (!active) {
            return Verdict.INACTIVE_ACCOUNT;
        }
        Verdict owner;
        if (admin) {
            owner = new Verdict(EVERY_LEVEL, Basis.ADMINISTRATOR, null, null, false);
        } else {
            Grant grant = ToolPatterns.firstMatch(grants, tool, exposedName);
            Basis basis = Basis.GRANT;
            if (grant == null) {
                grant = ToolPatterns.firstMatch(defaults, tool, exposedName);
                basis = grant == null ? Basis.NO_RULE : Basis.DEFAULT;
            }
            owner = new Verdict(grant == null ? Set.of() : grant.effectiveLevels(), basis, grant, null, false);
        }
        if (tokenSubset == null || owner.levels().isEmpty()) {
            return owner;
        }
        Grant narrowed = ToolPatterns.firstMatch(tokenSubset, tool, exposedName);
        if (narrowed == null) {
            return new Verdict(Set.of(), owner.basis(), owner.ownerRule(), null, true);
        }
        var both = EnumSet.noneOf(ToolLevel.class);
        for (ToolLevel level : narrowed.effectiveLevels()) {
            if (owner.levels().contains(level)) {
                both.add(level);
            }
        }
        return new Verdict(
                both.isEmpty() ? Set.of() : Set.copyOf(both), owner.basis(), owner.ownerRule(), narrowed, true);
    }

    /** The verdict for a token that may not be used: it holds nothing. */
    public static Verdict inactiveToken() {
        return Verdict.INACTIVE_TOKEN;
    }

    /** The level {@code tool} needs: an override, else the catalog, else what its upstream declares, else execute. */
    public static ToolLevel requiredLevel(Map<String, ToolLevel> overrides, String tool, ToolLevel declared) {
        ToolLevel overridden = overrides.get(tool);
        if (overridden != null) {
            return overridden;
        }
        if (HomeAssistantCatalog.knows(tool)) {
            return HomeAssistantCatalog.levelOf(tool);
        }
        return declared != null ? declared : ToolLevel.EXECUTE;
    }
}
