package dev.hamcp.bridge.runtime.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code @modelcontextprotocol/server-everything} over HTTP, as a child process of the test JVM:
 * an empty environment but {@code PORT}, bound to 127.0.0.1 only (the package itself binds every
 * interface; {@code loopback-only.cjs} narrows it), output in {@code target/test-peers/}.
 */
public final class EverythingServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("test-peer listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String mode;
    private final Process process;
    private final int port;

    private EverythingServer(String mode, int requestedPort) {
        this.mode = mode;
        var log = logFile(mode);
        var builder = new ProcessBuilder(
                        NodePeers.node().toString(),
                        "--require",
                        NodePeers.file("loopback-only.cjs").toString(),
                        NodePeers.everythingServer().toString(),
                        mode)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().put("PORT", Integer.toString(requestedPort));
        try {
            this.process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start server-everything", e);
        }
        this.port = awaitPort(log);
    }

    /** Streamable HTTP at {@code /mcp}, on a free port. */
    public static EverythingServer streamableHttp() {
        return new EverythingServer("streamableHttp", 0);
    }

    /** Streamable HTTP at {@code /mcp}, on {@code port} (to bring a stopped server back where it was). */
    public static EverythingServer streamableHttp(int port) {
        return new EverythingServer("streamableHttp", port);
    }

    /** The legacy HTTP+SSE pair at {@code /sse} and {@code /message}, on a free port. */
    public static EverythingServer sse() {
        return new EverythingServer("sse", 0);
    }

    /** The command that runs it over standard input and output. */
    public static List<String> stdioCommand() {
        return List.of(NodePeers.node().toString(), NodePeers.everythingServer().toString(), "stdio");
    }

    public int port() {
        return port;
    }

    /** Its MCP endpoint: {@code /mcp}, or {@code /sse} in SSE mode. */
    public String url() {
        return "http://127.0.0.1:" + port + (mode.equals("sse") ? "/sse" : "/mcp");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private int awaitPort(Path log) {
        var found = new int[1];
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            "server-everything exited with " + process.exitValue() + "; see " + log);
                }
                var matcher = LISTENING.matcher(Files.readString(log));
                if (matcher.find()) {
                    found[0] = Integer.parseInt(matcher.group(1));
                    return true;
                }
                return false;
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return found[0];
    }

    /** One file per start, so that the port read back is this server's. */
    private static Path logFile(String mode) {
        try {
            var directory = Files.createDirectories(Path.of("target", "test-peers"));
            return Files.createTempFile(directory, "server-everything-" + mode + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
