package dev.hamcp.bridge.runtime.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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

    /**
     * Node.js 22, for the peers that need it (the conformance suite): the npm package
     * {@code node-<os>-<arch>} that package.json pins as an optional dependency, so that npm installs
     * the one build that fits this machine (Linux x64 and arm64, macOS x64). Elsewhere there is no
     * such package, and the message says to put a Node.js 22 on the PATH instead.
     */
    public static Path node22() {
        var packaged = DIRECTORY
                .resolve("node_modules")
                .resolve(nodePackage())
                .resolve("bin")
                .resolve("node");
        if (Files.isExecutable(packaged)) {
            return packaged;
        }
        var onPath = node();
        if (majorVersion(onPath) >= 22) {
            return onPath;
        }
        throw new IllegalStateException("This test runs a peer that needs Node.js 22, and neither " + packaged
                + " (installed by npm ci where the npm registry has a build for this machine) nor the node on the PATH ("
                + onPath + ") is one. Build without -Dnode.peers.skip=true, or install Node.js 22 or newer.");
    }

    /** The official TypeScript SDK client as a command: {@code mcp-client.mjs}, beside package.json. */
    public static Path typeScriptClient() {
        module("@modelcontextprotocol/sdk/package.json");
        return file("mcp-client.mjs");
    }

    /** The MCP Inspector's launcher ({@code mcp-inspector}); {@code --cli} runs it without its web page. */
    public static Path inspector() {
        return module("@modelcontextprotocol/inspector/cli/build/cli.js");
    }

    /** The official conformance suite's command ({@code conformance}); it needs {@link #node22()}. */
    public static Path conformance() {
        return module("@modelcontextprotocol/conformance/dist/index.js");
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

    private static String nodePackage() {
        var os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        var arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return "node-" + (os.contains("mac") ? "darwin" : os.contains("win") ? "win" : "linux") + "-"
                + (arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") ? "arm64" : arch);
    }

    private static int majorVersion(Path node) {
        try {
            var process = new ProcessBuilder(node.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return 0;
            }
            var version = new String(process.getInputStream().readAllBytes()).trim();
            return Integer.parseInt(version.replaceFirst("^v(\\d+)\\..*$", "$1"));
        } catch (IOException | NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
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
