package dev.hamcp.simulator.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hamcp.simulator.Faults;
import dev.hamcp.simulator.HomeAssistantSimulator;
import dev.hamcp.simulator.Request;
import dev.hamcp.simulator.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The standalone server's remote control, for tests in another process: inject and clear faults,
 * read counters, reset the house. Same bearer token as the simulator; never subject to its faults,
 * so a failing simulator can always be healed.
 *
 * <ul>
 *   <li>{@code GET /_simulator/faults}: the faults in force
 *   <li>{@code POST /_simulator/faults} {@code {"latencyMs":500,"failStatus":503,"scope":"mcp","failTimes":2}}:
 *       replaces every fault (a missing field means none); {@code scope} is {@code all} (default) or {@code mcp}
 *   <li>{@code DELETE /_simulator/faults}: no more faults
 *   <li>{@code GET /_simulator/stats}: {@code rejectedAuthentications} and MCP messages by method
 *   <li>{@code POST /_simulator/reset}: the house back to its first state, and no faults
 * </ul>
 */
final class ControlEndpoint {

    static final String PREFIX = "/_simulator/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HomeAssistantSimulator simulator;
    private final byte[] token;

    ControlEndpoint(HomeAssistantSimulator simulator, String token) {
        this.simulator = simulator;
        this.token = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    Response handle(Request request) {
        String route = request.method() + " " + request.path();
        boolean known =
                switch (request.path()) {
                    case PREFIX + "faults", PREFIX + "stats", PREFIX + "reset" -> true;
                    default -> false;
                };
        if (!known) {
            return Response.status(404);
        }
        byte[] presented = request.header("Authorization").orElse("").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            return Response.status(401);
        }
        return switch (route) {
            case "GET " + PREFIX + "faults" -> json(200, faults());
            case "POST " + PREFIX + "faults" -> applyFaults(request);
            case "DELETE " + PREFIX + "faults" -> {
                simulator.faults().reset();
                yield json(200, faults());
            }
            case "GET " + PREFIX + "stats" -> json(200, stats());
            case "POST " + PREFIX + "reset" -> {
                simulator.faults().reset();
                simulator.resetHouse();
                yield json(200, stats());
            }
            default -> Response.status(405);
        };
    }

    private Response applyFaults(Request request) {
        try {
            JsonNode body = JSON.readTree(request.body());
            if (body == null || !body.isObject()) {
                return message(400, "Send a JSON object such as {\"latencyMs\": 500, \"failStatus\": 503}.");
            }
            Faults.Scope scope = scope(body, "scope", Faults.Scope.ALL);
            int failTimes = body.path("failTimes").asInt(-1);
            var plan = new Faults.Plan(
                    Duration.ofMillis(body.path("latencyMs").asLong(0)),
                    scope(body, "latencyScope", scope),
                    body.path("failStatus").asInt(0),
                    scope(body, "failScope", scope),
                    failTimes < 1 ? -1 : failTimes);
            simulator.faults().apply(plan);
            return json(200, faults());
        } catch (IOException e) {
            return message(400, "The body is not JSON.");
        } catch (IllegalArgumentException e) {
            return message(400, e.getMessage());
        }
    }

    private static Faults.Scope scope(JsonNode body, String field, Faults.Scope otherwise) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        return switch (value.asText().toLowerCase(Locale.ROOT)) {
            case "all" -> Faults.Scope.ALL;
            case "mcp" -> Faults.Scope.MCP;
            default -> throw new IllegalArgumentException(field + " must be \"all\" or \"mcp\"");
        };
    }

    private ObjectNode faults() {
        Faults.Plan plan = simulator.faults().current();
        ObjectNode node = JSON.createObjectNode();
        node.put("latencyMs", plan.latency().toMillis());
        node.put("latencyScope", plan.latencyScope().name().toLowerCase(Locale.ROOT));
        node.put("failStatus", plan.failStatus());
        node.put("failScope", plan.failScope().name().toLowerCase(Locale.ROOT));
        node.put("failTimes", plan.remainingFailures());
        return node;
    }

    private ObjectNode stats() {
        ObjectNode node = JSON.createObjectNode();
        node.put("rejectedAuthentications", simulator.rejectedAuthentications());
        ObjectNode mcp = node.putObject("mcpRequests");
        simulator.mcpRequests().forEach(mcp::put);
        return node;
    }

    private static Response message(int status, String message) {
        return json(status, JSON.createObjectNode().put("message", message));
    }

    private static Response json(int status, ObjectNode body) {
        try {
            return new Response(
                    status, Map.of("Content-Type", "application/json; charset=utf-8"), JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
