import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bare pass-through proxy of {@code bench/run gateway}, JDK only: the least an HTTP proxy on
 * the JVM does per call, measured beside the bridge as a yardstick. Each {@code POST} on
 * 127.0.0.1 is forwarded with its body unchanged to one upstream (the simulator's
 * {@code /api/mcp}) with the upstream's token, and the upstream's status, {@code Content-Type} and
 * body are relayed back. No authentication of the caller, no JSON parsing, no logging, no queue:
 * nothing but an HTTP server exchange and an HTTP client exchange.
 *
 * <p>The JDK's {@code HttpServer} with one virtual thread per request (as the simulator is served)
 * and the JDK's {@code HttpClient} (HTTP/1.1, kept-alive connections, no redirects), called
 * blocking from that virtual thread. {@code bench/NettyProxy.java} is the same proxy on the
 * bridge's own stack, Reactor Netty.
 *
 * <p>Bounded: it stops by itself after {@code --max-seconds}, after {@code --max-requests}, and
 * when the process that started it ends. It only forwards to a loopback upstream.
 *
 * <pre>java bench/BareProxy.java --upstream http://127.0.0.1:PORT/api/mcp --token T [--port 0]</pre>
 *
 * <p>Prints {@code bare proxy (jdk) on http://127.0.0.1:PORT} once it listens.
 */
public final class BareProxy {

    static final String USAGE = """
        Usage: java bench/BareProxy.java --upstream http://127.0.0.1:PORT/api/mcp --token T [options]
          --port 0              where to listen on 127.0.0.1 (0: any free port, printed)
          --max-seconds 3600    stop after this long
          --max-requests 50000000  stop after this many requests
          --parent-pid PID      stop when this process ends (default: the process that started it)
        The token may also come from the environment, BARE_PROXY_TOKEN (bench/run passes it so,
        keeping it off the command line).
        """;

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bare proxy: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String authorization = "Bearer " + options.token();
        var served = new AtomicLong();
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                forward(exchange, client, options.upstream(), authorization);
            }
            if (served.incrementAndGet() >= options.maxRequests()) {
                stop("served " + options.maxRequests() + " requests");
            }
        });
        server.start();
        Bounds.install(options.maxSeconds(), options.parentPid());
        System.out.println("bare proxy (jdk) on http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void forward(HttpExchange exchange, HttpClient client, URI upstream, String authorization)
            throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        var request = HttpRequest.newBuilder(upstream)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : new String[] {"Content-Type", "Accept", "MCP-Protocol-Version"}) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            exchange.sendResponseHeaders(502, -1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders()
                .set("Content-Type", type));
        byte[] bytes = answer.body();
        exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void stop(String why) {
        System.out.println("bare proxy: stopping, " + why);
        System.exit(0);
    }

    /** The command line, shared with {@code bench/NettyProxy.java} by copy (each is a single-file program). */
    record Options(URI upstream, String token, int port, long maxSeconds, long maxRequests, long parentPid) {

        /** Null for --help. */
        static Options parse(String[] args) {
            String upstream = null;
            String token = System.getenv("BARE_PROXY_TOKEN");
            int port = 0;
            long maxSeconds = 3600;
            long maxRequests = 50_000_000;
            long parentPid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--help") || arg.equals("-h")) {
                    return null;
                }
                if (!arg.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got " + arg);
                }
                String value = args[++i];
                switch (arg) {
                    case "--upstream" -> upstream = value;
                    case "--token" -> token = value;
                    case "--port" -> port = Integer.parseInt(value);
                    case "--max-seconds" -> maxSeconds = Long.parseLong(value);
                    case "--max-requests" -> maxRequests = Long.parseLong(value);
                    case "--parent-pid" -> parentPid = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (upstream == null || token == null || token.isBlank()) {
                throw new IllegalArgumentException("--upstream and --token (or BARE_PROXY_TOKEN) are required");
            }
            URI uri = URI.create(upstream);
            if (!"http".equals(uri.getScheme()) || !"127.0.0.1".equals(uri.getHost())) {
                throw new IllegalArgumentException("the upstream must be http://127.0.0.1:PORT/...");
            }
            if (port < 0 || port > 65535 || maxSeconds < 1 || maxRequests < 1) {
                throw new IllegalArgumentException("--port 0-65535, --max-seconds and --max-requests at least 1");
            }
            return new Options(uri, token, port, maxSeconds, maxRequests, parentPid);
        }
    }

    /**
     * Stops the process after {@code maxSeconds}, or as soon as process {@code parentPid} has ended
     * (at once if it has ended already: the compilation of a source program takes seconds, and an
     * orphan's parent is no longer the process that started it).
     */
    static final class Bounds {
        static void install(long maxSeconds, long parentPid) {
            Thread.ofPlatform().daemon().name("bare-proxy-deadline").start(() -> {
                try {
                    Thread.sleep(Duration.ofSeconds(maxSeconds));
                } catch (InterruptedException e) {
                    return;
                }
                stop("its " + maxSeconds + " s are up");
            });
            if (parentPid > 0) {
                ProcessHandle.of(parentPid)
                        .filter(ProcessHandle::isAlive)
                        .ifPresentOrElse(
                                parent -> parent.onExit().thenRun(() -> stop("process " + parentPid + " has ended")),
                                () -> stop("process " + parentPid + " has ended"));
            }
        }
    }
}
