package dev.hamcp.bridge.runtime.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** An administrator rebuilds the read models on the running bridge, watches it reach the head, and finds them as they were. */
class ReadModelRebuildTest extends BridgeIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ReadModelRebuild rebuild;

    @Test
    void aRebuildReplaysTheStoreToTheHeadAndTheReadModelsComeBackIdentical() {
        var admin = api.admin().accessToken();
        var user = api.newUser();
        var session = api.login(user);
        api.post("/auth/logout", session.accessToken(), null).expectStatus().isNoContent();
        api.post("/admin/users/" + user.userId() + "/disable", admin, null)
                .expectStatus()
                .isNoContent();
        await().atMost(Duration.ofSeconds(30)).until(this::readModelsCaughtUp);
        var before = readModels();

        var started = api.post("/admin/maintenance/rebuild", admin, null)
                .expectStatus()
                .isAccepted()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        assertThat(started).containsEntry("requestedBy", userIdOf(admin));
        long head = ((Number) started.get("headPosition")).longValue();

        await().atMost(Duration.ofSeconds(60)).until(() -> "done"
                .equals(api.read("/admin/maintenance/rebuild", admin).get("state")));
        var done = api.read("/admin/maintenance/rebuild", admin);
        assertThat(((Number) done.get("positionReached")).longValue()).isGreaterThanOrEqualTo(head);
        assertThat(((Number) done.get("eventsPerSecond")).doubleValue()).isPositive();
        assertThat(names(done)).contains("user-directory", "audit-index").doesNotContain("access-view");
        assertThat(readModels()).isEqualTo(before);
        api.get("/auth/me", admin).expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> names(Map<String, Object> progress) {
        return ((List<Map<String, Object>>) progress.get("processors"))
                .stream().map(p -> p.get("name")).toList();
    }

    private String userIdOf(String accessToken) {
        return (String) api.read("/auth/me", accessToken).get("userId");
    }

    /** Every persistent processor (not just the audit index) has applied the whole store. */
    private boolean readModelsCaughtUp() {
        return rebuild.caughtUpTo(rebuild.head());
    }

    private List<List<Map<String, Object>>> readModels() {
        return List.of(
                jdbc.queryForList("SELECT * FROM users ORDER BY user_id"),
                jdbc.queryForList("SELECT * FROM user_sessions ORDER BY session_id"),
                jdbc.queryForList("SELECT * FROM audit_event ORDER BY position"));
    }
}
