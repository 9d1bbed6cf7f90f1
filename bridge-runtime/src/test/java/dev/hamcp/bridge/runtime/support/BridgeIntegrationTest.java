package dev.hamcp.bridge.runtime.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the tests that drive the whole bridge over HTTP against a real PostgreSQL. Every
 * subclass shares one Spring context, one database and one data directory ({@code target/test-data},
 * set in {@code application-test.yml} so that logging, configured before the context, writes there too), so each test makes
 * its own users (see {@link Api#newUser}) and never depends on another test's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class BridgeIntegrationTest {

    @LocalServerPort
    protected int port;

    protected WebTestClient http;
    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        var db = TestDatabase.get();
        registry.add("bridge.db.url", db::url);
        registry.add("bridge.db.user", db::user);
        registry.add("bridge.db.password", db::password);
    }

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** A client behind the trusted loopback proxy (see {@code application-test.yml}), seen as {@code address}. */
    protected WebTestClient clientFrom(String address) {
        return http.mutate().defaultHeader("X-Forwarded-For", address).build();
    }

    /** An address no other test uses (from TEST-NET-2), for budgets counted per client address. */
    protected static String newClientAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
    }

    @BeforeEach
    void connect() {
        http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        api = new Api(http);
        await().atMost(Duration.ofSeconds(60)).until(() -> http.get()
                .uri("/health")
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .is2xxSuccessful());
    }
}
