package dev.hamcp.bridge.runtime.mcp.requestlog;

import static dev.hamcp.bridge.runtime.support.Api.expectProblem;
import static dev.hamcp.bridge.runtime.support.Api.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.mcp.McpClient;
import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** A person's own call log: pages newest first, filters, streamed CSV and JSON exports, and counts per hour. */
class CallLogApiTest extends BridgeIntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    private static final Map<String, Object> KITCHEN = Map.of("name", "Kitchen Light");

    @Test
    void myCallsComeNewestFirstPageByPageAndNobodyElseSeesThem() {
        var me = api.login(api.newUser()).accessToken();
        var client = new McpClient(http, me).initialize();
        for (int i = 0; i < 5; i++) {
            client.call("HassTurnOn", KITCHEN);
        }
        client.call("NoSuchTool", Map.of());
        awaitCalls(me, 6);

        var first = api.read("/api/calls?limit=4", me);
        assertThat(items(first)).hasSize(4);
        assertThat(items(first).getFirst())
                .containsEntry("tool", "NoSuchTool")
                .containsEntry("outcome", "INVALID")
                .containsEntry("errorCode", -32602)
                .containsEntry("tokenId", null);
        var second = api.read("/api/calls?limit=4&cursor=" + first.get("nextCursor"), me);
        assertThat(items(second)).hasSize(2).allSatisfy(call -> assertThat(call)
                .containsEntry("tool", "HassTurnOn")
                .containsEntry("upstream", "simulator")
                .containsEntry("outcome", "OK"));
        assertThat(second.get("nextCursor")).isNull();

        assertThat(items(api.read("/api/calls?outcome=INVALID", me))).hasSize(1);
        assertThat(items(api.read("/api/calls?tool=HassTurnOn", me))).hasSize(5);
        assertThat(items(api.read("/api/calls?from=" + Instant.now().plusSeconds(60), me)))
                .isEmpty();
        var someoneElse = api.login(api.newUser()).accessToken();
        assertThat(items(api.read("/api/calls", someoneElse))).isEmpty();
    }

    @Test
    void aCallMadeWithATokenNamesTheToken() {
        var me = api.login(api.newUser()).accessToken();
        var token = api.post("/api/tokens/generate", me, Map.of("name", "LM Studio"))
                .expectStatus()
                .isCreated()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
        new McpClient(http, (String) token.get("token")).initialize().call("HassTurnOn", KITCHEN);
        awaitCalls(me, 1);

        assertThat(items(api.read("/api/calls", me)).getFirst())
                .containsEntry("tokenName", "LM Studio")
                .containsEntry("tokenId", token.get("id"));
        assertThat(items(api.read("/api/calls?tokenId=" + token.get("id"), me))).hasSize(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExportHoldsTheWholeFilteredSetAsCsvOrJsonAndNeutralisesSpreadsheetFormulas() {
        var me = api.login(api.newUser()).accessToken();
        var client = new McpClient(http, me).initialize();
        client.call("HassTurnOn", KITCHEN);
        client.call("HassTurnOff", KITCHEN);
        client.call("=HYPERLINK(\"http://example.org\",\"x\")", Map.of());
        awaitCalls(me, 3);

        var csv = api.get("/api/calls/export?format=csv", me)
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals("Content-Disposition", "attachment; filename=\"calls.csv\"")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        var lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo(String.join(",", CallLogController.CSV_COLUMNS));
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).contains(",\"'=HYPERLINK(\"\"http://example.org\"\",\"\"x\"\")\",");
        assertThat(lines[2]).contains(",HassTurnOff,simulator,simulator,OK,");

        var json = api.get("/api/calls/export?format=json&tool=HassTurnOn", me)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        var exported = JsonMapper.builder().build().readValue(json, List.class);
        assertThat(exported).singleElement().satisfies(call -> assertThat((Map<String, Object>) call)
                .containsEntry("tool", "HassTurnOn")
                .containsEntry("outcome", "OK"));
    }

    /** The export is read from a database cursor and written as it is read: a large one is never held whole. */
    @Test
    void aHundredThousandCallsExportInFullAsTheyAreRead() {
        var user = api.newUser();
        var me = api.login(user).accessToken();
        int calls = 100_000;
        jdbc.batchUpdate(
                "INSERT INTO request_log (at, user_id, credential_id, tool, upstream, outcome, latency_ms, request_bytes,"
                        + " response_bytes, client_ip) VALUES (now(), ?, 's', 'HassTurnOn', 'simulator', 'OK', 3, 10, 20,"
                        + " '127.0.0.1')",
                IntStream.range(0, calls)
                        .mapToObj(i -> new Object[] {user.userId()})
                        .toList());

        long lines = http.mutate()
                .responseTimeout(Duration.ofMinutes(2))
                .build()
                .get()
                .uri("/api/calls/export?format=csv")
                .headers(h -> h.setBearerAuth(me))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(DataBuffer.class)
                .getResponseBody()
                .map(buffer -> {
                    long newlines = 0;
                    for (int i = buffer.readPosition(); i < buffer.writePosition(); i++) {
                        if (buffer.getByte(i) == '\n') {
                            newlines++;
                        }
                    }
                    DataBufferUtils.release(buffer);
                    return newlines;
                })
                .reduce(0L, Long::sum)
                .block(Duration.ofMinutes(2));

        assertThat(lines).isEqualTo(calls + 1);
    }

    @Test
    void theHourlyCountsSayHowManyCallsEndedHowAndHowLongTheyTook() {
        var me = api.login(api.newUser()).accessToken();
        var client = new McpClient(http, me).initialize();
        client.call("HassTurnOn", KITCHEN);
        client.call("HassTurnOn", KITCHEN);
        client.call("NoSuchTool", Map.of());
        awaitCalls(me, 3);

        var stats = api.read("/api/calls/stats?bucket=hour", me);

        assertThat(stats).containsEntry("bucket", "hour");
        @SuppressWarnings("unchecked")
        var points = (List<Map<String, Object>>) stats.get("points");
        var total = points.stream()
                .mapToLong(p -> ((Number) p.get("total")).longValue())
                .sum();
        assertThat(total).isEqualTo(3);
        assertThat(points.getLast().get("byOutcome")).isEqualTo(Map.of("OK", 2, "INVALID", 1));
        assertThat(((Number) points.getLast().get("p95Ms")).doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(api.read("/api/calls/stats?bucket=day", me)).containsEntry("bucket", "day");
    }

    @Test
    void aMalformedQueryIsRefusedNamingTheParameter() {
        var me = api.login(api.newUser()).accessToken();

        assertThat(expectProblem(api.get("/api/calls?limit=0", me), 400, "validation-failed")
                        .get("errors")
                        .toString())
                .contains("limit");
        expectProblem(api.get("/api/calls?outcome=MAYBE", me), 400, "validation-failed");
        expectProblem(api.get("/api/calls?from=yesterday", me), 400, "validation-failed");
        expectProblem(api.get("/api/calls?cursor=abc", me), 400, "validation-failed");
        expectProblem(api.get("/api/calls?userId=someone", me), 400, "validation-failed");
        expectProblem(api.get("/api/calls/export?format=xml", me), 400, "validation-failed");
        expectProblem(api.get("/api/calls/stats?bucket=hour&from=2020-01-01T00:00:00Z", me), 400, "validation-failed");
        expectProblem(api.get("/api/calls", null), 401, "unauthenticated");
    }

    private void awaitCalls(String accessToken, int count) {
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(items(api.read("/api/calls", accessToken))).hasSize(count));
    }
}
