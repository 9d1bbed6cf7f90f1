package dev.hamcp.bridge.query.token;

import static dev.hamcp.bridge.api.permission.ToolLevel.READ;
import static dev.hamcp.bridge.api.permission.ToolLevel.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.token.ApiTokenIssued;
import dev.hamcp.bridge.api.token.ApiTokenPermissionsChanged;
import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.UserDeleted;
import dev.hamcp.bridge.api.user.UserDisabled;
import dev.hamcp.bridge.api.user.UserEnabled;
import dev.hamcp.bridge.api.user.UserRegistered;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.AccessViewFeed;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TokenViewTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String ALICES = "mcp_aliceAliceAliceAliceAliceAliceAliceAlice1";
    private static final String BOBS = "mcp_bobBobBobBobBobBobBobBobBobBobBobBobBobBob12";

    private final AccessView users = new AccessView();
    private final TokenView view = new TokenView(users, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void twoUsers() {
        AccessViewFeed.apply(
                users, new UserRegistered("alice", "Alice", "a@example.org", null, "hash", Role.USER, false), 0);
        AccessViewFeed.apply(
                users, new UserRegistered("bob", "Bob", "b@example.org", null, "hash", Role.ADMIN, false), 0);
    }

    private static ApiTokenIssued issued(
            String tokenId, String userId, String token, Instant issuedAt, Instant expiresAt) {
        return new ApiTokenIssued(
                tokenId,
                userId,
                "laptop",
                TokenView.hash(token),
                token.substring(0, 12),
                issuedAt,
                expiresAt,
                null,
                List.of(),
                null);
    }

    private void issue(String tokenId, String userId, String token) {
        view.apply(issued(tokenId, userId, token, NOW.minusSeconds(60), null), 0);
    }

    private static Grant grant(String tool, ToolLevel... levels) {
        return new Grant(tool, Set.of(levels), true);
    }

    @Test
    void theHashIsTheHexSha256OfTheWholeToken() {
        assertThat(TokenView.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aPresentedTokenIsFoundByItsHashWithItsOwner() {
        issue("t1", "alice", ALICES);
        issue("t2", "bob", BOBS);

        var holder = view.authenticate(ALICES).orElseThrow();

        assertThat(holder.token().tokenId()).isEqualTo("t1");
        assertThat(holder.owner().userId()).isEqualTo("alice");
        assertThat(view.authenticate(BOBS).orElseThrow().owner().userId()).isEqualTo("bob");
    }

    @Test
    void aWrongTokenIsRefused() {
        issue("t1", "alice", ALICES);

        assertThat(view.authenticate(ALICES.substring(0, ALICES.length() - 1) + "2"))
                .isEmpty();
        assertThat(view.authenticate(ALICES + "x")).isEmpty();
        assertThat(view.authenticate(TokenView.hash(ALICES))).isEmpty();
    }

    @Test
    void aRevokedTokenIsRefusedAndItsHashForgotten() {
        issue("t1", "alice", ALICES);

        view.apply(new ApiTokenRevoked("t1", "alice", NOW), 1);

        assertThat(view.authenticate(ALICES)).isEmpty();
        assertThat(view.token("t1").orElseThrow().status(NOW)).isEqualTo(ApiTokenAccess.Status.REVOKED);
        // A late copy of the issue event must not bring the hash back.
        view.apply(issued("t1", "alice", ALICES, NOW.minusSeconds(60), null), 0);
        assertThat(view.authenticate(ALICES)).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefusedFromItsExpiryOn() {
        view.apply(issued("t1", "alice", ALICES, NOW.minusSeconds(3600), NOW), 0);
        view.apply(issued("t2", "bob", BOBS, NOW.minusSeconds(3600), NOW.plusSeconds(1)), 0);

        assertThat(view.authenticate(ALICES)).isEmpty();
        assertThat(view.token("t1").orElseThrow().status(NOW)).isEqualTo(ApiTokenAccess.Status.EXPIRED);
        assertThat(view.authenticate(BOBS)).isPresent();
    }

    @Test
    void aTokenWhoseOwnerIsDisabledIsRefusedUntilTheOwnerIsEnabledAgain() {
        issue("t1", "alice", ALICES);

        AccessViewFeed.apply(users, new UserDisabled("alice"), 1);
        assertThat(view.authenticate(ALICES)).isEmpty();

        AccessViewFeed.apply(users, new UserEnabled("alice"), 2);
        assertThat(view.authenticate(ALICES)).isPresent();
    }

    @Test
    void aTokenWhoseOwnerIsDeletedIsRefused() {
        issue("t1", "alice", ALICES);

        AccessViewFeed.apply(users, new UserDeleted("alice"), 1);

        assertThat(view.authenticate(ALICES)).isEmpty();
    }

    @Test
    void aTokenOfAnOwnerTheViewDoesNotKnowIsRefused() {
        issue("t1", "carol", ALICES);

        assertThat(view.authenticate(ALICES)).isEmpty();
    }

    @Test
    void anythingButAnMcpTokenOfSensibleLengthIsRefusedBeforeHashing() {
        String overlong = "mcp_" + "a".repeat(253);
        issue("t1", "alice", overlong);

        assertThat(view.authenticate(null)).isEmpty();
        assertThat(view.authenticate("")).isEmpty();
        assertThat(view.authenticate("eyJhbGciOiJIUzI1NiJ9.e30.sig")).isEmpty();
        assertThat(view.authenticate("MCP_" + ALICES.substring(4))).isEmpty();
        assertThat(view.authenticate(overlong)).isEmpty();
    }

    @Test
    void aUsersTokensAreListedNewestFirst() {
        view.apply(issued("t1", "alice", ALICES, NOW.minusSeconds(300), null), 0);
        view.apply(
                issued("t2", "alice", "mcp_secondSecondSecondSecondSecondSecondSecond", NOW.minusSeconds(100), null),
                0);
        view.apply(
                issued("t3", "alice", "mcp_thirdThirdThirdThirdThirdThirdThirdThird", NOW.minusSeconds(200), null), 0);
        issue("t4", "bob", BOBS);

        assertThat(view.tokensOf("alice")).extracting(ApiTokenAccess::tokenId).containsExactly("t2", "t3", "t1");
        assertThat(view.tokensOf("carol")).isEmpty();
        assertThat(view.all()).hasSize(4);
    }

    @Test
    void aRevokedTokenIsStillListedWithItsStatus() {
        issue("t1", "alice", ALICES);
        view.apply(new ApiTokenRevoked("t1", "alice", NOW), 1);

        assertThat(view.tokensOf("alice")).singleElement().satisfies(token -> {
            assertThat(token.revokedAt()).isEqualTo(NOW);
            assertThat(token.status(NOW)).isEqualTo(ApiTokenAccess.Status.REVOKED);
        });
    }

    @Test
    void changedPermissionsAreKeptMostSpecificFirstAndNullMeansAllTheOwnersRights() {
        issue("t1", "alice", ALICES);
        assertThat(view.authenticate(ALICES).orElseThrow().token().permissions())
                .isNull();

        view.apply(
                new ApiTokenPermissionsChanged("t1", "alice", List.of(grant("*", READ), grant("HassTurnOn", WRITE))),
                1);

        assertThat(view.authenticate(ALICES).orElseThrow().token().permissions())
                .extracting(Grant::tool)
                .containsExactly("HassTurnOn", "*");

        view.apply(new ApiTokenPermissionsChanged("t1", "alice", null), 2);

        assertThat(view.token("t1").orElseThrow().permissions()).isNull();
    }

    @Test
    void changingThePermissionsOfARevokedTokenKeepsItRevoked() {
        issue("t1", "alice", ALICES);
        view.apply(new ApiTokenRevoked("t1", "alice", NOW), 1);

        view.apply(new ApiTokenPermissionsChanged("t1", "alice", List.of(grant("*", READ))), 2);

        assertThat(view.token("t1").orElseThrow().status(NOW)).isEqualTo(ApiTokenAccess.Status.REVOKED);
        assertThat(view.authenticate(ALICES)).isEmpty();
    }

    @Test
    void aReplayedOrOlderEventOfATokenIsIgnored() {
        issue("t1", "alice", ALICES);
        view.apply(new ApiTokenPermissionsChanged("t1", "alice", List.of(grant("*", READ))), 1);
        view.apply(new ApiTokenPermissionsChanged("t1", "alice", List.of(grant("*", WRITE))), 2);

        view.apply(new ApiTokenPermissionsChanged("t1", "alice", List.of(grant("*", READ))), 1);
        view.apply(new ApiTokenPermissionsChanged("t1", "alice", List.of(grant("GetDateTime", READ))), 2);

        assertThat(view.token("t1").orElseThrow().permissions()).containsExactly(grant("*", WRITE));
        assertThat(view.token("t1").orElseThrow().sequence()).isEqualTo(2);
    }

    @Test
    void eventsOfATokenNeverIssuedAreIgnored() {
        view.apply(new ApiTokenRevoked("t9", "alice", NOW), 1);
        view.apply(new ApiTokenPermissionsChanged("t9", "alice", null), 2);

        assertThat(view.token("t9")).isEmpty();
        assertThat(view.tokensOf("alice")).isEmpty();
    }

    @Test
    void aTokenWithAllowedNetworksAdmitsOnlyAddressesInThem() throws Exception {
        view.apply(
                new ApiTokenIssued(
                        "t1",
                        "alice",
                        "home",
                        TokenView.hash(ALICES),
                        "mcp_aliceAli",
                        NOW,
                        null,
                        null,
                        List.of("192.168.1.0/24", "fd00::/8"),
                        30),
                0);
        var token = view.authenticate(ALICES).orElseThrow().token();

        assertThat(token.admitsAddress(InetAddress.getByName("192.168.1.20"))).isTrue();
        assertThat(token.admitsAddress(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(token.admitsAddress(InetAddress.getByName("192.168.2.20"))).isFalse();
        assertThat(token.admitsAddress(null)).isFalse();
        assertThat(view.token("t2")).isEmpty();
    }

    @Test
    void aTokenWithoutAllowedNetworksAdmitsAnyAddress() throws Exception {
        issue("t1", "alice", ALICES);

        var token = view.authenticate(ALICES).orElseThrow().token();

        assertThat(token.admitsAddress(InetAddress.getByName("203.0.113.7"))).isTrue();
        assertThat(token.admitsAddress(null)).isTrue();
    }
}
