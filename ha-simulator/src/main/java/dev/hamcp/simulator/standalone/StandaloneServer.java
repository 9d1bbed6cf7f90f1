package dev.hamcp.simulator.standalone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.hamcp.simulator.HomeAssistantSimulator;
import dev.hamcp.simulator.Request;
import dev.hamcp.simulator.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The simulator on its own port, served by the JDK's HTTP server on 127.0.0.1 with one virtual
 * thread per request: for benchmarks, and for tests that need several houses. Also serves the
 * {@link ControlEndpoint} under {@code /_simulator/}.
 */
public final class StandaloneServer implements AutoCloseable {

    /** Larger request bodies are refused with 413 before the simulator sees them. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final HomeAssistantSimulator simulator;

    private StandaloneServer(HttpServer server, ExecutorService executor, HomeAssistantSimulator simulator) {
        this.server = server;
        this.executor = executor;
        this.simulator = simulator;
    }

    /**
     * Starts serving {@code simulator} on 127.0.0.1:{@code port} (0 picks a free port).
     *
     * @param token the simulator's token, which the control endpoint asks for too
     */
    public static StandaloneServer start(HomeAssistantSimulator simulator, String token, int port) throws IOException {
        var control = new ControlEndpoint(simulator, token);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, simulator, control));
        server.start();
        return new StandaloneServer(server, executor, simulator);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The Home Assistant base URL, such as {@code http://127.0.0.1:8123}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public HomeAssistantSimulator simulator() {
        return simulator;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private static void serve(HttpExchange exchange, HomeAssistantSimulator simulator, ControlEndpoint control)
            throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            Response response;
            if (body == null) {
                response = Response.status(413);
            } else {
                var request = new Request(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestHeaders(),
                        body);
                response = request.path().startsWith(ControlEndpoint.PREFIX)
                        ? control.handle(request)
                        : simulator.handle(request);
            }
            response.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] bytes = response.body();
            exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** The body, or null when it is larger than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }
}
