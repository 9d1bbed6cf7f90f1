package dev.hamcp.bridge.runtime.audit.access;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.DefaultPolicyChanged;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.PermissionsChangedInBulk;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolLevelOverridden;
import dev.hamcp.bridge.api.permission.ToolLevelOverrideCleared;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import dev.hamcp.bridge.api.token.ApiTokenPermissionsChanged;
import dev.hamcp.bridge.query.history.AccessAnswers;
import dev.hamcp.bridge.query.history.AccessHistory;
import dev.hamcp.bridge.query.history.AccessModel;
import dev.hamcp.bridge.query.history.Cause;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestOutcome;
import dev.hamcp.bridge.runtime.permission.GrantRequest;
import dev.hamcp.bridge.runtime.permission.ToolCatalog;
import dev.hamcp.bridge.runtime.web.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A proposed change of rights, tried on the calls of the last days before anyone applies it: the
 * request log is replayed through today's rules and through today's rules with the change, and
 * every call whose verdict differs is counted, by user, token and tool. The change is made of the
 * very events its commands would record, applied to a copy of today's access model, so the
 * answer follows the rules the gateway applies.
 *
 * <p>The baseline is today's rules, not the rules of each call's own day: the answer isolates what
 * this change does. Calls the log holds no tool for, and calls refused before the permission check
 * (unauthenticated, malformed), are left out.
 */
@Component
class WhatIf {

    static final int MOST_DAYS = 90;

    /** One user's grants to set (added or replaced, by pattern) and to revoke. */
    record UserGrants(
            @NotBlank String userId,
            @Size(max = 500) List<@Valid @NotNull GrantRequest> set,
            @Size(max = 500) List<@NotBlank String> revoke) {}

    /** A token's new subset; null permissions give it all of its owner's rights. */
    record TokenSubset(
            @NotBlank String tokenId, @Size(max = 500) List<@Valid @NotNull GrantRequest> permissions) {}

    /**
     * The change to try. {@code defaults}, when given, replace the default policy; an override of
     * null clears a tool's override.
     */
    record Proposal(
            @Min(1) @Max(MOST_DAYS) Integer days,
            @Size(max = 100) List<@Valid @NotNull UserGrants> grants,
            @Size(max = 500) List<@Valid @NotNull GrantRequest> defaults,
            @Size(max = 500) Map<@NotBlank String, ToolLevel> overrides,
            @Size(max = 100) List<@Valid @NotNull TokenSubset> tokens) {}

    /** Calls of one user, through one token (null: a login session), on one tool, that the change turns around. */
    record Group(
            String userId,
            String username,
            String tokenId,
            String tokenName,
            String tool,
            long calls,
            Instant first,
            Instant last) {}

    record Outcome(
            int days,
            Instant since,
            long callsReplayed,
            long wouldBeRefused,
            long wouldBeAllowed,
            List<Group> refused,
            List<Group> allowed) {}

    private record Call(Instant at, String userId, String credentialId, String tool) {}

    private record Key(String userId, String tokenId, String tool) {}

    private static final List<String> REPLAYED =
            List.of(RequestOutcome.UNAUTHENTICATED, RequestOutcome.INVALID, RequestOutcome.RATE_LIMITED).stream()
                    .map(Enum::name)
                    .toList();

    private final AccessHistory history;
    private final ToolCatalog catalog;
    private final DatabaseClient db;
    private final Clock clock;

    WhatIf(AccessHistory history, ToolCatalog catalog, DatabaseClient db) {
        this.history = history;
        this.catalog = catalog;
        this.db = db;
        this.clock = Clock.systemUTC();
    }

    Mono<Outcome> replay(Proposal proposal, String adminId) {
        Instant now = clock.instant();
        int days = proposal.days() == null ? 7 : proposal.days();
        Instant since = now.minus(Duration.ofDays(days));
        return Mono.fromCallable(() -> history.at(now).model())
                .subscribeOn(Schedulers.boundedElastic())
                .zipWith(catalog.declaredLevels())
                .flatMap(both -> {
                    AccessModel today = both.getT1();
                    AccessModel changed = new AccessModel(today.state());
                    apply(proposal, changed, new Cause(Long.MAX_VALUE, now, "Proposed", adminId, null, "what-if"));
                    var before = new AccessAnswers(today, now);
                    var after = new AccessAnswers(changed, now);
                    Map<String, ToolLevel> declared = both.getT2();
                    var tally = new Tally(today);
                    return calls(since)
                            .doOnNext(call -> {
                                String tool = toolOf(call.tool(), declared);
                                var then = before.decide(
                                        call.userId(), call.credentialId(), tool, call.tool(), declared.get(tool));
                                var next = after.decide(
                                        call.userId(), call.credentialId(), tool, call.tool(), declared.get(tool));
                                tally.count(call, tool, then.allowed(), next.allowed());
                            })
                            .then(Mono.fromSupplier(() -> tally.outcome(days, since)));
                });
    }

    /** The change as the events its commands would record, applied in order to {@code model}. */
    private static void apply(Proposal proposal, AccessModel model, Cause cause) {
        long sequence = Long.MAX_VALUE / 2;
        for (UserGrants user : nullToEmpty(proposal.grants())) {
            if (!model.people().containsKey(user.userId())) {
                throw new ApiException(ErrorCode.USER_NOT_FOUND, "No such user: " + clip(user.userId()) + ".");
            }
            List<Grant> set =
                    nullToEmpty(user.set()).stream().map(GrantRequest::grant).toList();
            set.forEach(grant -> ToolPatterns.requireValid(grant.tool()));
            nullToEmpty(user.revoke()).forEach(ToolPatterns::requireValid);
            model.apply(
                    new PermissionsChangedInBulk(user.userId(), set, nullToEmpty(user.revoke())), ++sequence, cause);
        }
        if (proposal.defaults() != null) {
            List<Grant> defaults =
                    proposal.defaults().stream().map(GrantRequest::grant).toList();
            defaults.forEach(grant -> ToolPatterns.requireValid(grant.tool()));
            model.apply(new DefaultPolicyChanged(defaults, model.installation().defaults()), ++sequence, cause);
        }
        if (proposal.overrides() != null) {
            for (var override : proposal.overrides().entrySet()) {
                ToolPatterns.requireValid(override.getKey());
                model.apply(
                        override.getValue() == null
                                ? new ToolLevelOverrideCleared(override.getKey())
                                : new ToolLevelOverridden(override.getKey(), override.getValue()),
                        ++sequence,
                        cause);
            }
        }
        for (TokenSubset subset : nullToEmpty(proposal.tokens())) {
            var token = model.tokens().get(subset.tokenId());
            if (token == null) {
                throw new ApiException(ErrorCode.TOKEN_NOT_FOUND, "No such API token: " + clip(subset.tokenId()) + ".");
            }
            List<Grant> permissions = subset.permissions() == null
                    ? null
                    : subset.permissions().stream().map(GrantRequest::grant).toList();
            if (permissions != null) {
                permissions.forEach(grant -> ToolPatterns.requireValid(grant.tool()));
            }
            model.apply(
                    new ApiTokenPermissionsChanged(token.tokenId(), token.userId(), permissions), ++sequence, cause);
        }
    }

    private Flux<Call> calls(Instant since) {
        return db.sql("SELECT at, user_id, credential_id, tool FROM request_log"
                        + " WHERE at >= :since AND tool IS NOT NULL AND user_id IS NOT NULL"
                        + " AND outcome <> ALL(:skipped) ORDER BY id")
                .bind("since", since)
                .bind("skipped", REPLAYED.toArray(String[]::new))
                .map(row -> new Call(
                        row.get("at", Instant.class),
                        row.get("user_id", String.class),
                        row.get("credential_id", String.class),
                        row.get("tool", String.class)))
                .all();
    }

    /**
     * The upstream's own name of a tool the log holds as the caller saw it: itself when the bridge
     * knows that name, else what follows an upstream's prefix ({@code house_HassTurnOn}).
     */
    static String toolOf(String exposed, Map<String, ToolLevel> known) {
        if (known.containsKey(exposed)) {
            return exposed;
        }
        for (int i = exposed.indexOf('_'); i >= 0; i = exposed.indexOf('_', i + 1)) {
            String rest = exposed.substring(i + 1);
            if (known.containsKey(rest)) {
                return rest;
            }
        }
        return exposed;
    }

    /** The calls that change verdict, grouped. */
    private static final class Tally {

        private final AccessModel names;
        private final Map<Key, Group> refused = new HashMap<>();
        private final Map<Key, Group> allowed = new HashMap<>();
        private long replayed;

        Tally(AccessModel names) {
            this.names = names;
        }

        void count(Call call, String tool, boolean before, boolean after) {
            replayed++;
            if (before == after) {
                return;
            }
            String tokenId = names.tokens().containsKey(call.credentialId()) ? call.credentialId() : null;
            var groups = before ? refused : allowed;
            groups.merge(
                    new Key(call.userId(), tokenId, call.tool()),
                    new Group(
                            call.userId(),
                            username(call.userId()),
                            tokenId,
                            tokenId == null ? null : names.tokens().get(tokenId).name(),
                            call.tool(),
                            1,
                            call.at(),
                            call.at()),
                    (a, b) -> new Group(
                            a.userId(),
                            a.username(),
                            a.tokenId(),
                            a.tokenName(),
                            a.tool(),
                            a.calls() + b.calls(),
                            a.first().isBefore(b.first()) ? a.first() : b.first(),
                            a.last().isAfter(b.last()) ? a.last() : b.last()));
        }

        private String username(String userId) {
            var person = names.people().get(userId);
            return person == null ? null : person.username();
        }

        Outcome outcome(int days, Instant since) {
            return new Outcome(days, since, replayed, total(refused), total(allowed), sorted(refused), sorted(allowed));
        }

        private static long total(Map<Key, Group> groups) {
            return groups.values().stream().mapToLong(Group::calls).sum();
        }

        private static List<Group> sorted(Map<Key, Group> groups) {
            var list = new ArrayList<>(groups.values());
            list.sort(Comparator.comparingLong(Group::calls).reversed().thenComparing(Group::tool));
            return List.copyOf(list);
        }
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static String clip(String id) {
        return id.length() > 64 || !id.matches("[A-Za-z0-9_:.-]*") ? "(unreadable)" : id;
    }
}
