package dev.hamcp.bridge.runtime.monitor;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.mcp.requestlog.RequestOutcome;
import dev.hamcp.bridge.runtime.support.SimulatedHouseTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Live page's figures over HTTP: calls through {@code /mcp} show in their seconds and their
 * minute by outcome, with latencies; the stream tells a snapshot, then each new second; another
 * node's rows show beside this node's and in the whole installation's sums.
 */
class LiveMetricsTest extends SimulatedHouseTest {

    private static final Map<String, Object> KITCHEN = Map.of("name", "Kitchen Light");
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

    @Autowired
    MetricsTable table;

    private String admin;
    private String self;

    @BeforeEach
    void anAdministrator() {
        admin = api.admin().accessToken();
        self = (String) figures("").get("answeredBy");
    }

    @Test
    void aBurstOfCallsShowsInItsSecondsAndItsMinuteByOutcomeWithLatencies() {
        var allowed = new McpClient(http, token).initialize();
        var refused = new McpClient(http, aUserWhoMayOnlyRead()).initialize();

        long from = Instant.now().getEpochSecond();
        for (int i = 0; i < 5; i++) {
            assertThat(allowed.call("HassTurnOn", KITCHEN).has("error")).isFalse();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(refused.call("HassTurnOn", KITCHEN).at("/error/code").asInt())
                    .isEqualTo(-32002);
        }
        long to = Instant.now().getEpochSecond();

        await().atMost(WAIT).untilAsserted(() -> {
            var seconds = series(figures("?window=hour&node=" + self));
            assertThat(sum(seconds, "ok", from, to)).isEqualTo(5);
            assertThat(sum(seconds, "denied", from, to)).isEqualTo(3);
            assertThat(sum(seconds, "refused", from, to)).isEqualTo(3);
        });
        var busy = within(series(figures("?window=hour&node=" + self)), from, to).stream()
                .filter(point -> ((Number) point.get("calls")).longValue() > 0)
                .toList();
        assertThat(busy).isNotEmpty().allSatisfy(point -> assertThat(point)
                .extractingByKeys("p50", "p95", "p99", "maxLatency")
                .doesNotContainNull());

        // A minute is told once its last second is in: this waits for the burst's minute to end.
        // Its counts are its seconds' (calls of other tests may share the minute, not the seconds).
        long firstMinute = Math.floorDiv(from, 60) * 60;
        long lastMinute = Math.floorDiv(to, 60) * 60;
        await().atMost(Duration.ofSeconds(90))
                .until(() -> !within(series(figures("?window=day&node=" + self)), lastMinute, lastMinute)
                        .isEmpty());
        var minutes = series(figures("?window=day&node=" + self));
        var theirSeconds = series(figures("?window=hour&node=" + self));
        for (var key : List.of("ok", "denied", "calls", "refused")) {
            assertThat(sum(minutes, key, firstMinute, lastMinute))
                    .as(key)
                    .isEqualTo(sum(theirSeconds, key, firstMinute, lastMinute + 59));
        }
        assertThat(sum(minutes, "ok", firstMinute, lastMinute)).isGreaterThanOrEqualTo(5);
        assertThat(sum(minutes, "denied", firstMinute, lastMinute)).isGreaterThanOrEqualTo(3);
        assertThat(within(minutes, firstMinute, lastMinute))
                .allSatisfy(point -> assertThat(point.get("p99")).isNotNull());
    }

    @Test
    void theStreamTellsASnapshotThenEachNewSecondWhoseCountsMoveWhileCallsRun() throws Exception {
        var client = new McpClient(http, token).initialize();
        try (var stream = new Stream(admin, "/admin/metrics/stream")) {
            var snapshot = data(stream.next("snapshot"));
            assertThat(snapshot).containsKeys("nodes", "series", "current").containsEntry("window", "hour");
            long snapshotNewest = newestSecondOfThisNode(snapshot);

            var running = new AtomicBoolean(true);
            var load = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 100 && running.get(); i++) {
                    client.call("HassTurnOn", KITCHEN);
                    pause(50);
                }
            });
            try {
                var busySeconds = new ArrayList<Long>();
                long last = snapshotNewest;
                while (busySeconds.size() < 2) {
                    var event = data(stream.next("second"));
                    if (!self.equals(event.get("node"))) {
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    var point = (Map<String, Object>) event.get("point");
                    long t = ((Number) point.get("t")).longValue() / 1000;
                    assertThat(t).as("each second told once, in order").isGreaterThan(last);
                    last = t;
                    if (((Number) point.get("ok")).longValue() > 0) {
                        busySeconds.add(t);
                    }
                }
                assertThat(busySeconds.getLast()).isGreaterThan(busySeconds.getFirst());
            } finally {
                running.set(false);
                load.join();
            }
        }
    }

    @Test
    void anotherNodesRowsShowBesideThisNodesAndAreSummedIntoTheWhole() throws Exception {
        String other = "other-" + System.nanoTime();
        // This node's own seconds must reach back past the other node's rows, to be summed with them.
        await().atMost(WAIT).until(() -> series(figures("?node=" + self)).size() >= 12);
        long now = Instant.now().getEpochSecond();
        var seconds = new ArrayList<Sample>();
        for (long at = now - 10; at <= now - 6; at++) {
            seconds.add(sample(at, 2, 1, 3));
        }
        long minute = Math.floorDiv(now, 60) * 60 - 60;
        table.insert(other, Resolution.SECOND, seconds);
        table.insert(other, Resolution.MINUTE, List.of(sample(minute, 120, 0, 4)));

        var whole = figures("?window=hour");
        assertThat(nodes(whole))
                .anySatisfy(node -> assertThat(node)
                        .containsEntry("id", other)
                        .containsEntry("self", false)
                        .containsEntry("live", true))
                .anySatisfy(node -> assertThat(node).containsEntry("id", self).containsEntry("self", true));
        var theirs = within(series(figures("?window=hour&node=" + other)), now - 10, now - 6);
        assertThat(theirs).hasSize(5).allSatisfy(point -> assertThat(point)
                .containsEntry("ok", 2)
                .containsEntry("denied", 1)
                .containsEntry("queueDepth", 3));
        var mine = byT(series(figures("?window=hour&node=" + self)));
        var together = within(series(whole), now - 10, now - 6);
        assertThat(together).hasSize(5).allSatisfy(point -> {
            var own = mine.get(point.get("t"));
            assertThat(point.get("nodes")).isEqualTo(2);
            assertThat(number(point, "ok")).isEqualTo(number(own, "ok") + 2);
            assertThat(number(point, "denied")).isEqualTo(number(own, "denied") + 1);
            assertThat(number(point, "queueDepth")).isEqualTo(number(own, "queueDepth") + 3);
        });

        var theirMinute = within(series(figures("?window=day&node=" + other)), minute, minute);
        assertThat(theirMinute).singleElement().satisfies(point -> assertThat(point)
                .containsEntry("ok", 120));
        var wholeMinute = within(series(figures("?window=day")), minute, minute);
        assertThat(wholeMinute).singleElement().satisfies(point -> assertThat(number(point, "ok"))
                .isGreaterThanOrEqualTo(120));

        // The stream tells another node's new seconds as it finds them in the table.
        try (var stream = new Stream(admin, "/admin/metrics/stream")) {
            stream.next("snapshot");
            long later = Instant.now().getEpochSecond();
            table.insert(other, Resolution.SECOND, List.of(sample(later, 7, 0, 0)));
            while (true) {
                var event = data(stream.next("second"));
                if (other.equals(event.get("node"))) {
                    @SuppressWarnings("unchecked")
                    var point = (Map<String, Object>) event.get("point");
                    assertThat(point).containsEntry("ok", 7);
                    break;
                }
            }
        }
    }

    @Test
    void unknownWindowsNodesAndParametersAreRefusedWithAProblem() {
        expectProblem(api.get("/admin/metrics?window=week", admin), 400, "validation-failed");
        expectProblem(api.get("/admin/metrics?nodes=a", admin), 400, "validation-failed");
        expectProblem(api.get("/admin/metrics?node=no%20such", admin), 400, "validation-failed");
        expectProblem(api.get("/admin/metrics?node=nobody-here", admin), 404, "not-found");
    }

    @Test
    void theFiguresNameNoUserAndNoToken() {
        var user = api.newUser();
        var mine = api.login(user).accessToken();
        long from = Instant.now().getEpochSecond();
        new McpClient(http, mine).initialize().call("HassTurnOn", KITCHEN);
        await().atMost(WAIT).until(() -> sum(series(figures("?node=" + self)), "calls", from, Long.MAX_VALUE) > 0);

        var all = api.get("/admin/metrics?window=hour", admin)
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBodyContent();
        assertThat(new String(all)).doesNotContain(user.userId(), user.username(), mine);
    }

    private String aUserWhoMayOnlyRead() {
        var user = api.newUser();
        api.put("/permissions/user/" + user.userId(), admin, Map.of("tool", "*", "levels", List.of("read")))
                .expectStatus()
                .isOk();
        return api.login(user).accessToken();
    }

    private static Sample sample(long at, int ok, int denied, int queueDepth) {
        int[] outcomes = new int[Sample.OUTCOMES];
        outcomes[RequestOutcome.OK.ordinal()] = ok;
        outcomes[RequestOutcome.DENIED.ordinal()] = denied;
        return new Sample(
                at,
                outcomes,
                5,
                9,
                12,
                15,
                queueDepth,
                1,
                0,
                1,
                0,
                1_000_000,
                4_000_000,
                0.1,
                Map.of("shared-upstream", "CLOSED"),
                0);
    }

    private Map<String, Object> figures(String query) {
        return api.read("/admin/metrics" + query, admin);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> series(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("series");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> nodes(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("nodes");
    }

    private long newestSecondOfThisNode(Map<String, Object> answer) {
        return nodes(answer).stream()
                .filter(node -> self.equals(node.get("id")))
                .map(node -> ((Number) node.get("lastSampleAt")).longValue() / 1000)
                .findFirst()
                .orElse(0L);
    }

    /** The points from {@code from} to {@code to} (epoch seconds, both included). */
    private static List<Map<String, Object>> within(List<Map<String, Object>> series, long from, long to) {
        return series.stream()
                .filter(point -> {
                    long t = ((Number) point.get("t")).longValue() / 1000;
                    return t >= from && t <= to;
                })
                .toList();
    }

    private static long sum(List<Map<String, Object>> series, String key, long from, long to) {
        return within(series, from, to).stream()
                .mapToLong(point -> number(point, key))
                .sum();
    }

    private static long number(Map<String, Object> point, String key) {
        return point == null ? 0 : ((Number) point.get(key)).longValue();
    }

    private static Map<Object, Map<String, Object>> byT(List<Map<String, Object>> series) {
        var byT = new java.util.HashMap<Object, Map<String, Object>>();
        series.forEach(point -> byT.put(point.get("t"), point));
        return byT;
    }

    private static Map<String, Object> data(ServerSentEvent<String> event) {
        return JSON.readValue(event.data(), OBJECT);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One open stream, its events queued as they arrive. */
    private final class Stream implements AutoCloseable {
        private final LinkedBlockingQueue<ServerSentEvent<String>> events = new LinkedBlockingQueue<>();
        private final List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        private final Disposable subscription;

        Stream(String accessToken, String path) {
            var body = http.mutate()
                    .responseTimeout(Duration.ofMinutes(2))
                    .build()
                    .get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(accessToken))
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

        @Override
        public void close() {
            subscription.dispose();
        }
    }
}
