package dev.hamcp.bridge.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.runtime.DataDirectory;
import dev.hamcp.bridge.runtime.database.DatabaseProperties;
import dev.hamcp.bridge.runtime.mcp.queue.QueueProperties;
import dev.hamcp.bridge.runtime.mcp.ratelimit.RateLimitProperties;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestLogProperties;
import dev.hamcp.bridge.runtime.security.AuthProperties;
import dev.hamcp.bridge.runtime.startup.AdminProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The environment variable names the README and infra files promise reach the settings, and unsafe values are refused. */
class EnvironmentVariablesTest {

    private final Binder binder = binderFor(Map.of(
            "BRIDGE_DATA_DIR", "/var/lib/bridge",
            "BRIDGE_DB_URL", "jdbc:postgresql://db:5432/bridge",
            "BRIDGE_DB_USER", "bridge",
            "BRIDGE_DB_PASSWORD", "db-secret",
            "BRIDGE_ADMIN_PASSWORD", "first admin password",
            "BRIDGE_AUTH_JWT_SECRET", "c2VjcmV0",
            "BRIDGE_AUTH_ACCESS_TOKEN_LIFETIME", "5m"));

    @Test
    void documentedEnvironmentVariablesBindToTheirSettings() {
        assertThat(binder.bind("bridge", DataDirectory.class).get().dataDir()).isEqualTo(Path.of("/var/lib/bridge"));
        var db = binder.bind("bridge.db", DatabaseProperties.class).get();
        assertThat(db.url()).isEqualTo("jdbc:postgresql://db:5432/bridge");
        assertThat(db.password()).isEqualTo("db-secret");
        assertThat(binder.bind("bridge.admin", AdminProperties.class).get().password())
                .isEqualTo("first admin password");
        var auth = binder.bind("bridge.auth", AuthProperties.class).get();
        assertThat(auth.jwtSecret()).isEqualTo("c2VjcmV0");
        assertThat(auth.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void settingsThatHoldSecretsDoNotPrintThem() {
        assertThat(binder.bind("bridge.db", DatabaseProperties.class).get().toString())
                .doesNotContain("db-secret");
        assertThat(binder.bind("bridge.admin", AdminProperties.class).get().toString())
                .doesNotContain("first admin password");
        assertThat(binder.bind("bridge.auth", AuthProperties.class).get().toString())
                .doesNotContain("c2VjcmV0");
    }

    @Test
    void anAccessTokenLifetimeOverADayOrAWeakHashIsRefused() {
        assertThatThrownBy(() -> auth(Map.of("BRIDGE_AUTH_ACCESS_TOKEN_LIFETIME", "25h")))
                .hasRootCauseMessage("bridge.auth.access-token-lifetime must be between 1 second and 24 hours");
        assertThatThrownBy(() -> auth(Map.of("BRIDGE_AUTH_PASSWORD_HASH_ITERATIONS", "1000")))
                .hasRootCauseMessage("bridge.auth.password-hash-iterations must be at least 100000");
        assertThat(auth(Map.of("BRIDGE_AUTH_ACCESS_TOKEN_LIFETIME", "24h")).accessTokenLifetime())
                .isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theCallPathSettingsDefaultToTheDocumentedValues() {
        var nothingSet = binderFor(Map.of());

        assertThat(nothingSet.bindOrCreate("bridge.rate-limit", RateLimitProperties.class))
                .isEqualTo(new RateLimitProperties(100, 100_000));
        assertThat(nothingSet.bindOrCreate("bridge.queue", QueueProperties.class))
                .isEqualTo(new QueueProperties(256, 16, Duration.ofSeconds(30)));
        assertThat(nothingSet.bindOrCreate("bridge.request-log", RequestLogProperties.class))
                .isEqualTo(new RequestLogProperties(
                        10_000, 500, Duration.ofMillis(200), Duration.ofDays(30), Duration.ofHours(1)));
    }

    @Test
    void theCallPathSettingsBindFromTheEnvironment() {
        var binder = binderFor(Map.of(
                "BRIDGE_RATE_LIMIT_REQUESTS_PER_MINUTE", "20",
                "BRIDGE_QUEUE_MAX_IN_FLIGHT", "4",
                "BRIDGE_QUEUE_TIMEOUT", "10s",
                "BRIDGE_REQUEST_LOG_RETENTION", "7d"));

        assertThat(binder.bind("bridge.rate-limit", RateLimitProperties.class)
                        .get()
                        .requestsPerMinute())
                .isEqualTo(20);
        var queue = binder.bind("bridge.queue", QueueProperties.class).get();
        assertThat(queue.maxInFlight()).isEqualTo(4);
        assertThat(queue.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(binder.bind("bridge.request-log", RequestLogProperties.class)
                        .get()
                        .retention())
                .isEqualTo(Duration.ofDays(7));
    }

    private static AuthProperties auth(Map<String, Object> variables) {
        return binderFor(variables).bind("bridge.auth", AuthProperties.class).get();
    }

    private static Binder binderFor(Map<String, Object> variables) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return new Binder(ConfigurationPropertySources.from(environment.getPropertySources()));
    }
}
