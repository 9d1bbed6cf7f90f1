package dev.hamcp.simulator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hamcp.simulator.HomeAssistantSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator on its own port, driven over real HTTP as a bridge in another process would. */
class StandaloneServerTest {

    private static final String TOKEN = "standalone-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private StandaloneServer server;

    @BeforeEach
    void start() throws IOException {
        server = StandaloneServer.start(new HomeAssistantSimulator(TOKEN), TOKEN, 0);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUri() + path)).header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> mcp(String body) throws IOException, InterruptedException {
        return send(to("/api/mcp")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> faults(String body) throws IOException, InterruptedException {
        return send(to("/_simulator/faults")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void itListensOnTheLoopbackAddressOnly() {
        assertThat(server.baseUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.port()).isPositive();
    }

    @Test
    void theRestApiAndTheMcpEndpointAnswerOverHttp() throws Exception {
        HttpResponse<String> states = send(to("/api/states").GET());
        assertThat(states.statusCode()).isEqualTo(200);
        assertThat(states.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(states.body()).contains("\"entity_id\":\"light.kitchen\"");

        HttpResponse<String> initialize = mcp(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\"}}");
        assertThat(initialize.statusCode()).isEqualTo(200);
        assertThat(initialize.headers().firstValue("mcp-session-id")).isEmpty();
        assertThat(JSON.readTree(initialize.body())
                        .at("/result/protocolVersion")
                        .asText())
                .isEqualTo("2025-06-18");

        HttpResponse<String> initialized = mcp("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertThat(initialized.statusCode()).isEqualTo(202);
        assertThat(initialized.body()).isEmpty();

        HttpResponse<String> call = mcp("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"HassTurnOn\",\"arguments\":{\"name\":\"Kitchen Light\"}}}");
        JsonNode result = JSON.readTree(call.body()).get("result");
        assertThat(result.get("isError").asBoolean()).isFalse();
        assertThat(result.at("/content/0/text").asText()).contains("\"id\":\"light.kitchen\"");

        HttpResponse<String> kitchen = send(to("/api/states/light.kitchen").GET());
        assertThat(JSON.readTree(kitchen.body()).get("state").asText()).isEqualTo("on");
    }

    @Test
    void aWrongTokenIsUnauthorizedAndCounted() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/api/"))
                .header("Authorization", "Bearer wrong")
                .GET());

        assertThat(response.statusCode()).isEqualTo(401);
        HttpResponse<String> stats = send(to("/_simulator/stats").GET());
        assertThat(JSON.readTree(stats.body()).get("rejectedAuthentications").asLong())
                .isEqualTo(1);
    }

    @Test
    void faultsAreInjectedAndClearedFromAnotherProcess() throws Exception {
        HttpResponse<String> set = faults("{\"failStatus\":503,\"scope\":\"mcp\"}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(set.body()).get("failStatus").asInt()).isEqualTo(503);

        assertThat(mcp("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode())
                .isEqualTo(503);
        assertThat(send(to("/api/").GET()).statusCode()).isEqualTo(200);

        assertThat(send(to("/_simulator/faults").DELETE()).statusCode()).isEqualTo(200);
        assertThat(mcp("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void injectedLatencySlowsTheAnswers() throws Exception {
        faults("{\"latencyMs\":200}");

        long start = System.nanoTime();
        HttpResponse<String> response = send(to("/api/").GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theControlEndpointRefusesBadFaultsAndStrangers() throws Exception {
        assertThat(faults("{\"failStatus\":200}").statusCode()).isEqualTo(400);
        assertThat(faults("{\"scope\":\"everything\"}").statusCode()).isEqualTo(400);
        assertThat(faults("not json").statusCode()).isEqualTo(400);

        HttpResponse<String> stranger = send(HttpRequest.newBuilder(URI.create(server.baseUri() + "/_simulator/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"failStatus\":500}")));
        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThat(server.simulator().faults().current().failStatus()).isZero();
    }

    @Test
    void bodiesOverOneMebibyteAreRefused() throws Exception {
        byte[] large = new byte[StandaloneServer.MAX_BODY_BYTES + 1];

        HttpResponse<String> response = send(to("/api/mcp")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(large)));

        assertThat(response.statusCode()).isEqualTo(413);
    }
}
