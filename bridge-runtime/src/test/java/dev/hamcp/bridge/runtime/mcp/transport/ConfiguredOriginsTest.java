package dev.hamcp.bridge.runtime.mcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.mcp.McpProperties;
import dev.hamcp.bridge.runtime.web.HttpProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ConfiguredOriginsTest {

    private final ConfiguredOrigins origins = new ConfiguredOrigins(
            new McpProperties(
                    List.of("https://n8n.example.org/"),
                    DataSize.ofMegabytes(1),
                    Duration.ofHours(1),
                    Duration.ofSeconds(15),
                    Duration.ofMinutes(1)),
            new HttpProperties(DataSize.ofKilobytes(64), List.of(), URI.create("https://bridge.home.example:8443/")));

    @Test
    void requestsWithoutAnOriginAndFromLoopbackAreAllowed() {
        assertThat(origins.allows(null)).isTrue();
        assertThat(origins.allows("http://localhost:6274")).isTrue();
        assertThat(origins.allows("http://127.0.0.1")).isTrue();
        assertThat(origins.allows("http://[::1]:3000")).isTrue();
    }

    @Test
    void configuredOriginsAreAllowedWhateverTheirCase() {
        assertThat(origins.allows("https://N8N.example.org")).isTrue();
    }

    /** The dashboard served under the bridge's public URL calls /mcp from that origin (the tool tester). */
    @Test
    void theOriginOfTheConfiguredPublicUrlIsAllowed() {
        assertThat(origins.allows("https://bridge.home.example:8443")).isTrue();
        assertThat(origins.allows("http://bridge.home.example:8443")).isFalse();
        assertThat(origins.allows("https://bridge.home.example")).isFalse();
    }

    @Test
    void everythingElseIsRefused() {
        assertThat(origins.allows("http://evil.example.com")).isFalse();
        assertThat(origins.allows("http://localhost.evil.example.com")).isFalse();
        assertThat(origins.allows("https://n8n.example.org.evil.example.com")).isFalse();
        assertThat(origins.allows("null")).isFalse();
        assertThat(origins.allows("file:///etc/passwd")).isFalse();
    }

    @Test
    void originsWhoseHostCannotBeReadAreRefusedRatherThanFailing() {
        assertThat(origins.allows("http://127.0.0.1:-1")).isFalse();
        assertThat(origins.allows("http://localhost%2eevil.example")).isFalse();
        assertThat(origins.allows("http://127.1")).isFalse();
        assertThat(origins.allows("http://")).isFalse();
    }
}
