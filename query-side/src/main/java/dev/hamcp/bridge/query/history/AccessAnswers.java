package dev.hamcp.bridge.query.history;

import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.query.history.AccessModel.Person;
import dev.hamcp.bridge.query.history.AccessModel.Rule;
import dev.hamcp.bridge.query.history.AccessModel.Token;
import dev.hamcp.bridge.query.permission.AccessRules;
import dev.hamcp.bridge.query.permission.AccessRules.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The questions an {@link AccessModel} answers, each answer with the rules and the events that
 * decided it. The levels come from {@link AccessRules}, the rules the gateway itself applies.
 */
public final class AccessAnswers {

    /**
     * One reason of an answer: which kind of rule ({@code administrator}, {@code grant},
     * {@code default}, {@code token subset}, {@code level override}, {@code token issued},
     * {@code account}), the pattern it is written for, the levels it gives, and the event that set
     * it (null for what comes out of the box).
     */
    public record Reason(String rule, String pattern, Set<ToolLevel> levels, Cause cause) {}

    /** A user, or one of their tokens, and what they hold on a tool. */
    public record Holder(
            String userId,
            String username,
            String tokenId,
            String tokenName,
            String tool,
            ToolLevel required,
            Set<ToolLevel> levels,
            boolean allowed,
            List<Reason> why) {}

    /** A difference of access between two times, with the event that made it. */
    public record Change(
            String userId,
            String username,
            String tokenId,
            String tokenName,
            String tool,
            Set<ToolLevel> before,
            Set<ToolLevel> after,
            boolean allowedBefore,
            boolean allowedAfter,
            Cause cause) {}

    private final AccessModel model;
    private final Instant at;
    private final Map<String, ToolLevel> overrides;
    private Map<String, List<Token>> tokensByOwner;

    /** Answers as of {@code model}, tokens judged active or not at {@code at}. */
    public AccessAnswers(AccessModel model, Instant at) {
        this.model = model;
        this.at = at;
        this.overrides = model.overrides();
    }

    /**
     * Everyone who could call {@code tool} (seen as {@code exposedName}), by a login session or
     * through a token, optionally only {@code userId} or {@code tokenId}.
     */
    public List<Holder> whoCould(String tool, String exposedName, ToolLevel declared, String userId, String tokenId) {
        var holders = new ArrayList<Holder>();
        for (Person person : sortedPeople()) {
            if (userId != null && !userId.equals(person.userId())) {
                continue;
            }
            if (tokenId == null) {
                Holder own = holder(person, null, tool, exposedName, declared);
                if (own.allowed()) {
                    holders.add(own);
                }
            }
            for (Token token : tokensOf(person.userId())) {
                if (tokenId != null && !tokenId.equals(token.tokenId())) {
                    continue;
                }
                Holder through = holder(person, token, tool, exposedName, declared);
                if (through.allowed()) {
                    holders.add(through);
                }
            }
        }
        return holders;
    }

    /** What {@code userId} (through {@code tokenId} when not null) held on each of {@code tools}. */
    public List<Holder> whatCould(String userId, String tokenId, Map<String, ToolLevel> tools) {
        Person person = model.people().get(userId);
        if (person == null) {
            return List.of();
        }
        Token token = tokenId == null ? null : model.tokens().get(tokenId);
        return toolsWith(tools).entrySet().stream()
                .map(tool -> holder(person, token, tool.getKey(), tool.getKey(), tool.getValue()))
                .toList();
    }

    /**
     * What {@code userId}, through {@code tokenId} when not null (a token or a login session's
     * id: only a token narrows), held on {@code tool} seen as {@code exposedName}.
     */
    public Holder decide(String userId, String tokenId, String tool, String exposedName, ToolLevel declared) {
        Person person = model.people().get(userId);
        Token token = tokenId == null ? null : model.tokens().get(tokenId);
        if (person == null) {
            return holderOrNone(null, null, null, tool, declared);
        }
        return holder(person, token, tool, exposedName, declared);
    }

    /** Tokens, by id, and the user who owns each, as of this model. */
    public Token token(String tokenId) {
        return model.tokens().get(tokenId);
    }

    /**
     * What changed between {@code before} and this model, on {@code tools}, for every user and
     * token in either (or only {@code onlyUser}'s, on {@code onlyTool}, when not null); each change
     * names the latest event between the two that could have made it.
     */
    public List<Change> changesSince(
            AccessAnswers before, Map<String, ToolLevel> tools, Instant from, String onlyUser, String onlyTool) {
        var all = toolsWith(before.toolsWith(tools));
        if (onlyTool != null) {
            all.keySet().retainAll(Set.of(onlyTool));
        }
        var changes = new ArrayList<Change>();
        var userIds = new TreeSet<String>(before.model.people().keySet());
        userIds.addAll(model.people().keySet());
        if (onlyUser != null) {
            userIds.retainAll(Set.of(onlyUser));
        }
        for (String userId : userIds) {
            Person now = model.people().get(userId);
            Person then = before.model.people().get(userId);
            Person named = now != null ? now : then;
            var tokenIds = new TreeSet<String>();
            before.tokensOf(userId).forEach(token -> tokenIds.add(token.tokenId()));
            tokensOf(userId).forEach(token -> tokenIds.add(token.tokenId()));
            var subjects = new ArrayList<String>();
            subjects.add(null);
            subjects.addAll(tokenIds);
            for (String tokenId : subjects) {
                Token tokenNow = tokenId == null ? null : model.tokens().get(tokenId);
                Token tokenThen = tokenId == null ? null : before.model.tokens().get(tokenId);
                for (var tool : all.entrySet()) {
                    Holder a = before.holderOrNone(then, tokenId, tokenThen, tool.getKey(), tool.getValue());
                    Holder b = holderOrNone(now, tokenId, tokenNow, tool.getKey(), tool.getValue());
                    if (a.levels().equals(b.levels()) && a.allowed() == b.allowed()) {
                        continue;
                    }
                    Token named2 = tokenNow != null ? tokenNow : tokenThen;
                    changes.add(new Change(
                            userId,
                            named.username(),
                            tokenId,
                            named2 == null ? null : named2.name(),
                            tool.getKey(),
                            a.levels(),
                            b.levels(),
                            a.allowed(),
                            b.allowed(),
                            latestCause(b, now, tokenNow, userId, from)));
                }
            }
        }
        return changes;
    }

    private Holder holderOrNone(Person person, String tokenId, Token token, String tool, ToolLevel declared) {
        if (person == null || (tokenId != null && token == null)) {
            ToolLevel required = AccessRules.requiredLevel(overrides, tool, declared);
            return new Holder(null, null, tokenId, null, tool, required, Set.of(), false, List.of());
        }
        return holder(person, token, tool, tool, declared);
    }

    /** The latest event after {@code from} among those that shape this line: its reasons, the account, the token, the user's grants. */
    private Cause latestCause(Holder line, Person person, Token token, String userId, Instant from) {
        var candidates = new ArrayList<Cause>();
        line.why().forEach(reason -> candidates.add(reason.cause()));
        if (person != null) {
            candidates.add(person.status());
        }
        if (token != null) {
            candidates.add(token.issued());
            candidates.add(token.permissionsSet());
            candidates.add(token.revoked());
        }
        candidates.add(model.lastGrantChange(userId));
        candidates.add(model.installation().defaultsCause());
        model.installation().overrides().values().forEach(rule -> candidates.add(rule.cause()));
        return candidates.stream()
                .filter(cause -> cause != null && cause.at().isAfter(from))
                .max(Comparator.comparingLong(Cause::position))
                .orElse(null);
    }

    private Holder holder(Person person, Token token, String tool, String exposedName, ToolLevel declared) {
        var why = new ArrayList<Reason>();
        Rule override = model.installation().overrides().get(tool);
        ToolLevel required = AccessRules.requiredLevel(overrides, tool, declared);
        if (override != null) {
            why.add(new Reason("level override", tool, Set.of(required), override.cause()));
        }
        Verdict verdict;
        if (token != null && !token.activeAt(at)) {
            verdict = AccessRules.inactiveToken();
        } else {
            verdict = AccessRules.evaluate(
                    person.active(),
                    person.role() == Role.ADMIN,
                    model.grantsOf(person.userId()),
                    model.installation().defaults(),
                    token == null ? null : token.permissions(),
                    tool,
                    exposedName);
        }
        switch (verdict.basis()) {
            case ADMINISTRATOR -> why.add(new Reason("administrator", null, verdict.levels(), person.status()));
            case GRANT ->
                why.add(new Reason(
                        "grant",
                        verdict.ownerRule().tool(),
                        verdict.ownerRule().effectiveLevels(),
                        model.rulesOf(person.userId())
                                .get(verdict.ownerRule().tool())
                                .cause()));
            case DEFAULT ->
                why.add(new Reason(
                        model.installation().defaultsCause() == null ? "default out of the box" : "default",
                        verdict.ownerRule().tool(),
                        verdict.ownerRule().effectiveLevels(),
                        model.installation().defaultsCause()));
            case NO_RULE -> why.add(new Reason("no rule", null, Set.of(), null));
            case ACCOUNT_INACTIVE ->
                why.add(new Reason(
                        person.deleted() ? "account deleted" : "account disabled", null, Set.of(), person.status()));
            case TOKEN_INACTIVE ->
                why.add(new Reason(
                        token.revokedAt() != null ? "token revoked" : "token expired or not yet issued",
                        null,
                        Set.of(),
                        token.revoked() != null ? token.revoked() : token.issued()));
        }
        if (token != null) {
            if (verdict.narrowed()) {
                Grant rule = verdict.tokenRule();
                why.add(new Reason(
                        "token subset",
                        rule == null ? null : rule.tool(),
                        rule == null ? Set.of() : rule.effectiveLevels(),
                        token.permissionsSet() != null ? token.permissionsSet() : token.issued()));
            } else if (verdict.basis() != AccessRules.Basis.TOKEN_INACTIVE) {
                why.add(new Reason("token issued", null, verdict.levels(), token.issued()));
            }
        }
        return new Holder(
                person.userId(),
                person.username(),
                token == null ? null : token.tokenId(),
                token == null ? null : token.name(),
                tool,
                required,
                verdict.levels(),
                verdict.allows(required),
                List.copyOf(why));
    }

    /** {@code tools} and every literal tool name a rule of this model names, with their declared levels. */
    private Map<String, ToolLevel> toolsWith(Map<String, ToolLevel> tools) {
        var all = new TreeMap<String, ToolLevel>(tools);
        model.installation().overrides().keySet().forEach(tool -> all.putIfAbsent(tool, null));
        model.installation().defaults().stream()
                .map(Grant::tool)
                .filter(ToolPatterns::isLiteral)
                .forEach(tool -> all.putIfAbsent(tool, null));
        model.people().keySet().forEach(userId -> model.rulesOf(userId).keySet().stream()
                .filter(ToolPatterns::isLiteral)
                .forEach(tool -> all.putIfAbsent(tool, null)));
        return all;
    }

    private List<Person> sortedPeople() {
        return model.people().values().stream()
                .sorted(Comparator.comparing(Person::username))
                .toList();
    }

    private List<Token> tokensOf(String userId) {
        if (tokensByOwner == null) {
            tokensByOwner = model.tokens().values().stream()
                    .sorted(Comparator.comparing(Token::issuedAt).thenComparing(Token::tokenId))
                    .collect(Collectors.groupingBy(Token::userId));
        }
        return tokensByOwner.getOrDefault(userId, List.of());
    }
}
