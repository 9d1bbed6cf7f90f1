package dev.hamcp.bridge.runtime.homeassistant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult.Failure;
import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult.Step;
import dev.hamcp.bridge.runtime.mcp.spec.JsonRpc;
import dev.hamcp.bridge.runtime.mcp.spec.McpHttp;
import dev.hamcp.bridge.runtime.mcp.spec.McpHttp.Answer;
import dev.hamcp.bridge.runtime.mcp.spec.McpJson;
import dev.hamcp.bridge.runtime.mcp.spec.McpMethods;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

/**
 * One run of a connection test: the five requests in order against one pinned destination, and
 * what they found so far, so that a failure or the timeout at any step still yields a full result.
 * Steps run one after another, never at once, so the state needs no more than visibility.
 */
final class Probe {

    /** Ends the run at a step: the class of failure and what to tell the person. */
    private static final class Stop extends RuntimeException {
        final Failure failure;

        Stop(Failure failure, String advice) {
            super(advice, null, false, false);
            this.failure = failure;
        }
    }

    private final HaUrl url;
    private final String authorization;
    private final Duration timeout;
    private final Clock clock;
    private final SslContext trust;

    private final List<Step> steps = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private volatile String currentStep;
    private volatile long currentStepStartedNanos;
    private volatile boolean reachable;
    private volatile Boolean tlsValid;
    private volatile String version;
    private volatile String locationName;
    private volatile Integer entityCount;
    private volatile Boolean mcpEnabled;
    private volatile Integer toolCount;
    private volatile String mcpProtocolVersion;
    private volatile HttpClient http;

    Probe(HaUrl url, String authorization, Duration timeout, Clock clock, SslContext trust) {
        this.trust = trust;
        this.url = url;
        this.authorization = authorization;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The five steps against {@code destination}; fails with what stopped them. */
    Mono<ConnectionTestResult> run(Destination destination) {
        synchronized (this) {
            warnings.addAll(destination.warnings());
        }
        this.http = client(destination);
        return step("api", HttpMethod.GET, "/api/", null, this::api)
                .then(step("config", HttpMethod.GET, "/api/config", null, this::config))
                .then(step("states", HttpMethod.GET, "/api/states", null, this::states))
                .then(step("mcp-initialize", HttpMethod.POST, "/api/mcp", this::initializeRequest, this::initialized))
                .then(step("mcp-tools", HttpMethod.POST, "/api/mcp", this::toolsListRequest, this::toolsListed))
                .then(Mono.fromSupplier(this::passed));
    }

    // No pool: each test opens its own connections to its own pinned address, and nothing of one
    // user's test (a TLS session, a keep-alive connection) is ever reused for another's.
    private HttpClient client(Destination destination) {
        var client = HttpClient.create(ConnectionProvider.newConnection())
                .remoteAddress(destination::socketAddress)
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(Math.min(timeout.toMillis(), 60_000)))
                .headers(headers -> headers.set(HttpHeaderNames.HOST, url.authority())
                        .set(HttpHeaderNames.AUTHORIZATION, authorization));
        if (!url.secure()) {
            return client;
        }
        // Reactor Netty checks the certificate against the host name of the remote address, which
        // is the URL's name (the pinned address carries it), and sends it as SNI.
        return trust == null ? client.secure() : client.secure(spec -> spec.sslContext(trust));
    }

    // ---- the steps ----------------------------------------------------------------------

    private void api(Answer answer) {
        JsonNode body = json(answer);
        if (answer.status() != 200 || body == null || !body.has("message")) {
            throw notHomeAssistant(answer, "/api/");
        }
    }

    private void config(Answer answer) {
        JsonNode body = json(answer);
        if (answer.status() != 200 || body == null || !body.path("version").isTextual()) {
            throw notHomeAssistant(answer, "/api/config");
        }
        version = body.get("version").asText();
        locationName = body.path("location_name").isTextual()
                ? body.get("location_name").asText()
                : null;
    }

    private void states(Answer answer) {
        JsonNode body = json(answer);
        if (answer.status() != 200 || body == null || !body.isArray()) {
            throw notHomeAssistant(answer, "/api/states");
        }
        entityCount = body.size();
    }

    private byte[] initializeRequest() {
        return McpJson.bytes(Map.of(
                "jsonrpc",
                JsonRpc.VERSION,
                "id",
                1,
                "method",
                McpMethods.INITIALIZE,
                "params",
                Map.of(
                        "protocolVersion", McpMethods.PROTOCOL_VERSIONS.getFirst(),
                        "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "ha-mcp-bridge connection test", "version", "1"))));
    }

    private void initialized(Answer answer) {
        JsonNode result = mcpResult(answer, 1);
        if (!result.path("protocolVersion").isTextual()) {
            throw new Stop(
                    Failure.UNEXPECTED_RESPONSE,
                    "/api/mcp answered initialize without a protocol version: "
                            + "it does not look like Home Assistant's MCP server.");
        }
        mcpEnabled = true;
        mcpProtocolVersion = result.get("protocolVersion").asText();
    }

    private byte[] toolsListRequest() {
        return McpJson.bytes(
                Map.of("jsonrpc", JsonRpc.VERSION, "id", 2, "method", McpMethods.TOOLS_LIST, "params", Map.of()));
    }

    private void toolsListed(Answer answer) {
        JsonNode tools = mcpResult(answer, 2).path("tools");
        if (!tools.isArray()) {
            throw new Stop(Failure.UNEXPECTED_RESPONSE, "/api/mcp answered tools/list without a list of tools.");
        }
        toolCount = tools.size();
    }

    /** The JSON-RPC result of request {@code id} in an MCP answer, or a stop that says what went wrong. */
    private JsonNode mcpResult(Answer answer, int id) {
        switch (answer.status()) {
            case 403 -> {
                mcpEnabled = false;
                throw new Stop(
                        Failure.ADMIN_REQUIRED,
                        "Home Assistant's MCP server requires an administrator: create the long-lived access token "
                                + "as an administrator, or turn off that requirement in the MCP server integration's options.");
            }
            case 404 -> {
                mcpEnabled = false;
                throw new Stop(
                        Failure.MCP_NOT_ENABLED,
                        "Home Assistant answers, but /api/mcp does not exist: add the \"Model Context Protocol Server\" "
                                + "integration (Settings → Devices & services → Add integration) and choose which entities to expose.");
            }
            case 200 -> {}
            default ->
                throw new Stop(
                        Failure.UNEXPECTED_RESPONSE,
                        "/api/mcp answered HTTP " + answer.status() + " instead of an MCP response.");
        }
        JsonNode message = mcpMessage(answer, id);
        if (message == null) {
            throw new Stop(Failure.UNEXPECTED_RESPONSE, "/api/mcp answered with something other than an MCP response.");
        }
        if (message.has("error")) {
            throw new Stop(
                    Failure.UNEXPECTED_RESPONSE,
                    "Home Assistant's MCP server refused the request (JSON-RPC error "
                            + message.path("error").path("code").asInt() + ").");
        }
        return message.path("result");
    }

    /** The JSON-RPC response with {@code id}: the whole JSON body, or one event of a short SSE stream. */
    private static JsonNode mcpMessage(Answer answer, int id) {
        for (byte[] message : McpHttp.messages(answer)) {
            JsonNode parsed = parse(message);
            if (isResponse(parsed, id)) {
                return parsed;
            }
        }
        return null;
    }

    private static boolean isResponse(JsonNode message, int id) {
        return message != null
                && message.isObject()
                && message.path("id").asInt(-1) == id
                && (message.has("result") || message.has("error"));
    }

    // ---- one request ----------------------------------------------------------------------

    /**
     * Sends one request, records it as a step, and checks its answer with {@code check}, which
     * throws a {@link Stop} when the answer ends the test. Answers that end every step the same way
     * (a redirect, a rejected token) are handled here, before {@code check} sees them.
     */
    private Mono<Void> step(
            String name, HttpMethod method, String apiPath, Supplier<byte[]> body, Consumer<Answer> check) {
        return Mono.defer(() -> {
                    currentStep = name;
                    currentStepStartedNanos = System.nanoTime();
                    return send(method, apiPath, body == null ? null : body.get())
                            .map(answer -> {
                                reachable = true;
                                tlsValid = url.secure() ? Boolean.TRUE : null;
                                try {
                                    common(answer);
                                    check.accept(answer);
                                } catch (Stop stop) {
                                    record(name, false, answer.status());
                                    throw stop;
                                }
                                record(name, true, answer.status());
                                return answer;
                            });
                })
                .then();
    }

    private Mono<Answer> send(HttpMethod method, String apiPath, byte[] body) {
        var sending = body == null
                ? http.request(method).uri(url.path(apiPath))
                : http.headers(headers -> {
                            headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                    .set(HttpHeaderNames.ACCEPT, McpHttp.ACCEPT);
                            if (mcpProtocolVersion != null) {
                                headers.set(McpHttp.PROTOCOL_VERSION, mcpProtocolVersion);
                            }
                        })
                        .request(method)
                        .uri(url.path(apiPath))
                        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
        return McpHttp.exchange(sending)
                .onErrorMap(
                        McpHttp.TooLarge.class,
                        tooLarge -> new Stop(
                                Failure.UNEXPECTED_RESPONSE,
                                "An answer larger than " + McpHttp.MOST_BYTES / (1024 * 1024)
                                        + " MB: this does not look like Home Assistant."));
    }

    /** What ends any step alike: a redirect, a rejected token. */
    private void common(Answer answer) {
        int status = answer.status();
        if (status / 100 == 3) {
            throw new Stop(
                    Failure.REDIRECT_REFUSED,
                    "The server redirected " + where(answer.location()) + "; the bridge does not follow redirects, "
                            + "which would carry the token elsewhere. Enter the address the redirect ends at, if it "
                            + "is your Home Assistant.");
        }
        if (status == 401) {
            throw new Stop(
                    Failure.TOKEN_REJECTED,
                    "Home Assistant rejected the access token. Create a long-lived access token in your Home "
                            + "Assistant profile (Security tab) and paste it whole. It was not tried again: each "
                            + "rejection raises a failed-login notification in Home Assistant.");
        }
    }

    /** Where a redirect pointed, as its host only: a path or query could hold anything. */
    private static String where(String location) {
        if (location == null) {
            return "without saying where";
        }
        try {
            String host = URI.create(location.strip()).getHost();
            if (host == null) {
                return "elsewhere on the same server";
            }
            return "to " + host.replaceAll("[^A-Za-z0-9.:\\[\\]-]", "?");
        } catch (IllegalArgumentException e) {
            return "to an invalid address";
        }
    }

    private Stop notHomeAssistant(Answer answer, String apiPath) {
        return new Stop(
                Failure.UNEXPECTED_RESPONSE,
                url.path(apiPath) + " answered HTTP " + answer.status() + " with something other than Home "
                        + "Assistant's API. Check that the URL is Home Assistant's own address (such as "
                        + "http://homeassistant.local:8123) and not a proxy's or another service's.");
    }

    private static JsonNode json(Answer answer) {
        return parse(answer.body());
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return McpJson.parse(body);
        } catch (IOException e) {
            return null;
        }
    }

    private synchronized void record(String name, boolean ok, Integer status) {
        steps.add(new Step(name, ok, status, elapsedMillis(currentStepStartedNanos)));
        currentStep = null;
    }

    // ---- the result -----------------------------------------------------------------------

    private ConnectionTestResult passed() {
        return result(null, null);
    }

    /** The result of a run that {@code error} ended: a stop, a connection failure or the timeout. */
    ConnectionTestResult failed(Throwable error) {
        Classified classified =
                error instanceof Stop stop ? new Classified(stop.failure, stop.getMessage()) : classify(error);
        String unfinished = currentStep;
        if (unfinished != null) {
            record(unfinished, false, null);
        }
        return result(classified.failure(), classified.advice());
    }

    private record Classified(Failure failure, String advice) {}

    private Classified classify(Throwable error) {
        if (error instanceof DestinationRefused refused) {
            return new Classified(
                    Failure.DESTINATION_REFUSED,
                    refused.getMessage()
                            + " Enter your Home Assistant's address on your own network, or its public name.");
        }
        if (error instanceof UnknownHostException) {
            return new Classified(
                    Failure.DNS,
                    "The name " + url.host() + " does not resolve from the bridge. Check its spelling; a name "
                            + "such as homeassistant.local may work on your computer but not where the bridge runs: "
                            + "try Home Assistant's IP address.");
        }
        if (error instanceof TimeoutException || has(error, ConnectTimeoutException.class)) {
            return new Classified(
                    Failure.TIMEOUT,
                    "No answer within " + timeout.toSeconds() + " s. Check that Home Assistant runs, that the "
                            + "port is right, and that no firewall drops the bridge's connections.");
        }
        if (has(error, SSLException.class)) {
            tlsValid = false;
            return new Classified(
                    Failure.TLS,
                    "The TLS handshake failed: the certificate is self-signed, expired, or not issued for "
                            + url.host() + ". Use a certificate a public authority issued for this name "
                            + "(Let's Encrypt, Nabu Casa), or plain http on your own network.");
        }
        if (has(error, ConnectException.class) || has(error, NoRouteToHostException.class)) {
            return new Classified(
                    Failure.REFUSED,
                    "Nothing accepts connections at " + url.authority() + ". Check the port (Home Assistant "
                            + "listens on 8123 unless changed) and that Home Assistant runs.");
        }
        if (has(error, PrematureCloseException.class)) {
            return new Classified(
                    Failure.UNEXPECTED_RESPONSE,
                    "The server closed the connection without an answer. If Home Assistant serves https, "
                            + "the URL must start with https:// (and the other way round).");
        }
        return new Classified(
                Failure.UNEXPECTED_RESPONSE,
                "The connection failed (" + error.getClass().getSimpleName() + "). Check the URL.");
    }

    private static boolean has(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private synchronized ConnectionTestResult result(Failure failure, String advice) {
        return new ConnectionTestResult(
                failure == null,
                reachable,
                tlsValid,
                steps,
                version,
                locationName,
                entityCount,
                mcpEnabled,
                toolCount,
                failure,
                advice,
                warnings,
                clock.instant());
    }

    private static long elapsedMillis(long sinceNanos) {
        return Duration.ofNanos(System.nanoTime() - sinceNanos).toMillis();
    }

    @Override
    public String toString() {
        return "Probe[" + url + "]"; // never the authorization
    }
}
