package dev.hamcp.bridge.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/** The host the bridge names in its answers is its own, whatever Host a client sends. */
class PublicUrlTest extends BridgeIntegrationTest {

    @Test
    void aMadeUpHostDoesNotChangeTheUrlsTheBridgeNames() {
        String expected = "http://localhost:" + port + "/.well-known/oauth-protected-resource";
        Consumer<HttpHeaders> evil = h -> h.set(HttpHeaders.HOST, "evil.example");

        assertThat(challenge(http, evil)).isEqualTo("Bearer resource_metadata=\"" + expected + "\"");
        assertThat(metadata(http, evil))
                .contains("\"resource\":\"http://localhost:" + port + "/mcp\"")
                .doesNotContain("evil.example");
    }

    @Test
    void aTrustedProxyNamesTheHostItServes() {
        Consumer<HttpHeaders> forwarded = h -> {
            h.set("X-Forwarded-Host", "bridge.example.org");
            h.set("X-Forwarded-Proto", "https");
        };
        assertThat(challenge(http, forwarded))
                .isEqualTo(
                        "Bearer resource_metadata=\"https://bridge.example.org/.well-known/oauth-protected-resource\"");
        assertThat(metadata(http, forwarded)).contains("\"resource\":\"https://bridge.example.org/mcp\"");
    }

    @Test
    void forwardingHeadersFromAnyoneElseAreIgnored() {
        // 127.0.1.9 is loopback, but not one of the test profile's trusted proxies.
        var untrusted = WebTestClient.bindToServer(new ReactorClientHttpConnector(
                        HttpClient.create().bindAddress(() -> new InetSocketAddress("127.0.1.9", 0))))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        Consumer<HttpHeaders> forged = h -> h.set("X-Forwarded-Host", "evil.example");

        assertThat(challenge(untrusted, forged)).doesNotContain("evil.example").contains("127.0.0.1:" + port);
        assertThat(metadata(untrusted, forged)).doesNotContain("evil.example");
    }

    private static String challenge(WebTestClient client, Consumer<HttpHeaders> headers) {
        return client.get()
                .uri("/auth/me")
                .headers(headers)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .returnResult(String.class)
                .getResponseHeaders()
                .getFirst(HttpHeaders.WWW_AUTHENTICATE);
    }

    private static String metadata(WebTestClient client, Consumer<HttpHeaders> headers) {
        return client.get()
                .uri("/.well-known/oauth-protected-resource")
                .headers(headers)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
