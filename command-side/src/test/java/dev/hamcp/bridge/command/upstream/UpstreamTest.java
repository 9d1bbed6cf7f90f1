package dev.hamcp.bridge.command.upstream;

import static dev.hamcp.bridge.command.Refusals.refusedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.api.upstream.BearerToken;
import dev.hamcp.bridge.api.upstream.ChangeUpstream;
import dev.hamcp.bridge.api.upstream.RegisterUpstream;
import dev.hamcp.bridge.api.upstream.RemoveUpstream;
import dev.hamcp.bridge.api.upstream.UpstreamChanged;
import dev.hamcp.bridge.api.upstream.UpstreamRegistered;
import dev.hamcp.bridge.api.upstream.UpstreamRemoved;
import dev.hamcp.bridge.api.upstream.UpstreamTransport;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.command.secret.TestCiphers;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpstreamTest {

    private static final String NAME = "office-ha";
    private static final String URL = "https://office.example.org/api/mcp";
    private static final String TOKEN = "llat-office-token-0123456789";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Set<String> USERS = Set.of("user-1");
    private static final SecretCipher CIPHER = TestCiphers.cipher(3);
    private static final EncryptedSecret SEALED = CIPHER.encrypt(SecretCipher.INSTALLATION, TOKEN);
    private static final UpstreamRegistered REGISTERED = new UpstreamRegistered(
            NAME, UpstreamTransport.STREAMABLE_HTTP, URL, null, List.of(), USERS, TIMEOUT, SEALED);

    private AggregateTestFixture<Upstream> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Upstream.class);
        fixture.registerInjectableResource(CIPHER);
    }

    @Test
    void anHttpUpstreamIsRegisteredWithItsTokenEncrypted() {
        fixture.givenNoPriorActivity()
                .when(register(URL, new BearerToken(TOKEN)))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(
                        onlyEvent((UpstreamRegistered e) -> e.name().equals(NAME)
                                && e.url().equals(URL)
                                && e.allowedUsers().equals(USERS)
                                && e.timeout().equals(TIMEOUT)
                                && CIPHER.decrypt(e.token()).equals(TOKEN)
                                && e.token().fingerprint().equals(SecretCipher.fingerprintOf(TOKEN))));
    }

    @Test
    void noEventPayloadHoldsTheTokensText() {
        var recorded = fixture.givenNoPriorActivity()
                .when(register(URL, new BearerToken(TOKEN)))
                .expectSuccessfulHandlerExecution();
        fixture.given(REGISTERED)
                .when(change(URL, new BearerToken(TOKEN + "-next"), false))
                .expectEventsMatching(onlyEvent((UpstreamChanged e) ->
                        !e.toString().contains(TOKEN) && !e.token().ciphertext().contains(TOKEN)));
        recorded.expectEventsMatching(
                onlyEvent((UpstreamRegistered e) -> !e.toString().contains(TOKEN)));
    }

    @Test
    void anUpstreamWithoutATokenIsRegisteredWithoutOne() {
        fixture.givenNoPriorActivity()
                .when(register(URL, null))
                .expectEvents(new UpstreamRegistered(
                        NAME, UpstreamTransport.STREAMABLE_HTTP, URL, null, List.of(), USERS, TIMEOUT, null));
    }

    @Test
    void aStdioUpstreamIsRegisteredWithItsCommandAndArguments() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUpstream(
                        NAME,
                        UpstreamTransport.STDIO,
                        null,
                        "/usr/bin/mcp",
                        List.of("--quiet"),
                        Set.of(),
                        TIMEOUT,
                        null))
                .expectEvents(new UpstreamRegistered(
                        NAME,
                        UpstreamTransport.STDIO,
                        null,
                        "/usr/bin/mcp",
                        List.of("--quiet"),
                        Set.of(),
                        TIMEOUT,
                        null));
    }

    @Test
    void aTakenNameIsRefused() {
        fixture.given(REGISTERED)
                .when(register(URL, null))
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.UPSTREAM_NAME_TAKEN));
    }

    @Test
    void aRemovedNameCanBeRegisteredAgain() {
        fixture.given(REGISTERED, new UpstreamRemoved(NAME))
                .when(register(URL, null))
                .expectEvents(new UpstreamRegistered(
                        NAME, UpstreamTransport.STREAMABLE_HTTP, URL, null, List.of(), USERS, TIMEOUT, null));
    }

    @Test
    void aNameOutsideTheAllowedCharactersIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RegisterUpstream(
                        "Office_HA", UpstreamTransport.STREAMABLE_HTTP, URL, null, List.of(), USERS, TIMEOUT, null))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_UPSTREAM));
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        refusesRegistration(register("ftp://office.example.org/mcp", null));
    }

    @Test
    void aUrlWithAUserAQueryOrAFragmentIsRefused() {
        refusesRegistration(register("https://me:secret@office.example.org/api/mcp", null));
        refusesRegistration(register("https://office.example.org/api/mcp?token=x", null));
        refusesRegistration(register("https://office.example.org/api/mcp#x", null));
    }

    @Test
    void anHttpUpstreamWithoutAUrlIsRefused() {
        refusesRegistration(register(null, null));
    }

    @Test
    void anHttpUpstreamWithACommandIsRefused() {
        refusesRegistration(new RegisterUpstream(
                NAME, UpstreamTransport.SSE, URL, "/usr/bin/mcp", List.of(), USERS, TIMEOUT, null));
    }

    @Test
    void aStdioUpstreamWithoutACommandIsRefused() {
        refusesRegistration(
                new RegisterUpstream(NAME, UpstreamTransport.STDIO, null, " ", List.of(), USERS, TIMEOUT, null));
    }

    @Test
    void aStdioUpstreamWithAUrlOrATokenIsRefused() {
        refusesRegistration(new RegisterUpstream(
                NAME, UpstreamTransport.STDIO, URL, "/usr/bin/mcp", List.of(), USERS, TIMEOUT, null));
        refusesRegistration(new RegisterUpstream(
                NAME,
                UpstreamTransport.STDIO,
                null,
                "/usr/bin/mcp",
                List.of(),
                USERS,
                TIMEOUT,
                new BearerToken(TOKEN)));
    }

    @Test
    void aTimeoutOutsideOneSecondToTenMinutesIsRefused() {
        for (Duration timeout :
                List.of(Duration.ofMillis(999), Duration.ofMinutes(10).plusSeconds(1))) {
            refusesRegistration(new RegisterUpstream(
                    NAME, UpstreamTransport.STREAMABLE_HTTP, URL, null, List.of(), USERS, timeout, null));
        }
    }

    @Test
    void aMissingTransportIsRefused() {
        refusesRegistration(new RegisterUpstream(NAME, null, URL, null, List.of(), USERS, TIMEOUT, null));
    }

    @Test
    void aChangeWithoutATokenKeepsTheStoredOne() {
        fixture.given(REGISTERED)
                .when(change("https://office2.example.org/api/mcp", null, false))
                .expectEvents(new UpstreamChanged(
                        NAME,
                        UpstreamTransport.STREAMABLE_HTTP,
                        "https://office2.example.org/api/mcp",
                        null,
                        List.of(),
                        Set.of(),
                        TIMEOUT,
                        SEALED));
    }

    @Test
    void aChangeWithANewTokenEncryptsIt() {
        fixture.given(REGISTERED)
                .when(change(URL, new BearerToken("llat-new"), false))
                .expectEventsMatching(onlyEvent(
                        (UpstreamChanged e) -> CIPHER.decrypt(e.token()).equals("llat-new")));
    }

    @Test
    void aChangeCanRemoveTheToken() {
        fixture.given(REGISTERED)
                .when(change(URL, null, true))
                .expectEventsMatching(onlyEvent((UpstreamChanged e) -> e.token() == null));
    }

    @Test
    void aChangeGivingAndRemovingATokenAtOnceIsRefused() {
        fixture.given(REGISTERED)
                .when(change(URL, new BearerToken("llat-new"), true))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_UPSTREAM));
    }

    @Test
    void aChangeToStdioDropsTheStoredToken() {
        fixture.given(REGISTERED)
                .when(new ChangeUpstream(
                        NAME, UpstreamTransport.STDIO, null, "/usr/bin/mcp", List.of(), Set.of(), TIMEOUT, null, false))
                .expectEventsMatching(onlyEvent((UpstreamChanged e) -> e.token() == null));
    }

    @Test
    void anInvalidChangeIsRefused() {
        fixture.given(REGISTERED)
                .when(change("http://office.example.org/api/mcp?x=1", null, false))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_UPSTREAM));
    }

    @Test
    void changingAnUnknownUpstreamIsRefused() {
        fixture.givenNoPriorActivity()
                .when(change(URL, null, false))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.UPSTREAM_NOT_FOUND));
    }

    @Test
    void changingARemovedUpstreamIsRefused() {
        fixture.given(REGISTERED, new UpstreamRemoved(NAME))
                .when(change(URL, null, false))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.UPSTREAM_NOT_FOUND));
    }

    @Test
    void aRegisteredUpstreamIsRemoved() {
        fixture.given(REGISTERED).when(new RemoveUpstream(NAME)).expectEvents(new UpstreamRemoved(NAME));
    }

    @Test
    void removingAnUnknownOrRemovedUpstreamIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new RemoveUpstream(NAME))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.UPSTREAM_NOT_FOUND));
        fixture.given(REGISTERED, new UpstreamRemoved(NAME))
                .when(new RemoveUpstream(NAME))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.UPSTREAM_NOT_FOUND));
    }

    @Test
    void theBearerTokenNeverShowsInACommandsText() {
        assertThat(register(URL, new BearerToken(TOKEN)).toString()).doesNotContain(TOKEN);
    }

    private void refusesRegistration(RegisterUpstream cmd) {
        fixture.givenNoPriorActivity()
                .when(cmd)
                .expectNoEvents()
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_UPSTREAM));
    }

    private static RegisterUpstream register(String url, BearerToken token) {
        return new RegisterUpstream(
                NAME, UpstreamTransport.STREAMABLE_HTTP, url, null, List.of(), USERS, TIMEOUT, token);
    }

    private static ChangeUpstream change(String url, BearerToken token, boolean removeToken) {
        return new ChangeUpstream(
                NAME, UpstreamTransport.STREAMABLE_HTTP, url, null, List.of(), Set.of(), TIMEOUT, token, removeToken);
    }

    @SuppressWarnings("unchecked")
    private static <E> Matcher<List<Message<?>>> onlyEvent(Predicate<E> check) {
        return payloadsMatching(exactSequenceOf(matches((Object e) -> check.test((E) e)), andNoMore()));
    }
}
