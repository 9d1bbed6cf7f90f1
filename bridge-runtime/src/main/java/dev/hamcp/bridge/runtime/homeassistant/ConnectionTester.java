package dev.hamcp.bridge.runtime.homeassistant;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult;
import dev.hamcp.bridge.runtime.web.ApiException;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Tests a Home Assistant connection the way the bridge will use it: the REST API ({@code /api/},
 * {@code /api/config}, {@code /api/states}), then the MCP server ({@code initialize},
 * {@code tools/list} on {@code /api/mcp}), each step timed, the first failure classified with
 * advice a person can act on.
 *
 * <p>Only to the address {@link DestinationPolicy} pinned, never following a redirect, with a
 * bound on each answer and on the whole test. A rejected token is never tried again (Home
 * Assistant raises a notification for each), and the token appears in no result, log or exception.
 * A failed test is a result with {@code ok=false}, never an error; only input that cannot be tested
 * at all (a malformed URL or token) is an {@link ApiException} with {@link ErrorCode#INVALID_HA_CONNECTION}.
 */
@Component
public class ConnectionTester {

    /** How long a whole test may take when the caller names no timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ConnectionTester.class);

    // Home Assistant's long-lived tokens are JWTs; anything outside visible ASCII could split a header.
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{1,4096}");

    private final DestinationPolicy policy;
    private final Clock clock;
    private final SslContext trust;

    @Autowired
    public ConnectionTester(DestinationPolicy policy) {
        this(policy, Clock.systemUTC(), null);
    }

    /** @param trust the TLS client context to use instead of the JDK's trusted authorities (tests); null for those */
    ConnectionTester(DestinationPolicy policy, Clock clock, SslContext trust) {
        this.policy = policy;
        this.clock = clock;
        this.trust = trust;
    }

    /** {@link #test(String, String, Duration)} within {@link #DEFAULT_TIMEOUT}. */
    public Mono<ConnectionTestResult> test(String url, String token) {
        return test(url, token, DEFAULT_TIMEOUT);
    }

    /**
     * Tests the Home Assistant at base URL {@code url} with the long-lived access token {@code token}.
     *
     * @return the result, {@code ok=false} with a failure class and advice when any step failed;
     *     an {@link ApiException} ({@code invalid-ha-connection}) only when the URL or token is malformed
     */
    public Mono<ConnectionTestResult> test(String url, String token, Duration timeout) {
        HaUrl target;
        try {
            target = policy.parse(url);
            checkToken(token);
        } catch (ApiException malformed) {
            return Mono.error(malformed);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            return Mono.error(new IllegalArgumentException("timeout must be positive"));
        }
        var probe = new Probe(target, "Bearer " + token, timeout, clock, trust);
        return policy.pin(target)
                .flatMap(probe::run)
                .timeout(timeout)
                .onErrorResume(failure -> Mono.just(probe.failed(failure)))
                .doOnNext(result -> log(target, result));
    }

    private static void checkToken(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            // Never echo it: a token pasted with a stray character is still a secret.
            throw new ApiException(
                    ErrorCode.INVALID_HA_CONNECTION,
                    "The access token must be 1-4096 visible ASCII characters without spaces "
                            + "(a long-lived access token from your Home Assistant profile).");
        }
    }

    private static void log(HaUrl target, ConnectionTestResult result) {
        if (result.ok()) {
            log.info("Connection test to {} passed", target);
        } else {
            log.info("Connection test to {} failed: {}", target, result.failure());
        }
    }
}
