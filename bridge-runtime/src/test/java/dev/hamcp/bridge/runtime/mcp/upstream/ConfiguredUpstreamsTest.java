package dev.hamcp.bridge.runtime.mcp.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition.Transport;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code bridge.upstreams} and {@code bridge.upstream}: what binds, and the start-up refusals. */
class ConfiguredUpstreamsTest {

    @Test
    void aHomeAssistantGivenByEnvironmentVariablesBecomesAStreamableHttpUpstream() {
        var directory = directoryFrom(environment(Map.of(
                "BRIDGE_UPSTREAMS_0_NAME", "home",
                "BRIDGE_UPSTREAMS_0_URL", "http://homeassistant.local:8123/api/mcp",
                "BRIDGE_UPSTREAMS_0_TOKEN", "long-lived-token",
                "BRIDGE_UPSTREAMS_0_ALLOWED_USERS", "user-1,user-2")));

        var home = directory.all().getFirst();
        assertThat(home.name()).isEqualTo("home");
        assertThat(home.transport()).isEqualTo(Transport.STREAMABLE_HTTP);
        assertThat(home.url()).isEqualTo("http://homeassistant.local:8123/api/mcp");
        assertThat(home.bearerToken()).isEqualTo("long-lived-token");
        assertThat(home.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(directory.upstreamsFor("user-2")).containsExactly(home);
        assertThat(directory.upstreamsFor("user-3")).isEmpty();
    }

    @Test
    void aStdioUpstreamCarriesItsCommandArgumentsAndEnvironment() {
        var directory = directoryFrom(properties(Map.of(
                "bridge.upstreams[0].name", "files",
                "bridge.upstreams[0].transport", "stdio",
                "bridge.upstreams[0].command", "/usr/bin/node",
                "bridge.upstreams[0].args[0]", "server.js",
                "bridge.upstreams[0].args[1]", "stdio",
                "bridge.upstreams[0].env.API_KEY", "secret",
                "bridge.upstreams[0].timeout", "5s")));

        UpstreamDefinition files = directory.all().getFirst();
        assertThat(files.transport()).isEqualTo(Transport.STDIO);
        assertThat(files.command()).containsExactly("/usr/bin/node", "server.js", "stdio");
        assertThat(files.environment()).isEqualTo(Map.of("API_KEY", "secret"));
        assertThat(files.url()).isNull();
        assertThat(directory.upstreamsFor("anyone")).containsExactly(files);
    }

    @Test
    void nothingConfiguredMeansNoUpstreams() {
        assertThat(directoryFrom(properties(Map.of())).all()).isEmpty();
    }

    @Test
    void badDefinitionsStopTheStartWithAMessageNamingTheSetting() {
        assertRefused(
                Map.of("bridge.upstreams[0].name", "Home", "bridge.upstreams[0].url", "http://h/api/mcp"),
                "bridge.upstreams[0].name must be 1-32 of a-z 0-9 and -, was \"Home\"");
        assertRefused(
                Map.of("bridge.upstreams[0].name", "home_1", "bridge.upstreams[0].url", "http://h/api/mcp"),
                "bridge.upstreams[0].name must be 1-32 of a-z 0-9 and -, was \"home_1\"");
        assertRefused(
                Map.of("bridge.upstreams[0].name", "home"),
                "bridge.upstreams[0]. (upstream \"home\"): an HTTP upstream needs a url");
        assertRefused(
                Map.of("bridge.upstreams[0].name", "home", "bridge.upstreams[0].url", "ftp://h/api/mcp"),
                "bridge.upstreams[0]. (upstream \"home\"): url must start with http:// or https://");
        assertRefused(
                Map.of("bridge.upstreams[0].name", "home", "bridge.upstreams[0].url", "http://admin:pw@h/api/mcp"),
                "bridge.upstreams[0]. (upstream \"home\"): url must not carry a user, a query or a fragment;"
                        + " put the credential in token");
        assertRefused(
                Map.of("bridge.upstreams[0].name", "tool", "bridge.upstreams[0].transport", "stdio"),
                "bridge.upstreams[0]. (upstream \"tool\"): a stdio upstream needs a command");
        assertRefused(
                Map.of(
                        "bridge.upstreams[0].name", "home",
                        "bridge.upstreams[0].url", "http://h/api/mcp",
                        "bridge.upstreams[0].timeout", "11m"),
                "bridge.upstreams[0]. (upstream \"home\"): timeout must be longer than zero and at most 10 minutes");
        assertRefused(
                Map.of(
                        "bridge.upstreams[0].name", "home",
                        "bridge.upstreams[0].url", "http://a/api/mcp",
                        "bridge.upstreams[1].name", "home",
                        "bridge.upstreams[1].url", "http://b/api/mcp"),
                "bridge.upstreams[1].name \"home\" is already used by another upstream");
    }

    @Test
    void anUpstreamsTokenIsNeverPrinted() {
        var properties = bind(properties(Map.of(
                "bridge.upstreams[0].name", "home",
                "bridge.upstreams[0].url", "http://h/api/mcp",
                "bridge.upstreams[0].token", "long-lived-token")));

        assertThat(properties.toString()).contains("home").doesNotContain("long-lived-token");
        assertThat(new ConfiguredUpstreamDirectory(properties).all().getFirst().toString())
                .doesNotContain("long-lived-token");
    }

    @Test
    void theUpstreamSettingsHaveTheirDocumentedDefaults() {
        var settings = new Binder(ConfigurationPropertySources.from(new StandardEnvironment().getPropertySources()))
                .bindOrCreate("bridge.upstream", UpstreamProperties.class);

        assertThat(settings.toolCacheTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.maxSessionsPerUpstream()).isEqualTo(4);
        assertThat(settings.retry().maxAttempts()).isEqualTo(3);
        assertThat(settings.breaker().waitInOpen()).isEqualTo(Duration.ofSeconds(30));
    }

    private static void assertRefused(Map<String, Object> settings, String message) {
        assertThatThrownBy(() -> bind(properties(settings))).hasRootCauseMessage(message);
    }

    private static ConfiguredUpstreamDirectory directoryFrom(StandardEnvironment environment) {
        return new ConfiguredUpstreamDirectory(bind(environment));
    }

    private static ConfiguredUpstreamProperties bind(StandardEnvironment environment) {
        return new Binder(ConfigurationPropertySources.from(environment.getPropertySources()))
                .bindOrCreate("bridge", ConfiguredUpstreamProperties.class);
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        var environment = new StandardEnvironment();
        // Only a source of this name gets the environment-variable naming rules (_0_ for list indices).
        var name = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        environment.getPropertySources().replace(name, new SystemEnvironmentPropertySource(name, variables));
        return environment;
    }

    private static StandardEnvironment properties(Map<String, Object> settings) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(settings)));
        return environment;
    }
}
