package dev.hamcp.bridge.runtime.mcp.peers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.BearerProxy;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import dev.hamcp.bridge.runtime.support.NodePeers;
import dev.hamcp.bridge.runtime.support.NodeProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, on Node.js 22)
 * against {@code /mcp}, with the protocol scenarios that fit a gateway. The suite's client sends no
 * credential and has no option for one, so it talks to the bridge through a {@link BearerProxy}
 * that adds a real user's access token and changes nothing else: the bridge's authentication stays
 * as in production, and the DNS-rebinding scenario's foreign Host and Origin still reach it.
 */
class ConformanceSuiteTest extends BridgeIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private BearerProxy proxy;

    @BeforeEach
    void startProxy() {
        proxy = BearerProxy.start(port, api.login(api.newUser()).accessToken());
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"server-initialize", "ping", "tools-list"})
    void theBridgePassesTheProtocolScenario(String scenario) {
        List<JsonNode> checks = run(scenario);

        assertThat(checks).extracting(check -> check.get("id").asString()).contains(scenario);
    }

    @Test
    void theBridgeRefusesAForeignHostAndOriginButAcceptsLocalhost() {
        List<JsonNode> checks = run("dns-rebinding-protection");

        JsonNode rejected = check(checks, "localhost-host-rebinding-rejected");
        JsonNode accepted = check(checks, "localhost-host-valid-accepted");
        // 403 from the Origin check, not 401: the proxy's token got the request past authentication.
        assertThat(rejected.at("/details/statusCode").asInt()).isEqualTo(403);
        assertThat(accepted.at("/details/statusCode").asInt()).isEqualTo(200);
        assertThat(proxy.hostsForwarded()).contains("evil.example.com", "127.0.0.1:" + proxy.port());
    }

    /** Runs one scenario through the proxy, asserts that no check failed, and returns its checks. */
    private List<JsonNode> run(String scenario) {
        Path results = resultsDirectory(scenario);
        var result = NodeProgram.run(
                NodePeers.node22(),
                TIMEOUT,
                NodePeers.conformance(),
                "server",
                "--url",
                "http://127.0.0.1:" + proxy.port() + "/mcp",
                "--scenario",
                scenario,
                "--output-dir",
                results.toAbsolutePath().toString());
        List<JsonNode> checks = checksIn(results, result);
        assertThat(checks)
                .as("checks of %s:%n%s", scenario, result.describe())
                .isNotEmpty()
                .noneMatch(check -> check.get("status").asString().equals("FAILURE"))
                .anyMatch(check -> check.get("status").asString().equals("SUCCESS"));
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return checks;
    }

    private static JsonNode check(List<JsonNode> checks, String id) {
        return checks.stream()
                .filter(check -> check.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No check " + id + " in " + checks));
    }

    /** The suite writes {@code <dir>/server-<scenario>-<time>/checks.json}. */
    private static List<JsonNode> checksIn(Path results, NodeProgram.Result result) {
        try (Stream<Path> files = Files.walk(results)) {
            Path file = files.filter(path -> path.getFileName().toString().equals("checks.json"))
                    .findFirst()
                    .orElseThrow(() ->
                            new AssertionError("The conformance suite wrote no checks.json; " + result.describe()));
            return JSON.readTree(file.toFile()).valueStream().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resultsDirectory(String scenario) {
        try {
            var parent = Files.createDirectories(Path.of("target", "test-peers"));
            return Files.createTempDirectory(parent, "conformance-" + scenario + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
