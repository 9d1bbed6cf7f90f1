package dev.hamcp.bridge.runtime.audit.access;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import dev.hamcp.bridge.query.history.AccessAnswers;
import dev.hamcp.bridge.query.history.AccessHistory;
import dev.hamcp.bridge.query.history.AccessHistory.Moment;
import dev.hamcp.bridge.query.history.AccessModel;
import dev.hamcp.bridge.query.permission.AccessRules;
import dev.hamcp.bridge.runtime.audit.access.Explained.AsOf;
import dev.hamcp.bridge.runtime.audit.access.Explained.Difference;
import dev.hamcp.bridge.runtime.audit.access.Explained.Line;
import dev.hamcp.bridge.runtime.permission.ToolCatalog;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.QueryParameters;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Questions to the access history, for administrators (security guards {@code /admin/**}): who
 * could call a tool at a moment, what a user or a token could do then, what changed between two
 * moments, a token's life, and what a proposed change would have done to the calls of the last
 * days. Every answer carries the rules and the events that justify it, and says which snapshot of
 * the history it was built from. See docs/audit.md.
 */
@RestController
@RequestMapping("/admin/security")
class AccessHistoryController {

    /** {@code truncated}: more holders than {@code limit}; narrow by user or token to see them. */
    record WhoCould(
            AsOf asOf, String tool, String exposedName, ToolLevel required, List<Line> holders, boolean truncated) {}

    static final int MOST_HOLDERS = 20_000;

    record WhatCould(AsOf asOf, String userId, String username, String tokenId, String tokenName, List<Line> tools) {}

    /** {@code truncated}: more changes than {@code limit} were found; narrow by user or tool to see them. */
    record Changes(AsOf from, AsOf to, List<Difference> changes, boolean truncated) {}

    static final int MOST_CHANGES = 5_000;

    private final AccessHistory history;
    private final ToolCatalog catalog;
    private final WhatIf whatIf;
    private final TokenLife tokenLife;

    AccessHistoryController(AccessHistory history, ToolCatalog catalog, WhatIf whatIf, TokenLife tokenLife) {
        this.history = history;
        this.catalog = catalog;
        this.whatIf = whatIf;
        this.tokenLife = tokenLife;
    }

    /** Everyone who could call {@code tool} at {@code at} (now by default), and why. */
    @GetMapping("/access/who-could")
    Mono<WhoCould> whoCould(@RequestParam Map<String, String> query) {
        var params = QueryParameters.of(query, List.of("tool", "at", "upstream", "user", "token", "limit"));
        int limit = (int) params.number("limit", 1, MOST_HOLDERS, 1_000);
        String tool = params.text("tool");
        if (tool == null || !ToolPatterns.isValid(tool) || !ToolPatterns.isLiteral(tool)) {
            throw QueryParameters.invalid("tool", "one tool's name");
        }
        String upstream = params.text("upstream");
        if (upstream != null && !ToolPatterns.isValid(upstream)) {
            throw QueryParameters.invalid("upstream", "an upstream's name as tools are prefixed with it");
        }
        String exposedName = upstream == null ? tool : upstream + "_" + tool;
        Instant at = params.instant("at", Instant.now());
        return moment(at).zipWith(catalog.declaredLevels(), (moment, declared) -> {
            AccessModel model = moment.model();
            var answers = new AccessAnswers(model, at);
            var explained = new Explained(model);
            ToolLevel level = declared.get(tool);
            var holders = answers.whoCould(tool, exposedName, level, params.text("user"), params.text("token"));
            return new WhoCould(
                    AsOf.of(moment),
                    tool,
                    exposedName,
                    AccessRules.requiredLevel(model.overrides(), tool, level),
                    holders.stream().limit(limit).map(explained::line).toList(),
                    holders.size() > limit);
        });
    }

    /** What one user, or one token, could do at {@code at} on every tool the bridge knows. */
    @GetMapping("/access/what-could")
    Mono<WhatCould> whatCould(@RequestParam Map<String, String> query) {
        var params = QueryParameters.of(query, List.of("user", "token", "at"));
        String userId = params.text("user");
        String tokenId = params.text("token");
        if ((userId == null) == (tokenId == null)) {
            throw QueryParameters.invalid("user", "given, or token given, but not both");
        }
        Instant at = params.instant("at", Instant.now());
        return moment(at).zipWith(catalog.declaredLevels(), (moment, declared) -> {
            AccessModel model = moment.model();
            var answers = new AccessAnswers(model, at);
            String owner = userId;
            String tokenName = null;
            if (tokenId != null) {
                var token = answers.token(tokenId);
                if (token == null) {
                    throw new ApiException(ErrorCode.TOKEN_NOT_FOUND, "No such API token at that time.");
                }
                owner = token.userId();
                tokenName = token.name();
            }
            var person = model.people().get(owner);
            if (person == null) {
                throw new ApiException(ErrorCode.USER_NOT_FOUND, "No such user at that time.");
            }
            var explained = new Explained(model);
            return new WhatCould(
                    AsOf.of(moment),
                    owner,
                    person.username(),
                    tokenId,
                    tokenName,
                    answers.whatCould(owner, tokenId, declared).stream()
                            .map(explained::line)
                            .toList());
        });
    }

    /** Every difference of access between {@code from} and {@code to}, each with the event that made it. */
    @GetMapping("/access/changes")
    Mono<Changes> changes(@RequestParam Map<String, String> query) {
        var params = QueryParameters.of(query, List.of("from", "to", "user", "tool", "limit"));
        int limit = (int) params.number("limit", 1, MOST_CHANGES, 100);
        Instant from = params.instant("from", null);
        Instant to = params.instant("to", Instant.now());
        if (from == null || !from.isBefore(to)) {
            throw QueryParameters.invalid("from", "given, and before to");
        }
        return Mono.zip(moment(from), moment(to), catalog.declaredLevels()).map(all -> {
            Moment before = all.getT1();
            Moment after = all.getT2();
            var explained = new Explained(after.model());
            var changes = new AccessAnswers(after.model(), to)
                    .changesSince(
                            new AccessAnswers(before.model(), from),
                            all.getT3(),
                            from,
                            params.text("user"),
                            params.text("tool"));
            return new Changes(
                    AsOf.of(before),
                    AsOf.of(after),
                    changes.stream().limit(limit).map(explained::difference).toList(),
                    changes.size() > limit);
        });
    }

    /** A token's life: who issued it, from where, with what; each change; its uses per day; its end. */
    @GetMapping("/tokens/{tokenId}/life")
    Mono<TokenLife.Life> tokenLife(@PathVariable String tokenId) {
        return tokenLife.of(tokenId);
    }

    /** Which calls of the last days a proposed change would have refused or newly allowed, before anyone applies it. */
    @PostMapping("/access/what-if")
    Mono<WhatIf.Outcome> whatIf(
            @Valid @RequestBody WhatIf.Proposal proposal, @AuthenticationPrincipal BridgePrincipal admin) {
        return whatIf.replay(proposal, admin.userId());
    }

    private Mono<Moment> moment(Instant at) {
        return Mono.fromCallable(() -> history.at(at)).subscribeOn(Schedulers.boundedElastic());
    }
}
