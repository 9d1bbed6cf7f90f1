package dev.hamcp.bridge.query.history;

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
import dev.hamcp.bridge.api.token.ApiTokenEvent;
import dev.hamcp.bridge.api.token.ApiTokenIssued;
import dev.hamcp.bridge.api.token.ApiTokenPermissionsChanged;
import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.UserDeleted;
import dev.hamcp.bridge.api.user.UserDisabled;
import dev.hamcp.bridge.api.user.UserEnabled;
import dev.hamcp.bridge.api.user.UserEvent;
import dev.hamcp.bridge.api.user.UserRegistered;
import dev.hamcp.bridge.api.user.UserRoleChanged;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who could do what as of one place in the history: accounts (role, enabled, deleted), each
 * user's grants, the default policy and tool level overrides, and API tokens with their subsets,
 * each piece with the {@link Cause} that set it. Built by applying events in order; an aggregate
 * sequence kept per piece makes every event count once whatever the order two overlapping reads
 * deliver it in, so a snapshot plus the events after it always gives the same model.
 *
 * <p>Only what decides access is kept: no email address, no hash, no session. Its {@link State}
 * is what snapshots store.
 */
public final class AccessModel {

    /** The event types that change this model; nothing else is read. */
    public static final List<Class<?>> EVENT_TYPES = List.of(
            UserRegistered.class,
            UserRoleChanged.class,
            UserDisabled.class,
            UserEnabled.class,
            UserDeleted.class,
            PermissionGranted.class,
            PermissionChanged.class,
            PermissionRevoked.class,
            PermissionsChangedInBulk.class,
            DefaultPolicyChanged.class,
            ToolLevelOverridden.class,
            ToolLevelOverrideCleared.class,
            ApiTokenIssued.class,
            ApiTokenPermissionsChanged.class,
            ApiTokenRevoked.class);

    /** An account as access sees it; {@code status} is the event that last set its role or state. */
    public record Person(
            String userId, String username, Role role, boolean enabled, boolean deleted, long sequence, Cause status) {

        public boolean active() {
            return enabled && !deleted;
        }
    }

    /** One grant and the event that set it. */
    public record Rule(Grant grant, Cause cause) {}

    /** A user's grants by tool pattern, as of their policy's event {@code sequence}. */
    public record Rules(Map<String, Rule> byTool, Cause lastChange, long sequence) {}

    /**
     * The installation's policy: the defaults (and the event that chose them, null while they are
     * the ones out of the box) and the tool level overrides with theirs.
     */
    public record Installation(List<Grant> defaults, Cause defaultsCause, Map<String, Rule> overrides, long sequence) {}

    /** An API token; {@code permissions} null means all of its owner's rights. */
    public record Token(
            String tokenId,
            String userId,
            String name,
            Instant issuedAt,
            Instant expiresAt,
            Instant revokedAt,
            List<Grant> permissions,
            long sequence,
            Cause issued,
            Cause permissionsSet,
            Cause revoked) {

        /** Whether the token could be used at {@code at}. */
        public boolean activeAt(Instant at) {
            return revokedAt == null && !at.isBefore(issuedAt) && (expiresAt == null || at.isBefore(expiresAt));
        }
    }

    /** The whole model as plain values, as a snapshot stores it. */
    public record State(
            long position,
            Instant latest,
            Map<String, Person> people,
            Map<String, Rules> grants,
            Installation installation,
            Map<String, Token> tokens) {}

    private long position;
    private Instant latest;
    private final Map<String, Person> people;
    private final Map<String, Rules> grants;
    private Installation installation;
    private final Map<String, Token> tokens;
    private final Map<String, List<Grant>> sortedGrants = new HashMap<>();

    /** The model before any event: nobody, and the defaults out of the box. */
    public static AccessModel empty() {
        return new AccessModel(new State(
                0,
                Instant.EPOCH,
                Map.of(),
                Map.of(),
                new Installation(
                        ToolPatterns.mostSpecificFirst(InstallationPolicy.OUT_OF_THE_BOX_DEFAULTS), null, Map.of(), -1),
                Map.of()));
    }

    public AccessModel(State state) {
        position = state.position();
        latest = state.latest();
        people = new HashMap<>(state.people());
        grants = new HashMap<>(state.grants());
        installation = state.installation();
        tokens = new HashMap<>(state.tokens());
    }

    public State state() {
        return new State(position, latest, Map.copyOf(people), Map.copyOf(grants), installation, Map.copyOf(tokens));
    }

    /** The position of the last event applied. */
    public long position() {
        return position;
    }

    /** The latest time of any event applied. */
    public Instant latest() {
        return latest;
    }

    /** Applies one event of aggregate stream position {@code sequence}, caused as {@code cause} says. */
    public void apply(Object event, long sequence, Cause cause) {
        position = Math.max(position, cause.position());
        if (cause.at().isAfter(latest)) {
            latest = cause.at();
        }
        switch (event) {
            case UserEvent e -> apply(e, sequence, cause);
            case PermissionPolicyEvent e -> apply(e, sequence, cause);
            case InstallationPolicyEvent e -> apply(e, sequence, cause);
            case ApiTokenEvent e -> apply(e, sequence, cause);
            default -> {}
        }
    }

    private void apply(UserEvent event, long sequence, Cause cause) {
        Person current = people.get(event.userId());
        if (current == null ? !(event instanceof UserRegistered) : sequence <= current.sequence()) {
            return;
        }
        Person next =
                switch (event) {
                    case UserRegistered e ->
                        new Person(e.userId(), e.username(), e.role(), true, false, sequence, cause);
                    case UserRoleChanged e ->
                        new Person(
                                current.userId(),
                                current.username(),
                                e.role(),
                                current.enabled(),
                                current.deleted(),
                                sequence,
                                cause);
                    case UserDisabled e -> status(current, false, current.deleted(), sequence, cause);
                    case UserEnabled e -> status(current, true, current.deleted(), sequence, cause);
                    case UserDeleted e -> status(current, false, true, sequence, cause);
                    default -> current;
                };
        people.put(event.userId(), next);
    }

    private static Person status(Person current, boolean enabled, boolean deleted, long sequence, Cause cause) {
        return new Person(current.userId(), current.username(), current.role(), enabled, deleted, sequence, cause);
    }

    private void apply(PermissionPolicyEvent event, long sequence, Cause cause) {
        Rules current = grants.get(event.userId());
        if (current != null && sequence <= current.sequence()) {
            return;
        }
        var byTool = new HashMap<String, Rule>(current == null ? Map.of() : current.byTool());
        switch (event) {
            case PermissionGranted e -> byTool.put(e.grant().tool(), new Rule(e.grant(), cause));
            case PermissionChanged e -> byTool.put(e.grant().tool(), new Rule(e.grant(), cause));
            case PermissionRevoked e -> byTool.remove(e.tool());
            case PermissionsChangedInBulk e -> {
                e.revoked().forEach(byTool::remove);
                e.grants().forEach(grant -> byTool.put(grant.tool(), new Rule(grant, cause)));
            }
        }
        grants.put(event.userId(), new Rules(Map.copyOf(byTool), cause, sequence));
        sortedGrants.remove(event.userId());
    }

    private void apply(InstallationPolicyEvent event, long sequence, Cause cause) {
        Installation current = installation;
        if (sequence <= current.sequence()) {
            return;
        }
        installation = switch (event) {
            case DefaultPolicyChanged e ->
                new Installation(ToolPatterns.mostSpecificFirst(e.grants()), cause, current.overrides(), sequence);
            case ToolLevelOverridden e -> {
                var overrides = new HashMap<>(current.overrides());
                overrides.put(e.tool(), new Rule(new Grant(e.tool(), Set.of(e.level()), true), cause));
                yield new Installation(current.defaults(), current.defaultsCause(), Map.copyOf(overrides), sequence);
            }
            case ToolLevelOverrideCleared e -> {
                var overrides = new HashMap<>(current.overrides());
                overrides.remove(e.tool());
                yield new Installation(current.defaults(), current.defaultsCause(), Map.copyOf(overrides), sequence);
            }
        };
    }

    private void apply(ApiTokenEvent event, long sequence, Cause cause) {
        Token current = tokens.get(event.tokenId());
        if (current == null ? !(event instanceof ApiTokenIssued) : sequence <= current.sequence()) {
            return;
        }
        Token next =
                switch (event) {
                    case ApiTokenIssued e ->
                        new Token(
                                e.tokenId(),
                                e.userId(),
                                e.name(),
                                e.issuedAt(),
                                e.expiresAt(),
                                null,
                                sorted(e.permissions()),
                                sequence,
                                cause,
                                null,
                                null);
                    case ApiTokenPermissionsChanged e ->
                        new Token(
                                current.tokenId(),
                                current.userId(),
                                current.name(),
                                current.issuedAt(),
                                current.expiresAt(),
                                current.revokedAt(),
                                sorted(e.permissions()),
                                sequence,
                                current.issued(),
                                cause,
                                current.revoked());
                    case ApiTokenRevoked e ->
                        new Token(
                                current.tokenId(),
                                current.userId(),
                                current.name(),
                                current.issuedAt(),
                                current.expiresAt(),
                                e.revokedAt(),
                                current.permissions(),
                                sequence,
                                current.issued(),
                                current.permissionsSet(),
                                cause);
                    default -> current;
                };
        tokens.put(event.tokenId(), next);
    }

    private static List<Grant> sorted(List<Grant> permissions) {
        return permissions == null ? null : ToolPatterns.mostSpecificFirst(permissions);
    }

    public Map<String, Person> people() {
        return people;
    }

    public Map<String, Token> tokens() {
        return tokens;
    }

    public Installation installation() {
        return installation;
    }

    /** {@code userId}'s grants with their causes, by tool pattern. */
    public Map<String, Rule> rulesOf(String userId) {
        Rules rules = grants.get(userId);
        return rules == null ? Map.of() : rules.byTool();
    }

    /** The event that last changed {@code userId}'s grants, or null. */
    public Cause lastGrantChange(String userId) {
        Rules rules = grants.get(userId);
        return rules == null ? null : rules.lastChange();
    }

    /** {@code userId}'s grants, most specific first. */
    public List<Grant> grantsOf(String userId) {
        return sortedGrants.computeIfAbsent(
                userId,
                id -> ToolPatterns.mostSpecificFirst(
                        rulesOf(id).values().stream().map(Rule::grant).toList()));
    }

    /** The tool level overrides, by tool. */
    public Map<String, ToolLevel> overrides() {
        var levels = new HashMap<String, ToolLevel>();
        installation
                .overrides()
                .forEach((tool, rule) ->
                        levels.put(tool, rule.grant().levels().iterator().next()));
        return levels;
    }
}
