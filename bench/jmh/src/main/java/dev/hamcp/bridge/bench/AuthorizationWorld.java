package dev.hamcp.bridge.bench;

import static dev.hamcp.bridge.api.permission.ToolLevel.EXECUTE;
import static dev.hamcp.bridge.api.permission.ToolLevel.READ;
import static dev.hamcp.bridge.api.permission.ToolLevel.WRITE;

import dev.hamcp.bridge.api.permission.DefaultPolicyChanged;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.HomeAssistantCatalog;
import dev.hamcp.bridge.api.permission.PermissionGranted;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolLevelOverridden;
import dev.hamcp.bridge.api.token.ApiTokenIssued;
import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.UserDisabled;
import dev.hamcp.bridge.api.user.UserRegistered;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.AccessViewLoader;
import dev.hamcp.bridge.query.permission.Decision;
import dev.hamcp.bridge.query.permission.PermissionView;
import dev.hamcp.bridge.query.permission.PermissionViewLoader;
import dev.hamcp.bridge.query.token.TokenView;
import dev.hamcp.bridge.query.token.TokenViewLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * An installation of the issue's size, fed through the views' own event handlers: 1,000 users
 * (administrators and users, some disabled), explicit grants and default policy, 10,000 API tokens
 * (10 per user, some narrowed, revoked or expired) and 100 tools. Built from a fixed seed, so every
 * fork and the report see the same one.
 */
final class AuthorizationWorld {

    static final int USERS = 1_000;
    static final int TOKENS_PER_USER = 10;
    static final int TOOLS = 100;
    /** The calls a benchmark cycles through: a power of two, so the next one is a mask away. */
    static final int CALLS = 1 << 12;

    static final String UPSTREAM = "house";

    private static final List<Grant> DEFAULTS =
            List.of(grant("*", READ), grant("HassLight*", READ, WRITE), grant("Hass*Timer", WRITE));

    // What an administrator might grant a user; each user gets a few of these.
    private static final List<Grant> USER_GRANTS = List.of(
            grant("*", READ),
            grant("Hass*", READ, WRITE),
            grant("HassTurnOn", WRITE),
            grant("HassTurnOff", WRITE),
            grant("*Light*", READ, WRITE),
            grant("HassMedia*", WRITE),
            grant("script_*", EXECUTE),
            grant(UPSTREAM + "_script_*", READ, EXECUTE),
            grant("GetLiveContext"),
            new Grant("HassBroadcast", Set.of(WRITE), false));

    // What a user might narrow a token to.
    private static final List<Grant> TOKEN_SUBSETS = List.of(
            grant("*", READ),
            grant("Hass*", READ, WRITE),
            grant("HassLight*", READ, WRITE),
            grant("GetLiveContext", READ),
            grant("script_*", EXECUTE),
            grant("HassTurnOn", WRITE));

    final AccessView users = new AccessView();
    final PermissionView permissions = new PermissionView();
    final TokenView tokens = new TokenView(users);

    final List<String> tools = new ArrayList<>();
    /** Every token as a client presents it. */
    final List<String> presentedTokens = new ArrayList<>();
    /** The tokens that authenticate: not revoked, not expired, owner enabled. */
    final List<String> activeTokens = new ArrayList<>();

    /** The calls measured: a token that authenticates, the tool's name and the name the caller sees. */
    final String[] callToken = new String[CALLS];

    final String[] callTool = new String[CALLS];
    final String[] callExposedName = new String[CALLS];

    int admins;
    int disabledUsers;
    int usersWithGrants;
    int explicitGrants;
    int revokedTokens;
    int expiredTokens;
    int narrowedTokens;
    int allowedCalls;

    static AuthorizationWorld build(long seed) {
        var world = new AuthorizationWorld();
        world.load(new Random(seed));
        return world;
    }

    private static Grant grant(String tool, ToolLevel... levels) {
        return new Grant(tool, Set.of(levels), true);
    }

    private void load(Random random) {
        Instant now = Instant.now();
        var catalog = new TreeSet<>(HomeAssistantCatalog.tools().keySet());
        tools.addAll(catalog);
        for (int i = 0; tools.size() < TOOLS; i++) {
            tools.add("script_" + i);
        }

        PermissionViewLoader.apply(permissions, new DefaultPolicyChanged(DEFAULTS, List.of()), 0);
        PermissionViewLoader.apply(permissions, new ToolLevelOverridden("script_0", WRITE), 1);
        PermissionViewLoader.apply(permissions, new ToolLevelOverridden("HassBroadcast", EXECUTE), 2);

        for (int u = 0; u < USERS; u++) {
            String userId = "user-%04d".formatted(u);
            boolean admin = u % 50 == 0;
            AccessViewLoader.apply(
                    users,
                    new UserRegistered(
                            userId,
                            userId,
                            userId + "@example.org",
                            null,
                            "not-a-hash",
                            admin ? Role.ADMIN : Role.USER,
                            false),
                    0);
            admins += admin ? 1 : 0;
            if (u % 40 == 7) {
                AccessViewLoader.apply(users, new UserDisabled(userId), 1);
                disabledUsers++;
            }
            if (!admin && random.nextInt(10) < 7) {
                grantSome(userId, random);
            }
            for (int t = 0; t < TOKENS_PER_USER; t++) {
                issueToken(userId, u * TOKENS_PER_USER + t, random, now);
            }
        }

        for (int c = 0; c < CALLS; c++) {
            String tool = tools.get(random.nextInt(tools.size()));
            callToken[c] = activeTokens.get(random.nextInt(activeTokens.size()));
            callTool[c] = tool;
            callExposedName[c] = UPSTREAM + "_" + tool;
            allowedCalls += call(c).allowed() ? 1 : 0;
        }
    }

    private void grantSome(String userId, Random random) {
        var chosen = new LinkedHashMap<String, Grant>();
        int count = 2 + random.nextInt(5);
        while (chosen.size() < count) {
            Grant grant = random.nextInt(4) == 0
                    ? grant(
                            "script_"
                                    + random.nextInt(
                                            TOOLS - HomeAssistantCatalog.tools().size()),
                            EXECUTE)
                    : USER_GRANTS.get(random.nextInt(USER_GRANTS.size()));
            chosen.putIfAbsent(grant.tool(), grant);
        }
        long sequence = 0;
        for (Grant grant : chosen.values()) {
            PermissionViewLoader.apply(permissions, new PermissionGranted(userId, grant), sequence++);
        }
        usersWithGrants++;
        explicitGrants += chosen.size();
    }

    private void issueToken(String userId, int index, Random random, Instant now) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String presented =
                TokenView.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String tokenId = "token-%05d".formatted(index);
        int kind = random.nextInt(100);
        boolean revoked = kind < 5;
        boolean expired = kind >= 5 && kind < 10;
        Instant expiresAt = expired ? now.minus(Duration.ofDays(1)) : kind < 55 ? now.plus(Duration.ofDays(90)) : null;
        List<Grant> subset = null;
        if (random.nextInt(10) < 3) {
            var chosen = new LinkedHashMap<String, Grant>();
            int count = 1 + random.nextInt(3);
            while (chosen.size() < count) {
                Grant grant = TOKEN_SUBSETS.get(random.nextInt(TOKEN_SUBSETS.size()));
                chosen.putIfAbsent(grant.tool(), grant);
            }
            subset = List.copyOf(chosen.values());
            narrowedTokens++;
        }
        List<String> networks = random.nextInt(10) == 0 ? List.of("192.168.0.0/16", "fd00::/8") : List.of();
        TokenViewLoader.apply(
                tokens,
                new ApiTokenIssued(
                        tokenId,
                        userId,
                        "token " + index,
                        TokenView.hash(presented),
                        presented.substring(0, 12),
                        now.minus(Duration.ofDays(30)),
                        expiresAt,
                        subset,
                        networks,
                        null),
                0);
        if (revoked) {
            TokenViewLoader.apply(tokens, new ApiTokenRevoked(tokenId, userId, now.minus(Duration.ofDays(1))), 1);
            revokedTokens++;
        }
        expiredTokens += expired ? 1 : 0;
        presentedTokens.add(presented);
        if (tokens.authenticate(presented).isPresent()) {
            activeTokens.add(presented);
        }
    }

    /**
     * What the bridge does for one MCP call with an API token: authenticate it (SHA-256, lookup,
     * status, owner) and decide the tool call. Null when the token is refused.
     */
    Decision call(int index) {
        var holder = tokens.authenticate(callToken[index]).orElse(null);
        if (holder == null) {
            return null;
        }
        String tool = callTool[index];
        return permissions.decide(
                holder.owner(), holder.token(), tool, callExposedName[index], permissions.requiredLevel(tool, null));
    }

    /** One line about what was loaded, for the console and the report. */
    String describe() {
        return "%d users (%d administrators, %d disabled; %d with %d explicit grants), %d API tokens (%d active, %d revoked, %d expired; %d narrowed to a subset), %d tools (%d of Home Assistant's catalog, %d scripts); of the %d calls cycled through, %d are allowed"
                .formatted(
                        USERS,
                        admins,
                        disabledUsers,
                        usersWithGrants,
                        explicitGrants,
                        presentedTokens.size(),
                        activeTokens.size(),
                        revokedTokens,
                        expiredTokens,
                        narrowedTokens,
                        tools.size(),
                        HomeAssistantCatalog.tools().size(),
                        tools.size() - HomeAssistantCatalog.tools().size(),
                        CALLS,
                        allowedCalls);
    }
}
