package dev.hamcp.bridge.runtime.mcp.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hamcp.bridge.runtime.homeassistant.DestinationPolicy;
import dev.hamcp.bridge.runtime.homeassistant.DestinationProperties;
import dev.hamcp.bridge.runtime.homeassistant.TestNamesResolverProvider;
import dev.hamcp.bridge.runtime.mcp.gateway.ToolResult;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.support.SelfSignedCertificate;
import io.modelcontextprotocol.spec.McpSchema;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's Home Assistant over https, reached the way the gateway reaches it: at the one address
 * its session pinned, with the certificate checked against the URL's host name (not the address),
 * and the upstream's token sent only once that check has passed. The server, on loopback, presents
 * a self-signed certificate for {@value #NAME} and answers any {@code tools/call}.
 */
class PinnedTlsTest {

    private static final String NAME = "good." + TestNamesResolverProvider.LOOPBACK;
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static X509Certificate certificate;
    private static final AtomicInteger requests = new AtomicInteger();

    private final Pinning pinning = Pinning.by(
            new DestinationPolicy(new DestinationProperties(DestinationProperties.Mode.PRIVATE_AND_PUBLIC, List.of())));

    @BeforeAll
    static void startAHouseBehindASelfSignedCertificate() throws Exception {
        var selfSigned = SelfSignedCertificate.forName(NAME, dir);
        certificate = selfSigned.certificate();
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(selfSigned.serverContext()));
        server.createContext("/api/mcp", exchange -> {
            requests.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var id = ID.matcher(body);
            byte[] answer = ("{\"jsonrpc\":\"2.0\",\"id\":" + (id.find() ? id.group(1) : "null")
                            + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"over tls\"}],\"isError\":false}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void aCertificateForTheUrlsNameIsAcceptedOnThePinnedConnection() throws Exception {
        var result = call(NAME, trusting());

        assertThat(result.isError()).isFalse();
        assertThat(Fixtures.text(result)).isEqualTo("over tls");
    }

    @Test
    void anUntrustedCertificateIsRefusedBeforeTheTokenIsSent() {
        int before = requests.get();

        assertThatThrownBy(() -> call(NAME, null)).satisfies(PinnedTlsTest::failedInTls);
        assertThat(requests.get()).isEqualTo(before);
    }

    @Test
    void aTrustedCertificateForAnotherNameIsRefusedBecauseTheNameIsCheckedNotTheAddress() throws Exception {
        String otherName = "run-" + UUID.randomUUID() + "." + TestNamesResolverProvider.LOOPBACK;
        int before = requests.get();

        assertThatThrownBy(() -> call(otherName, trusting())).satisfies(PinnedTlsTest::failedInTls);
        assertThat(requests.get()).isEqualTo(before);
    }

    private ToolResult call(String host, SslContext trust) {
        var upstream = new UpstreamDefinition(
                "ha-tls",
                UpstreamDefinition.Transport.STREAMABLE_HTTP,
                "https://" + host + ":" + server.getAddress().getPort() + "/api/mcp",
                List.of(),
                Map.of(),
                "llat-tls-house-token",
                Set.of(),
                Duration.ofSeconds(5),
                1,
                "home",
                true);
        var calls = new StreamableHttpClient(Duration.ofSeconds(5), trust);
        try {
            var address = pinning.pin(URI.create(upstream.url())).block(Duration.ofSeconds(10));
            assertThat(address.getAddress().isLoopbackAddress()).isTrue();
            return calls.call(
                            calls.pinned(upstream, address),
                            "2025-11-25",
                            1,
                            new McpSchema.CallToolRequest("GetDateTime", Map.of()),
                            (call, status) -> {})
                    .block(Duration.ofSeconds(10));
        } finally {
            calls.close();
        }
    }

    private static SslContext trusting() throws SSLException {
        return SslContextBuilder.forClient().trustManager(certificate).build();
    }

    private static void failedInTls(Throwable error) {
        var causes = new ArrayList<Throwable>();
        for (Throwable cause = error; cause != null && !causes.contains(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        assertThat(causes).anyMatch(cause -> cause instanceof SSLException);
    }
}
