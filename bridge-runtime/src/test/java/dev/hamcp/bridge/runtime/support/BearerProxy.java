package dev.hamcp.bridge.runtime.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP/1.1 proxy in front of the bridge for MCP clients that cannot send a bearer
 * token (the conformance suite has no option for one): it adds {@code Authorization: Bearer} to
 * every request and passes everything else through byte for byte, {@code Host} and {@code Origin}
 * included, so the bridge still judges a request by its own headers. One request per connection
 * ({@code Connection: close}), which keeps it from having to find where a request body ends.
 */
public final class BearerProxy implements AutoCloseable {

    private static final int LONGEST_HEAD = 64 * 1024;
    private static final Set<String> REPLACED = Set.of("authorization", "connection", "keep-alive", "proxy-connection");

    private final ServerSocket server;
    private final int targetPort;
    private final String token;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> hosts = new CopyOnWriteArrayList<>();

    private BearerProxy(int targetPort, String token) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.token = token;
        Thread.ofPlatform()
                .daemon()
                .name("bearer-proxy-" + server.getLocalPort())
                .start(this::acceptConnections);
    }

    /** Listens on a free loopback port and forwards to {@code 127.0.0.1:targetPort}, adding {@code token}. */
    public static BearerProxy start(int targetPort, String token) {
        try {
            return new BearerProxy(targetPort, token);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the bearer proxy", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The {@code Host} header of every request passed on, in order of arrival. */
    public List<String> hostsForwarded() {
        return List.copyOf(hosts);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Closing is best effort; the test is over either way.
        }
        open.forEach(BearerProxy::closeQuietly);
    }

    private void acceptConnections() {
        while (!server.isClosed()) {
            try {
                var client = server.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> forward(client));
            } catch (IOException e) {
                // The server socket was closed: the loop ends.
            }
        }
    }

    private void forward(Socket client) {
        Socket bridge = null;
        try (client) {
            bridge = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            open.add(bridge);
            var fromClient = new BufferedInputStream(client.getInputStream());
            String head = readHead(fromClient);
            if (head == null) {
                return;
            }
            bridge.getOutputStream().write(rewrite(head).getBytes(StandardCharsets.ISO_8859_1));
            var toBridge = bridge.getOutputStream();
            Thread.ofVirtual().start(() -> copy(fromClient, toBridge));
            copy(bridge.getInputStream(), client.getOutputStream());
        } catch (IOException e) {
            // A peer hung up; the client sees a closed connection, as it would without the proxy.
        } finally {
            open.remove(client);
            if (bridge != null) {
                open.remove(bridge);
                closeQuietly(bridge);
            }
        }
    }

    /** The request line and headers as received, up to the empty line; null if the client left first. */
    private static String readHead(InputStream in) throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0 || head.size() >= LONGEST_HEAD) {
                return null;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private String rewrite(String head) {
        var lines = head.substring(0, head.length() - 4).split("\r\n");
        var rewritten = new StringBuilder(lines[0]).append("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = colon < 0 ? "" : lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("host")) {
                hosts.add(lines[i].substring(colon + 1).trim());
            }
            if (!REPLACED.contains(name)) {
                rewritten.append(lines[i]).append("\r\n");
            }
        }
        return rewritten
                .append("Authorization: Bearer ")
                .append(token)
                .append("\r\n")
                .append("Connection: close\r\n\r\n")
                .toString();
    }

    private static void copy(InputStream in, OutputStream out) {
        try {
            in.transferTo(out);
            out.flush();
        } catch (IOException e) {
            // The other side closed; the connection is over.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
