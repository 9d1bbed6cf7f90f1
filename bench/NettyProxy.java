import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

/**
 * The bare pass-through proxy of {@code bench/run gateway} on the bridge's own HTTP stack: a
 * Reactor Netty server and a Reactor Netty client sharing the same event loops, as the bridge's
 * server and its calls to Streamable HTTP upstreams do ({@code StreamableHttpClient}). Each {@code POST} on
 * 127.0.0.1 is forwarded with its body unchanged to one upstream (the simulator's
 * {@code /api/mcp}) with the upstream's token, and the upstream's status, {@code Content-Type} and
 * body are relayed back. No authentication of the caller, no JSON parsing, no logging, no queue,
 * no Spring: nothing but an HTTP server exchange and an HTTP client exchange. Bodies are
 * aggregated and sent with a {@code Content-Length}, as the bridge sends them.
 *
 * <p>Needs Reactor Netty and Netty on the class path; {@code bench/run} takes them out of the
 * bridge's jar, so they are the very versions the bridge runs on:
 *
 * <pre>java -cp 'DIR/*' bench/NettyProxy.java --upstream http://127.0.0.1:PORT/api/mcp --token T</pre>
 *
 * <p>It stops by itself after {@code --max-seconds}, after {@code --max-requests}, and when the process that
 * started it ends; it only forwards to a loopback upstream. Prints
 * {@code bare proxy (netty) on http://127.0.0.1:PORT} once it listens.
 */
public final class NettyProxy {

    static final String USAGE = """
        Usage: java -cp 'REACTOR-NETTY-JARS/*' bench/NettyProxy.java --upstream http://127.0.0.1:PORT/api/mcp \\
            --token T [options]
          --port 0              where to listen on 127.0.0.1 (0: any free port, printed)
          --max-seconds 3600    stop after this long
          --max-requests 50000000  stop after this many requests
          --parent-pid PID      stop when this process ends (default: the process that started it)
        The token may also come from the environment, BARE_PROXY_TOKEN.
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
        String authorization = "Bearer " + options.token();
        String upstream = options.upstream().toString();
        var connections = ConnectionProvider.builder("bare-proxy")
                .maxConnections(1024)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(20))
                .build();
        HttpClient client = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .responseTimeout(Duration.ofSeconds(30))
                .followRedirect(false);
        var served = new AtomicLong();
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(options.port())
                .handle((request, response) -> {
                    if (served.incrementAndGet() < options.maxRequests()) {
                        return forward(request, response, client, upstream, authorization);
                    }
                    // The last request is answered first.
                    return forward(request, response, client, upstream, authorization)
                            .doFinally(signal -> Thread.ofPlatform()
                                    .start(() -> BareProxyStop.stop("served " + options.maxRequests() + " requests")));
                })
                .bindNow();
        BareProxyStop.install(options.maxSeconds(), options.parentPid());
        System.out.println("bare proxy (netty) on http://127.0.0.1:" + server.port());
        new CountDownLatch(1).await();
    }

    private static Mono<Void> forward(
            HttpServerRequest request,
            HttpServerResponse response,
            HttpClient client,
            String upstream,
            String authorization) {
        if (!request.method().equals(HttpMethod.POST)) {
            return response.status(HttpResponseStatus.METHOD_NOT_ALLOWED).send().then();
        }
        String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        String accept = request.requestHeaders().get(HttpHeaderNames.ACCEPT);
        String protocol = request.requestHeaders().get("MCP-Protocol-Version");
        return request.receive()
                .aggregate()
                .retain()
                .defaultIfEmpty(Unpooled.EMPTY_BUFFER)
                .flatMap(body -> client.post()
                        .uri(upstream)
                        .send((post, out) -> {
                            String length = Integer.toString(body.readableBytes());
                            post.header(HttpHeaderNames.AUTHORIZATION, authorization)
                                    .header(HttpHeaderNames.CONTENT_LENGTH, length);
                            if (contentType != null) {
                                post.header(HttpHeaderNames.CONTENT_TYPE, contentType);
                            }
                            if (accept != null) {
                                post.header(HttpHeaderNames.ACCEPT, accept);
                            }
                            if (protocol != null) {
                                post.header("MCP-Protocol-Version", protocol);
                            }
                            return out.send(Mono.just(body));
                        })
                        .responseSingle((answer, content) -> content.retain()
                                .defaultIfEmpty(Unpooled.EMPTY_BUFFER)
                                .map(bytes -> new Answer(
                                        answer.status(),
                                        answer.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                                        bytes))))
                .flatMap(answer -> {
                    String length = Integer.toString(answer.body().readableBytes());
                    response.status(answer.status()).header(HttpHeaderNames.CONTENT_LENGTH, length);
                    if (answer.contentType() != null) {
                        response.header(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
                    }
                    return response.send(Mono.just(answer.body())).then();
                })
                .onErrorResume(e -> response.status(HttpResponseStatus.BAD_GATEWAY).send().then());
    }

    record Answer(HttpResponseStatus status, String contentType, ByteBuf body) {}

    /** The command line. */
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
    static final class BareProxyStop {
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

        static void stop(String why) {
            System.out.println("bare proxy: stopping, " + why);
            System.exit(0);
        }
    }
}
