package dev.hamcp.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A small Home Assistant in memory: its REST API ({@code /api/}, {@code /api/config},
 * {@code /api/states}) and its stateless MCP endpoint ({@code /api/mcp}) with the Assist tools,
 * over a handful of entities whose state changes when a tool is called. Transport-neutral: any
 * HTTP server hands it a {@link Request} (path relative to the Home Assistant base URL) and writes
 * back the {@link Response}. Thread-safe; {@link #handle} may block for injected {@link Faults latency}.
 */
public final class HomeAssistantSimulator {

    /** The Home Assistant version the simulator claims to be. */
    public static final String VERSION = "2026.11.0";

    public static final String DEFAULT_LOCATION_NAME = "Simulated Home";
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("Europe/Amsterdam");

    private static final String MCP = "/api/mcp";

    private final byte[] token;
    private final House house;
    private final RestApi rest;
    private final McpEndpoint mcp;
    private final Faults faults = new Faults();
    private final AtomicLong rejectedAuthentications = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();

    /** A simulator called "Simulated Home" in Amsterdam's time zone, on the system clock. */
    public HomeAssistantSimulator(String token) {
        this(token, DEFAULT_LOCATION_NAME, Clock.system(DEFAULT_TIME_ZONE));
    }

    /**
     * @param token the long-lived access token every request must bear
     * @param locationName the home's name in {@code /api/config}; tell several houses apart by it
     * @param clock the time of states and of GetDateTime; its zone is the home's time zone
     */
    public HomeAssistantSimulator(String token, String locationName, Clock clock) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the simulator needs a non-empty access token");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.house = new House(clock);
        this.rest = new RestApi(house, VERSION, locationName, clock.getZone());
        this.mcp = new McpEndpoint(new AssistTools(house, clock), VERSION);
    }

    /** Answers one request, as Home Assistant would (after any injected latency or failure). */
    public Response handle(Request request) {
        requests.incrementAndGet();
        boolean toMcp = request.path().equals(MCP) || request.path().startsWith(MCP + "/");
        Duration latency = faults.latencyFor(toMcp);
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Response.status(503);
            }
        }
        Optional<Integer> failure = faults.failureFor(toMcp);
        if (failure.isPresent()) {
            return Response.status(failure.get());
        }
        Optional<String> redirect = faults.redirectFor(toMcp);
        if (redirect.isPresent()) {
            return Response.empty(302).withHeader("Location", redirect.get());
        }
        Route route = route(request.path());
        if (route == null) {
            return Response.status(404);
        }
        if (!route.method().equals(request.method())) {
            return Response.status(405).withHeader("Allow", route.method());
        }
        if (!authenticated(request)) {
            // Home Assistant raises a "login attempt failed" notification for each of these.
            rejectedAuthentications.incrementAndGet();
            return Response.status(401);
        }
        try {
            return route.handler().apply(request);
        } catch (RuntimeException e) {
            // A bug of the simulator's own: answer as Home Assistant's web server would, never with a stack trace.
            return Response.status(500);
        }
    }

    /** The faults to inject; change them at any time. */
    public Faults faults() {
        return faults;
    }

    /** Every entity's state, in the house's order. */
    public List<EntityState> states() {
        return house.states();
    }

    public Optional<EntityState> state(String entityId) {
        return house.state(entityId);
    }

    /** Puts every entity back in its first state (lights, switches and the lock as they started). */
    public void resetHouse() {
        house.reset();
    }

    /** How many requests were refused with 401 (missing or wrong token) since start. */
    public long rejectedAuthentications() {
        return rejectedAuthentications.get();
    }

    /** How many requests arrived since start, whatever became of them. */
    public long requests() {
        return requests.get();
    }

    /** How many MCP messages with this method ({@code tools/call}, {@code notifications/initialized}, ...) arrived. */
    public long mcpRequests(String method) {
        return mcp.requests(method);
    }

    /** The MCP messages that arrived, counted by method. */
    public Map<String, Long> mcpRequests() {
        return mcp.requests();
    }

    private record Route(String method, Function<Request, Response> handler) {}

    private Route route(String path) {
        return switch (path) {
            case "/api/" -> new Route("GET", r -> rest.root());
            case "/api/config" -> new Route("GET", r -> rest.config());
            case "/api/states" -> new Route("GET", r -> rest.states());
            case MCP, MCP + "/assist" -> new Route("POST", mcp::handle);
            default -> {
                if (path.startsWith("/api/states/") && path.length() > "/api/states/".length()) {
                    String entityId = path.substring("/api/states/".length()).toLowerCase(Locale.ROOT);
                    yield new Route("GET", r -> rest.state(entityId));
                }
                if (path.startsWith(MCP + "/")) {
                    yield new Route(
                            "POST",
                            r -> Response.text(404, "Unknown LLM API '" + path.substring(MCP.length() + 1) + "'"));
                }
                yield null;
            }
        };
    }

    private boolean authenticated(Request request) {
        String authorization = request.header("Authorization").orElse("");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token);
    }

    @Override
    public String toString() {
        return "HomeAssistantSimulator[version=" + VERSION + "]";
    }
}
