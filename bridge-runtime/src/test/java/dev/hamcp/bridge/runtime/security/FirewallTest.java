package dev.hamcp.bridge.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spring Security's request firewall stands in front of every path, {@code /mcp} as much as
 * {@code /auth/me}: what it refuses on one it refuses on the other, as a problem. Sent over a raw
 * socket, byte for byte, so that no client library tidies the request first.
 */
class FirewallTest extends BridgeIntegrationTest {

    private static final String MCP_BODY = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
            + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"firewall-test\",\"version\":\"1\"}}}";

    private String token;

    @BeforeEach
    void signIn() {
        token = api.login(api.newUser()).accessToken();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/auth/me"})
    void aCleanRequestPasses(String path) throws IOException {
        assertThat(send(path, path, "Authorization: Bearer " + token)).startsWith("HTTP/1.1 200");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/auth/me"})
    void anEncodedSlashIsRefused(String path) throws IOException {
        expectRefused(send(path, path + "%2F", "Authorization: Bearer " + token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/auth/me"})
    void aPathParameterIsRefused(String path) throws IOException {
        expectRefused(send(path, path + ";jsessionid=x", "Authorization: Bearer " + token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "/auth/me"})
    void aNonPrintableHeaderValueIsRefused(String path) throws IOException {
        // A C1 control character (sent as the byte 0x85): Netty lets it through as obs-text,
        // the firewall does not. (Netty itself refuses C0 controls such as BEL, with an empty 400.)
        expectRefused(send(path, path, "Authorization: Bearer " + token + "\u0085"));
    }

    private void expectRefused(String response) {
        assertThat(response)
                .startsWith("HTTP/1.1 400")
                .containsIgnoringCase("content-type: application/problem+json")
                .contains("\"type\":\"/problems/malformed-request\"")
                .doesNotContain(token);
    }

    /** {@code route} says which endpoint is meant (its method and body), {@code target} what is sent. */
    private String send(String route, String target, String header) throws IOException {
        boolean mcp = route.equals("/mcp");
        byte[] body = mcp ? MCP_BODY.getBytes(StandardCharsets.UTF_8) : new byte[0];
        String head = (mcp ? "POST " : "GET ") + target + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + header + "\r\n"
                + "Accept: application/json, text/event-stream\r\n"
                + (mcp ? "Content-Type: application/json\r\n" : "")
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            var out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            var answer = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }
}
