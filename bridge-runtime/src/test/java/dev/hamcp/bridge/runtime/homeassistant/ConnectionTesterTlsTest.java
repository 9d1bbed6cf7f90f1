package dev.hamcp.bridge.runtime.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult.Failure;
import dev.hamcp.bridge.runtime.support.SelfSignedCertificate;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection test over https, against a local server whose self-signed certificate names
 * {@value #NAME}: untrusted, it fails as TLS; trusted, the certificate is checked against the URL's
 * name even though the connection goes to the pinned address. No Spring context needed.
 */
class ConnectionTesterTlsTest {

    private static final String NAME = "good." + TestNamesResolverProvider.LOOPBACK;

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static X509Certificate certificate;

    private final DestinationPolicy policy =
            new DestinationPolicy(new DestinationProperties(DestinationProperties.Mode.PRIVATE_AND_PUBLIC, List.of()));

    @BeforeAll
    static void startAServerWithASelfSignedCertificate() throws Exception {
        var selfSigned = SelfSignedCertificate.forName(NAME, dir);
        certificate = selfSigned.certificate();
        SSLContext tls = selfSigned.serverContext();

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static int port() {
        return server.getAddress().getPort();
    }

    private ConnectionTestResult test(ConnectionTester tester, String host) {
        return tester.test("https://" + host + ":" + port(), "some-token", Duration.ofSeconds(10))
                .block(Duration.ofSeconds(30));
    }

    private ConnectionTester trusting() throws Exception {
        return new ConnectionTester(
                policy,
                Clock.systemUTC(),
                SslContextBuilder.forClient().trustManager(certificate).build());
    }

    @Test
    void aSelfSignedCertificateFailsAsTls() {
        ConnectionTestResult result = test(new ConnectionTester(policy), NAME);

        assertThat(result.failure()).isEqualTo(Failure.TLS);
        assertThat(result.tlsValid()).isFalse();
        assertThat(result.reachable()).isFalse();
        assertThat(result.advice()).contains("certificate");
        assertThat(result.steps()).singleElement().satisfies(step -> assertThat(step.httpStatus())
                .isNull());
    }

    @Test
    void aTrustedCertificateForTheUrlsNameIsAcceptedOnThePinnedConnection() throws Exception {
        ConnectionTestResult result = test(trusting(), NAME);

        assertThat(result.tlsValid()).isTrue();
        assertThat(result.reachable()).isTrue();
        // The server is no Home Assistant: past TLS, its 404 ends the test.
        assertThat(result.failure()).isEqualTo(Failure.UNEXPECTED_RESPONSE);
    }

    @Test
    void aTrustedCertificateForAnotherNameFailsAsTlsBecauseTheNameIsChecked() throws Exception {
        String otherName = "run-" + UUID.randomUUID() + "." + TestNamesResolverProvider.LOOPBACK;

        ConnectionTestResult byName = test(trusting(), otherName);
        ConnectionTestResult byAddress = test(trusting(), "127.0.0.1");

        assertThat(byName.failure()).isEqualTo(Failure.TLS);
        assertThat(byName.tlsValid()).isFalse();
        assertThat(byAddress.failure()).isEqualTo(Failure.TLS);
    }
}
