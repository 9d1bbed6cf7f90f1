package dev.hamcp.bridge.command.user;

import static dev.hamcp.bridge.command.user.TestUsers.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hamcp.bridge.api.user.AccountLocked;
import dev.hamcp.bridge.api.user.LoginFailed;
import dev.hamcp.bridge.api.user.SessionRefreshed;
import java.nio.charset.StandardCharsets;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/** Snapshots of User go through Axon's JacksonSerializer; what comes back must be the same user. */
class UserSnapshotTest {

    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
            .build();

    @Test
    void aUserWithSessionsAndALockSurvivesASnapshotRoundTrip() {
        userFixture()
                .givenCurrentTime(T0)
                .andGiven(registered(), sessionStarted("s1"), sessionStarted("s2"))
                .andGiven(new SessionRefreshed(USER_ID, "s1", "second", T0.plus(SESSION_LIFETIME)))
                .andGiven(new LoginFailed(USER_ID), new AccountLocked(USER_ID, T0.plusSeconds(900), 5))
                .andGiven(new LoginFailed(USER_ID))
                // Nothing is done to the user: the loaded state is what the test examines.
                .whenInvoking(USER_ID, user -> {})
                .expectState(user -> {
                    SerializedObject<byte[]> snapshot = serializer.serialize(user, byte[].class);
                    User restored = serializer.deserialize(snapshot);

                    assertThat(restored).usingRecursiveComparison().isEqualTo(user);
                    assertThat(new String(snapshot.getData(), StandardCharsets.UTF_8))
                            .contains("\"sessions\"", "\"spentHashes\"", "\"lockedUntil\"")
                            .doesNotContain("enabledAdmin");
                });
    }
}
