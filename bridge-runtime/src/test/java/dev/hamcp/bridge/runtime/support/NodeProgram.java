package dev.hamcp.bridge.runtime.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js program from the npm test peers, run by a test to its end: an environment of nothing
 * but {@code PATH} (the directory of the node that runs it, for programs that start {@code node}
 * again), a bounded time after which it and its children are killed, and its output kept in
 * {@code target/test-peers/}.
 */
public final class NodeProgram {

    /** What the program left: its exit code and its two output streams. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** For assertion messages: everything a reader needs to see why a peer failed. */
        public String describe() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private NodeProgram() {}

    /** Runs {@code node script arguments...} in the npm test peers' directory, failing the test past {@code timeout}. */
    public static Result run(Path node, Duration timeout, Path script, String... arguments) {
        var command = new ArrayList<String>();
        command.add(node.toString());
        command.add(script.toString());
        command.addAll(List.of(arguments));
        Path stdout = outputFile(script, ".out");
        Path stderr = outputFile(script, ".err");
        var builder = new ProcessBuilder(command)
                .directory(NodePeers.file(".").toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", node.getParent().toString());
        builder.environment().put("NO_COLOR", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new AssertionError(script.getFileName() + " did not finish within " + timeout + "; its output:\n"
                        + read(stdout) + "\n" + read(stderr));
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while " + script.getFileName() + " ran", e);
        }
        return new Result(process.exitValue(), read(stdout), read(stderr));
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path outputFile(Path script, String suffix) {
        try {
            var directory = Files.createDirectories(Path.of("target", "test-peers"));
            return Files.createTempFile(directory, label(script) + "-", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The npm package a script belongs to ({@code conformance}, {@code inspector}), or its own name. */
    private static String label(Path script) {
        var relative = NodePeers.file(".").normalize().relativize(script.normalize());
        if (relative.getNameCount() > 2 && relative.getName(0).toString().equals("node_modules")) {
            var name = relative.getName(1).toString();
            return name.startsWith("@") ? relative.getName(2).toString() : name;
        }
        return script.getFileName().toString().replaceFirst("\\.[a-z]+$", "");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
