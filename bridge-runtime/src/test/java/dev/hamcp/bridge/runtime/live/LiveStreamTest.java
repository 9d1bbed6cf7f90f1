package dev.hamcp.bridge.runtime.live;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;

/**
 * The dashboard's live stream: my calls as they finish and my tokens' changes, without polling;
 * nobody else's; and after a reconnect with {@code Last-Event-ID}, the calls I missed.
 */
class LiveStreamTest extends BridgeIntegrationTest {

    private static final Map<String, Object> KITCHEN = Map.of("name", "Kitchen Light");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void myCallsAndMyTokensChangesArriveAsTheyHappenAndNobodyElses() throws Exception {
        var me = api.login(api.newUser()).accessToken();
        var someoneElse = api.login(api.newUser()).accessToken();
        try (var stream = new Stream(me, null)) {
            assertThat(stream.next().event()).isEqualTo("ready");

            new McpClient(http, someoneElse).initialize().call("HassTurnOff", KITCHEN);
            new McpClient(http, me).initialize().call("HassTurnOn", KITCHEN);
            var call = stream.next("call");
            assertThat(call.data()).contains("\"tool\":\"HassTurnOn\"", "\"outcome\":\"OK\"");
            assertThat(call.id()).isNotBlank();

            var token = api.post("/api/tokens/generate", me, Map.of("name", "live"))
                    .expectStatus()
                    .isCreated()
                    .expectBody(Api.json())
                    .returnResult()
                    .getResponseBody();
            var change = stream.next("token");
            assertThat(change.data()).contains((String) token.get("id"), "ApiTokenIssued");
            assertThat(stream.received())
                    .noneMatch(event -> event.data() != null && event.data().contains("HassTurnOff"));
        }
    }

    @Test
    void aReconnectWithTheLastEventIdGetsTheCallsMissedMeanwhileFirst() throws Exception {
        var me = api.login(api.newUser()).accessToken();
        var client = new McpClient(http, me).initialize();
        String lastSeen;
        try (var stream = new Stream(me, null)) {
            stream.next("ready");
            client.call("HassTurnOn", KITCHEN);
            lastSeen = stream.next("call").id();
        }

        client.call("HassTurnOff", KITCHEN);
        client.call("NoSuchTool", Map.of());

        try (var again = new Stream(me, lastSeen)) {
            again.next("ready");
            assertThat(List.of(again.next("call").data(), again.next("call").data()))
                    .satisfiesExactly(first -> assertThat(first).contains("HassTurnOff"), second -> assertThat(second)
                            .contains("NoSuchTool"));
        }
    }

    @Test
    void theStreamNeedsACredentialAndAWellFormedLastEventId() {
        expectProblem(
                http.get()
                        .uri("/api/events")
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .exchange(),
                401,
                "unauthenticated");
        var me = api.login(api.newUser()).accessToken();
        expectProblem(
                http.get()
                        .uri("/api/events")
                        .headers(h -> h.setBearerAuth(me))
                        .header("Last-Event-ID", "not-an-id")
                        .accept(MediaType.TEXT_EVENT_STREAM)
                        .exchange(),
                400,
                "validation-failed");
    }

    /** Refused requests hold no stream: a person's limit counts only the streams that opened. */
    @Test
    void refusedRequestsDoNotUseUpThePersonsStreams() throws Exception {
        var me = api.login(api.newUser()).accessToken();
        for (int i = 0; i < LiveController.MOST_STREAMS + 1; i++) {
            expectProblem(
                    http.get()
                            .uri("/api/events")
                            .headers(h -> h.setBearerAuth(me))
                            .header("Last-Event-ID", "not-an-id")
                            .accept(MediaType.TEXT_EVENT_STREAM)
                            .exchange(),
                    400,
                    "validation-failed");
        }
        try (var stream = new Stream(me, null)) {
            assertThat(stream.next().event()).isEqualTo("ready");
        }
    }

    /** One open stream, its events queued as they arrive. */
    private final class Stream implements AutoCloseable {
        private final LinkedBlockingQueue<ServerSentEvent<String>> events = new LinkedBlockingQueue<>();
        private final List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        private final Disposable subscription;

        Stream(String accessToken, String lastEventId) {
            var body = http.mutate()
                    .responseTimeout(Duration.ofMinutes(1))
                    .build()
                    .get()
                    .uri("/api/events")
                    .headers(h -> {
                        h.setBearerAuth(accessToken);
                        if (lastEventId != null) {
                            h.set("Last-Event-ID", lastEventId);
                        }
                    })
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                    .getResponseBody();
            subscription = body.subscribe(event -> {
                received.add(event);
                events.add(event);
            });
        }

        ServerSentEvent<String> next() throws InterruptedException {
            var event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(event).as("an event within " + WAIT).isNotNull();
            return event;
        }

        /** The next event named {@code name}, keep-alives and other events passed over. */
        ServerSentEvent<String> next(String name) throws InterruptedException {
            while (true) {
                var event = next();
                if (name.equals(event.event())) {
                    return event;
                }
            }
        }

        List<ServerSentEvent<String>> received() {
            return received;
        }

        @Override
        public void close() {
            subscription.dispose();
        }
    }
}
