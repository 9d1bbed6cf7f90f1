package dev.hamcp.bridge.runtime.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.mcp.McpProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class McpSessionsTest {

    private static final SecretKeySpec KEY = new SecretKeySpec(new byte[32], "HmacSHA256");

    private static McpSessions sessions(Duration lifetime) {
        return sessions(lifetime, Clock.systemUTC());
    }

    private static McpSessions sessions(Duration lifetime, Clock clock) {
        var properties = new McpProperties(
                List.of(), DataSize.ofMegabytes(1), lifetime, Duration.ofSeconds(15), Duration.ofMinutes(1));
        return new McpSessions(KEY, properties, clock);
    }

    @Test
    void aSessionIsFoundForTheUserItWasOpenedFor() {
        var sessions = sessions(Duration.ofHours(1));
        var session = sessions.open("alice", "2025-11-25");

        var found = sessions.find(session.id(), "alice").orElseThrow();

        assertThat(found.protocolVersion()).isEqualTo("2025-11-25");
        assertThat(session.id()).matches("[\\x21-\\x7E]+");
    }

    @Test
    void anotherNodeWithTheSameKeyHonoursTheSession() {
        var session = sessions(Duration.ofHours(1)).open("alice", "2025-06-18");

        assertThat(sessions(Duration.ofHours(1)).find(session.id(), "alice")).isPresent();
    }

    @Test
    void anotherUserCannotUseTheSession() {
        var sessions = sessions(Duration.ofHours(1));
        var session = sessions.open("alice", "2025-11-25");

        assertThat(sessions.find(session.id(), "mallory")).isEmpty();
    }

    @Test
    void aTamperedOrGarbageIdIsUnknown() {
        var sessions = sessions(Duration.ofHours(1));
        String id = sessions.open("alice", "2025-11-25").id();
        // Tamper with the signed payload: a signature's last base64 character also holds unused bits.
        char first = id.charAt(0);
        String tampered = (first == 'Y' ? 'Z' : 'Y') + id.substring(1);

        assertThat(sessions.find(tampered, "alice")).isEmpty();
        assertThat(sessions.find("not-a-session", "alice")).isEmpty();
        assertThat(sessions.find("a.b", "alice")).isEmpty();
        assertThat(sessions.find("", "alice")).isEmpty();
    }

    @Test
    void anEndedOrExpiredSessionIsUnknown() {
        var sessions = sessions(Duration.ofHours(1));
        var session = sessions.open("alice", "2025-11-25");
        sessions.end(session);
        assertThat(sessions.find(session.id(), "alice")).isEmpty();

        String opened = sessions.open("alice", "2025-11-25").id();
        var twoHoursLater = sessions(Duration.ofHours(1), Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        assertThat(twoHoursLater.find(opened, "alice")).isEmpty();
    }
}
