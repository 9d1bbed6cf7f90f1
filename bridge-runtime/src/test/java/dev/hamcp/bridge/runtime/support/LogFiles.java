package dev.hamcp.bridge.runtime.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The bridge's log files written under {@code target} by this build's tests. */
public final class LogFiles {

    private LogFiles() {}

    /** Every line of every daily log file, to check that no secret ever reached one. */
    public static String all() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("target"))) {
            var builder = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().matches("bridge-\\d{4}-\\d{2}-\\d{2}\\.log"))
                    .toList()) {
                builder.append(Files.readString(file)).append('\n');
            }
            return builder.toString();
        }
    }
}
