package dev.hamcp.bridge.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeProcess;
import dev.hamcp.bridge.runtime.support.TestDatabase;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two bridge processes on one PostgreSQL, and a client that alternates between them as any
 * round-robin balancer does: what one node has just issued, the other accepts on the very next
 * request. Each trial goes one way or the other, a hundred times over.
 */
class ReadYourWritesAcrossNodesTest {

    private static final int TRIALS = 100;
    private static final int TOKENS_PER_USER = 10;

    private static BridgeProcess one;
    private static BridgeProcess two;

    @BeforeAll
    static void startTwoNodes() {
        var database = TestDatabase.fresh();
        var shared = Map.of(
                "bridge.db.url", database.url(),
                "bridge.db.user", database.user(),
                "bridge.db.password", database.password(),
                "bridge.auth.jwt-secret", randomKey(),
                "bridge.secrets.master-key", randomKey());
        var starting = CompletableFuture.supplyAsync(
                () -> BridgeProcess.start(BridgeProcess.newDataDirectory("node-two"), shared));
        one = BridgeProcess.start(BridgeProcess.newDataDirectory("node-one"), shared);
        two = starting.join();
    }

    @AfterAll
    static void stopThem() {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
    }

    @Test
    void anAccessTokenFromASignInOnOneNodeIsAcceptedOnTheOtherAtOnce() {
        var user = new Api(one.http()).newUser();
        List<String> refused = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            var issuing = new Api(node(trial).http());
            var using = new Api(node(trial + 1).http());
            String accessToken = issuing.login(user).accessToken();
            int status = using.get("/auth/me", accessToken)
                    .returnResult(String.class)
                    .getStatus()
                    .value();
            if (status != 200) {
                refused.add("trial " + trial + ": " + status);
            }
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void anApiTokenIssuedOnOneNodeIsAcceptedOnTheOtherAtOnce() {
        List<String> refused = new ArrayList<>();
        List<Api.Session> sessions = List.of();
        for (int trial = 0; trial < TRIALS; trial++) {
            if (trial % TOKENS_PER_USER == 0) {
                // A user may hold only so many active tokens.
                var user = new Api(one.http()).newUser();
                sessions = List.of(new Api(one.http()).login(user), new Api(two.http()).login(user));
            }
            var issuing = new Api(node(trial).http());
            var using = new Api(node(trial + 1).http());
            var issued = issuing.post(
                            "/api/tokens/generate", sessions.get(trial % 2).accessToken(), Map.of("name", "t" + trial))
                    .expectStatus()
                    .isCreated()
                    .expectBody(Api.json())
                    .returnResult()
                    .getResponseBody();
            int status = using.get("/permissions/me", (String) issued.get("token"))
                    .returnResult(String.class)
                    .getStatus()
                    .value();
            if (status != 200) {
                refused.add("trial " + trial + ": " + status);
            }
        }
        // Had these refusals counted against the address, the eleventh would have been a 429.
        assertThat(refused).isEmpty();
    }

    @Test
    void someoneRegisteredOnOneNodeSignsInOnTheOtherAtOnce() {
        List<String> refused = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            var user = new Api(node(trial).http()).newUser();
            int status = new Api(node(trial + 1).http())
                    .post("/auth/login", null, Map.of("username", user.username(), "password", user.password()))
                    .returnResult(String.class)
                    .getStatus()
                    .value();
            if (status != 200) {
                refused.add("trial " + trial + ": " + status);
            }
        }
        assertThat(refused).isEmpty();
    }

    private static BridgeProcess node(int trial) {
        return trial % 2 == 0 ? one : two;
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
