package dev.hamcp.bridge.runtime.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The real MCP programs from npm that tests run against, installed by the Maven build into
 * {@code src/test/node} ({@code npm ci}). When they are missing the tests fail and say how to get them:
 * a test that skips itself would let a broken machine look green.
 */
public final class NodePeers {

    private static final Path DIRECTORY = Path.of("src", "test", "node").toAbsolutePath();

    private NodePeers() {}

    /** The installed Node.js, as an absolute path: peers start with an empty environment, so no PATH. */
    public static Path node() {
        var path = System.getenv("PATH");
        return Arrays.stream(path == null ? new String[0] : path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, "node"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException(
                                "These tests run MCP servers on Node.js, and no node is on the PATH. Install Node.js 20 or newer."))
                .toAbsolutePath();
    }

    /** A file of an installed package, such as {@code @modelcontextprotocol/server-everything/dist/index.js}. */
    public static Path module(String relativePath) {
        var file = DIRECTORY.resolve("node_modules").resolve(relativePath);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("The npm test peers are not installed (" + file + " is missing). Build "
                    + "without -Dnode.peers.skip=true, or run `npm ci` in " + DIRECTORY + ".");
        }
        return file;
    }

    /** A file kept beside package.json, such as the loopback-only preload. */
    public static Path file(String name) {
        return DIRECTORY.resolve(name);
    }

    /** The everything server's launcher: {@code node <it> stdio|sse|streamableHttp}. */
    public static Path everythingServer() {
        return module("@modelcontextprotocol/server-everything/dist/index.js");
    }
}
