package dev.hamcp.bridge.command.user;

import dev.hamcp.bridge.api.user.Password;
import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.api.user.SessionStarted;
import dev.hamcp.bridge.api.user.UserRegistered;
import dev.hamcp.bridge.command.secret.InMemoryDataKeyStore;
import dev.hamcp.bridge.command.secret.MasterKeyring;
import dev.hamcp.bridge.command.secret.SecretCipher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;

/** Shared test data; the one real hash is computed once, because hashing dominates the test run. */
final class TestUsers {

    static final PasswordHasher HASHER = new PasswordHasher(100_000);
    static final LockoutPolicy POLICY = new LockoutPolicy(5, Duration.ofMinutes(15), Duration.ofMinutes(15));

    static final String USER_ID = "user-1";
    static final String USERNAME = "alice";
    static final Password PASSWORD = new Password("correct horse battery");
    static final Password WRONG_PASSWORD = new Password("incorrect horse battery");
    static final String PASSWORD_HASH = HASHER.hash(PASSWORD);

    /** Seals email addresses under data keys kept in memory, as the bridge seals them in PostgreSQL. */
    static final SecretCipher CIPHER =
            new SecretCipher(() -> new MasterKeyring(new byte[32], List.of()), new InMemoryDataKeyStore());

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    static final Duration SESSION_LIFETIME = Duration.ofDays(30);

    private TestUsers() {}

    static AggregateTestFixture<User> userFixture() {
        AggregateTestFixture<User> fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(HASHER);
        fixture.registerInjectableResource(POLICY);
        fixture.registerInjectableResource(CIPHER);
        return fixture;
    }

    static UserRegistered registered(String username, Role role) {
        return new UserRegistered(
                USER_ID, username, null, CIPHER.seal(USER_ID, username + "@example.org"), PASSWORD_HASH, role, false);
    }

    static UserRegistered registered(Role role) {
        return registered(USERNAME, role);
    }

    static UserRegistered registered() {
        return registered(Role.USER);
    }

    static SessionStarted sessionStarted(String sessionId) {
        return new SessionStarted(USER_ID, sessionId, firstTokenOf(sessionId), T0.plus(SESSION_LIFETIME));
    }

    static String firstTokenOf(String sessionId) {
        return "sha256-of-first-token-of-" + sessionId;
    }
}
