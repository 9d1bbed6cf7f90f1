package dev.hamcp.bridge.runtime.support;

import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.BridgeApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A bridge in a JVM of its own, started from this test JVM's classpath with the embedded default
 * or a given database: for what only a process shows (being killed with {@code kill -9}, several
 * nodes side by side). Its console output is kept beside its data directory.
 */
public final class BridgeProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path output;

    private BridgeProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    /** Starts a bridge on {@code dataDir} with {@code properties} ({@code --name=value}) and waits until it is ready. */
    public static BridgeProcess start(Path dataDir, Map<String, String> properties) {
        int port = freePort();
        var command = new ArrayList<String>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                BridgeApplication.class.getName(),
                "--server.port=" + port,
                "--bridge.data-dir=" + dataDir,
                "--bridge.auth.password-hash-iterations=100000"));
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        Path output = dataDir.resolveSibling(dataDir.getFileName() + "-console.log");
        try {
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
            builder.environment().put("BRIDGE_ADMIN_PASSWORD", Api.ADMIN_INITIAL_PASSWORD);
            builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            var bridge = new BridgeProcess(builder.start(), port, output);
            bridge.awaitReady();
            return bridge;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public WebTestClient http() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private void awaitReady() {
        var http = http();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .failFast("the bridge process ended; its output is in " + output, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> http.get()
                        .uri("/health")
                        .exchange()
                        .returnResult(String.class)
                        .getStatus()
                        .is2xxSuccessful());
    }

    /** {@code kill -9} of the bridge's JVM alone, as the out-of-memory killer does it. */
    public void killJvm() {
        process.destroyForcibly();
        awaitEnd(process.toHandle());
    }

    /**
     * {@code kill -9} of the embedded PostgreSQL's processes and then of the bridge's JVM, with
     * nothing in between, so that neither can flush anything: a container or a machine that dies.
     */
    public void killJvmAndDatabase() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.reversed().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        all.forEach(BridgeProcess::awaitEnd);
        awaitEnd(process.toHandle());
    }

    /**
     * {@code kill -9} of the JVM and of the watchdog between it and its PostgreSQL, which then
     * keeps running with nobody to stop it: what a start must clear away.
     */
    public void killJvmLeavingTheDatabaseRunning() {
        process.children().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        awaitEnd(process.toHandle());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                killJvmAndDatabase();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitEnd(ProcessHandle handle) {
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Process " + handle.pid() + " did not end", e);
        }
    }

    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    public static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh directory under {@code target/} for one bridge's data. */
    public static Path newDataDirectory(String name) {
        try {
            return Files.createTempDirectory(Path.of("target"), name).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
