package dev.hamcp.bridge.command.homeassistant;

import static dev.hamcp.bridge.command.Refusals.refusedWith;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.homeassistant.AddHaConnection;
import dev.hamcp.bridge.api.homeassistant.ChangeHaConnection;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult;
import dev.hamcp.bridge.api.homeassistant.DefaultHaConnectionChosen;
import dev.hamcp.bridge.api.homeassistant.HaConnectionAdded;
import dev.hamcp.bridge.api.homeassistant.HaConnectionChanged;
import dev.hamcp.bridge.api.homeassistant.HaConnectionRemoved;
import dev.hamcp.bridge.api.homeassistant.HaConnectionTested;
import dev.hamcp.bridge.api.homeassistant.RecordHaConnectionTest;
import dev.hamcp.bridge.api.homeassistant.RemoveHaConnection;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.api.upstream.BearerToken;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.command.secret.TestCiphers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.Message;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HaConnectionsTest {

    private static final String USER = "user-1";
    private static final String HOME = "c-home";
    private static final String CABIN = "c-cabin";
    private static final String URL = "http://homeassistant.local:8123";
    private static final String TOKEN = "llat-home-token-0123456789";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final SecretCipher CIPHER = TestCiphers.cipher(7);
    private static final EncryptedSecret SEALED = CIPHER.encrypt(USER, TOKEN);
    private static final HaConnectionAdded HOME_ADDED =
            new HaConnectionAdded(USER, HOME, "home", URL, TIMEOUT, SEALED, false);
    private static final HaConnectionAdded CABIN_ADDED =
            new HaConnectionAdded(USER, CABIN, "cabin", "https://cabin.example.org", TIMEOUT, SEALED, true);
    private static final DefaultHaConnectionChosen HOME_IS_DEFAULT = new DefaultHaConnectionChosen(USER, HOME);

    private AggregateTestFixture<HaConnections> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(HaConnections.class);
        fixture.registerInjectableResource(CIPHER);
    }

    @Test
    void theFirstConnectionIsAddedWithItsTokenSealedAndBecomesTheDefault() {
        fixture.givenNoPriorActivity()
                .when(add(HOME, "home", URL + "/", false))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(
                                HaConnectionAdded.class,
                                e -> e.userId().equals(USER)
                                        && e.connectionId().equals(HOME)
                                        && e.url().equals(URL)
                                        && e.timeout().equals(TIMEOUT)
                                        && CIPHER.decrypt(e.token()).equals(TOKEN)
                                        && !e.toString().contains(TOKEN)
                                        && !e.token().ciphertext().contains(TOKEN)),
                        event(DefaultHaConnectionChosen.class, e -> e.connectionId()
                                .equals(HOME)),
                        andNoMore())));
    }

    @Test
    void aSecondConnectionLeavesTheDefaultWhereItWas() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(add(CABIN, "cabin", "https://cabin.example.org", false))
                .expectEventsMatching(
                        onlyEvent(HaConnectionAdded.class, e -> e.connectionId().equals(CABIN)));
    }

    @Test
    void aSecondConnectionCanTakeTheDefault() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(add(CABIN, "cabin", "https://cabin.example.org", true))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(HaConnectionAdded.class, e -> e.connectionId().equals(CABIN)),
                        event(DefaultHaConnectionChosen.class, e -> e.connectionId()
                                .equals(CABIN)),
                        andNoMore())));
    }

    @Test
    void twoConnectionsOfOneUserCannotShareAName() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(add(CABIN, "home", "https://cabin.example.org", false))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.HA_CONNECTION_NAME_TAKEN));
    }

    @Test
    void aConnectionIdCannotBeAddedTwice() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(add(HOME, "other", URL, false))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.CONFLICT));
    }

    @Test
    void aUserKeepsAtMostTwentyConnections() {
        var history = new Object[HaConnections.MOST_CONNECTIONS];
        for (int i = 0; i < history.length; i++) {
            history[i] = new HaConnectionAdded(USER, "c" + i, "house-" + i, URL, TIMEOUT, SEALED, false);
        }
        fixture.given(history)
                .when(add("c-extra", "extra", URL, false))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.TOO_MANY_HA_CONNECTIONS));
    }

    @Test
    void malformedDefinitionsAreRefusedBeforeAnythingIsRecorded() {
        for (var bad : List.of(
                add(HOME, "Home", URL, false),
                add(HOME, "home", "ftp://homeassistant.local", false),
                add(HOME, "home", "http://user:pass@homeassistant.local", false),
                add(HOME, "home", "http://homeassistant.local/#frag", false),
                add(HOME, "home", "http://homeassistant.local/?a=b", false),
                add(HOME, "home", "not a url", false),
                new AddHaConnection(
                        USER, HOME, "home", URL, new BearerToken(TOKEN), Duration.ofMinutes(5), false, false),
                new AddHaConnection(USER, HOME, "home", URL, new BearerToken(TOKEN), null, false, false),
                new AddHaConnection(USER, HOME, "home", URL, null, TIMEOUT, false, false),
                new AddHaConnection(USER, HOME, "home", URL, new BearerToken(" "), TIMEOUT, false, false))) {
            fixture.givenNoPriorActivity()
                    .when(bad)
                    .expectNoEvents()
                    .expectException(CommandExecutionException.class)
                    .expectExceptionDetails(refusedWith(ErrorCode.INVALID_HA_CONNECTION));
        }
    }

    @Test
    void aChangeKeepsTheStoredTokenUnlessANewOneIsGiven() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(change(HOME, "home-2", URL, null, false, true))
                .expectEventsMatching(onlyEvent(
                        HaConnectionChanged.class,
                        e -> e.name().equals("home-2")
                                && e.exposed()
                                && !e.tokenReplaced()
                                && e.token().equals(SEALED)));
    }

    @Test
    void aNewTokenIsSealedAgain() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(change(HOME, "home", URL, new BearerToken(TOKEN + "-next"), false, false))
                .expectEventsMatching(onlyEvent(
                        HaConnectionChanged.class,
                        e -> e.tokenReplaced()
                                && CIPHER.decrypt(e.token()).equals(TOKEN + "-next")
                                && !e.toString().contains(TOKEN)));
    }

    @Test
    void sendingTheSameDefinitionAgainRecordsNothing() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(change(HOME, "home", URL, null, false, false))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aChangeCanMoveTheDefault() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT, CABIN_ADDED)
                .when(change(CABIN, "cabin", "https://cabin.example.org", null, true, true))
                .expectEventsMatching(onlyEvent(
                        DefaultHaConnectionChosen.class, e -> e.connectionId().equals(CABIN)));
    }

    @Test
    void aChangeCannotTakeAnotherConnectionsName() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT, CABIN_ADDED)
                .when(change(CABIN, "home", URL, null, false, false))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.HA_CONNECTION_NAME_TAKEN));
    }

    @Test
    void aChangeOfAnUnknownConnectionIsNotFound() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(change(CABIN, "cabin", URL, null, false, false))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.HA_CONNECTION_NOT_FOUND));
    }

    @Test
    void aChangeToABlankTokenIsRefused() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(change(HOME, "home", URL, new BearerToken(""), false, false))
                .expectNoEvents()
                .expectExceptionDetails(refusedWith(ErrorCode.INVALID_HA_CONNECTION));
    }

    @Test
    void removingTheDefaultPassesItToTheOldestConnectionLeft() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT, CABIN_ADDED)
                .when(new RemoveHaConnection(USER, HOME))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        event(HaConnectionRemoved.class, e -> e.connectionId().equals(HOME)),
                        event(DefaultHaConnectionChosen.class, e -> e.connectionId()
                                .equals(CABIN)),
                        andNoMore())));
    }

    @Test
    void removingAnotherConnectionLeavesTheDefault() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT, CABIN_ADDED)
                .when(new RemoveHaConnection(USER, CABIN))
                .expectEvents(new HaConnectionRemoved(USER, CABIN));
    }

    @Test
    void removingTheLastConnectionLeavesNoDefault() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(new RemoveHaConnection(USER, HOME))
                .expectEvents(new HaConnectionRemoved(USER, HOME));
    }

    @Test
    void aRemovedConnectionIsNotFound() {
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT, new HaConnectionRemoved(USER, HOME))
                .when(new RemoveHaConnection(USER, HOME))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.HA_CONNECTION_NOT_FOUND));
    }

    @Test
    void aUserWithoutConnectionsGetsNotFoundRatherThanAnEmptyStream() {
        fixture.givenNoPriorActivity()
                .when(new RemoveHaConnection(USER, HOME))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.HA_CONNECTION_NOT_FOUND));
    }

    @Test
    void aTestResultOfASavedConnectionIsRecorded() {
        var result = new ConnectionTestResult(
                true, true, null, List.of(), "2025.11.1", "Home", 12, true, 6, null, null, List.of(), Instant.now());
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(new RecordHaConnectionTest(USER, HOME, result))
                .expectEvents(new HaConnectionTested(USER, HOME, result));
    }

    @Test
    void aTestResultOfAnUnknownConnectionIsNotFound() {
        var result = new ConnectionTestResult(
                false, false, null, List.of(), null, null, null, null, null, null, null, List.of(), Instant.now());
        fixture.given(HOME_ADDED, HOME_IS_DEFAULT)
                .when(new RecordHaConnectionTest(USER, CABIN, result))
                .expectException(CommandExecutionException.class)
                .expectExceptionDetails(refusedWith(ErrorCode.HA_CONNECTION_NOT_FOUND));
    }

    private static AddHaConnection add(String id, String name, String url, boolean makeDefault) {
        return new AddHaConnection(USER, id, name, url, new BearerToken(TOKEN), TIMEOUT, makeDefault, false);
    }

    private static ChangeHaConnection change(
            String id, String name, String url, BearerToken token, boolean makeDefault, boolean exposed) {
        return new ChangeHaConnection(USER, id, name, url, token, TIMEOUT, makeDefault, exposed);
    }

    private static <E> Matcher<List<Message<?>>> onlyEvent(Class<E> type, Predicate<E> check) {
        return payloadsMatching(exactSequenceOf(event(type, check), andNoMore()));
    }

    private static <E> Matcher<Object> event(Class<E> type, Predicate<E> check) {
        return matches((Object e) -> type.isInstance(e) && check.test(type.cast(e)));
    }
}
