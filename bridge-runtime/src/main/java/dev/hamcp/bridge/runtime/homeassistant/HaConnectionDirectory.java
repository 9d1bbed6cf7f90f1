package dev.hamcp.bridge.runtime.homeassistant;

import dev.hamcp.bridge.api.homeassistant.ConnectionTestResult;
import dev.hamcp.bridge.api.homeassistant.DefaultHaConnectionChosen;
import dev.hamcp.bridge.api.homeassistant.HaConnectionDefined;
import dev.hamcp.bridge.api.homeassistant.HaConnectionEvent;
import dev.hamcp.bridge.api.homeassistant.HaConnectionRemoved;
import dev.hamcp.bridge.api.homeassistant.HaConnectionTested;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.command.secret.SecretUnavailableException;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every user's Home Assistant connections, in memory: what the connection API lists, and each
 * user's personal upstreams (the default connection, and any other the user exposed) for the
 * gateway, tokens decrypted.
 *
 * <p>Fed like the upstream registry, in its processing groups (see {@link HaConnectionFeed}): this
 * node's changes right after they commit, and the whole store by a follower. One aggregate holds a
 * user's connections, so the sequence number kept per user makes every event count once, in order.
 * A deleted user's connections leave the directory for good, whatever arrives later.
 *
 * <p>Tokens are decrypted only once the history has been read ({@link #open()}), and from then on
 * as each change arrives: never on a request's path, and never for a user deleted since (whose
 * data key is destroyed, so their history could not be opened anyway).
 */
@Component
public class HaConnectionDirectory implements UpstreamDirectory {

    /** How many test results each connection keeps for its health history, newest first. */
    static final int RECENT_TESTS = 10;

    private static final Logger log = LoggerFactory.getLogger(HaConnectionDirectory.class);

    /**
     * One connection as its owner sees it, and its token as the gateway needs it.
     *
     * @param revision the sequence of the event that last changed its definition
     * @param recentTests newest first
     */
    public record Connection(
            String id,
            String userId,
            String name,
            String url,
            Duration timeout,
            boolean exposed,
            long revision,
            List<ConnectionTestResult> recentTests,
            EncryptedSecret sealedToken,
            String token) {

        public Optional<ConnectionTestResult> lastTest() {
            return recentTests.stream().findFirst();
        }

        public String tokenFingerprint() {
            return sealedToken.fingerprint();
        }

        Connection withToken(String opened) {
            return new Connection(id, userId, name, url, timeout, exposed, revision, recentTests, sealedToken, opened);
        }

        /** With {@code result} as the newest of its recent tests, the oldest dropped beyond {@link #RECENT_TESTS}. */
        Connection withTest(ConnectionTestResult result) {
            var tests = new ArrayList<ConnectionTestResult>(RECENT_TESTS);
            tests.add(result);
            recentTests.stream().limit(RECENT_TESTS - 1L).forEach(tests::add);
            return new Connection(
                    id, userId, name, url, timeout, exposed, revision, List.copyOf(tests), sealedToken, token);
        }

        /** The name the gateway knows this connection's upstream by; unique, and never shown to others. */
        public String upstreamName() {
            return "ha-" + id;
        }

        @Override
        public String toString() {
            return "Connection[id=" + id + ", userId=" + userId + ", name=" + name + ", url=" + url + "]";
        }
    }

    /** One user's connections in the order they were added, and what the gateway derives from them. */
    private record Book(
            Map<String, Connection> connections, String defaultId, long sequence, List<UpstreamDefinition> upstreams) {

        static Book of(LinkedHashMap<String, Connection> connections, String defaultId, long sequence) {
            return new Book(
                    Collections.unmodifiableMap(connections),
                    defaultId,
                    sequence,
                    HaConnectionDirectory.upstreams(connections, defaultId));
        }
    }

    private final Map<String, Book> books = new ConcurrentHashMap<>();
    private final Set<String> deletedUsers = ConcurrentHashMap.newKeySet();
    private final SecretCipher cipher;
    private volatile List<UpstreamDefinition> all = List.of();
    private volatile boolean opened;

    HaConnectionDirectory(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public List<UpstreamDefinition> upstreamsFor(String userId) {
        Book book = books.get(userId);
        return book == null ? List.of() : book.upstreams();
    }

    @Override
    public List<UpstreamDefinition> all() {
        return all;
    }

    /** The user's connections, in the order they were added. */
    public List<Connection> connectionsOf(String userId) {
        Book book = books.get(userId);
        return book == null ? List.of() : List.copyOf(book.connections().values());
    }

    /** Every user's connections, for administrators. */
    public List<Connection> everyConnection() {
        return books.values().stream()
                .flatMap(book -> book.connections().values().stream())
                .toList();
    }

    /** The connection {@code id}, whoever owns it. */
    public Optional<Connection> find(String id) {
        return books.values().stream()
                .map(book -> book.connections().get(id))
                .filter(connection -> connection != null)
                .findFirst();
    }

    public boolean isDefault(Connection connection) {
        Book book = books.get(connection.userId());
        return book != null && connection.id().equals(book.defaultId());
    }

    /** Whether the gateway forwards the user's calls to this connection. */
    public boolean isActive(Connection connection) {
        return connection.exposed() || isDefault(connection);
    }

    /** Applies one event of a user's connections, unless an event at or after {@code sequence} was applied. */
    void apply(HaConnectionEvent event, long sequence) {
        if (deletedUsers.contains(event.userId())) {
            return;
        }
        books.compute(event.userId(), (userId, book) -> {
            if (book != null && sequence <= book.sequence()) {
                return book;
            }
            var connections =
                    book == null ? new LinkedHashMap<String, Connection>() : new LinkedHashMap<>(book.connections());
            String defaultId = book == null ? null : book.defaultId();
            switch (event) {
                case HaConnectionDefined e -> define(connections, e, sequence);
                case HaConnectionRemoved e -> connections.remove(e.connectionId());
                case DefaultHaConnectionChosen e -> defaultId = e.connectionId();
                case HaConnectionTested e ->
                    connections.computeIfPresent(e.connectionId(), (id, current) -> current.withTest(e.result()));
            }
            if (defaultId != null && !connections.containsKey(defaultId)) {
                defaultId = null;
            }
            return Book.of(connections, defaultId, sequence);
        });
        refreshAll();
    }

    /**
     * Decrypts every token and serves the personal upstreams: called once the store's history has
     * been read; every change after that is decrypted as it arrives.
     */
    public void open() {
        opened = true;
        books.replaceAll((userId, book) -> {
            var connections = new LinkedHashMap<String, Connection>();
            book.connections().forEach((id, connection) -> connections.put(id, opened(connection)));
            return Book.of(connections, book.defaultId(), book.sequence());
        });
        refreshAll();
    }

    /** A deleted user's connections leave the gateway at once; their secrets are shredded elsewhere. */
    void forget(String userId) {
        deletedUsers.add(userId);
        books.remove(userId);
        refreshAll();
    }

    /** A connection's new definition; its test history carries over from the one it replaces. */
    private void define(Map<String, Connection> connections, HaConnectionDefined event, long revision) {
        String id = event.connectionId();
        var previous = connections.get(id);
        var connection = new Connection(
                id,
                event.userId(),
                event.name(),
                event.url(),
                event.timeout(),
                event.exposed(),
                revision,
                previous == null ? List.of() : previous.recentTests(),
                event.token(),
                null);
        connections.put(id, this.opened ? opened(connection) : connection);
    }

    private Connection opened(Connection connection) {
        return connection.token() != null
                ? connection
                : connection.withToken(decrypt(connection.id(), connection.sealedToken()));
    }

    /** The default connection first, then the others the user exposed; none without a readable token. */
    private static List<UpstreamDefinition> upstreams(Map<String, Connection> connections, String defaultId) {
        var upstreams = new ArrayList<UpstreamDefinition>();
        var first = defaultId == null ? null : connections.get(defaultId);
        if (first != null) {
            upstreams.add(definitionOf(first));
        }
        connections.values().stream()
                .filter(connection -> connection.exposed() && !connection.id().equals(defaultId))
                .forEach(connection -> upstreams.add(definitionOf(connection)));
        return upstreams.stream()
                .filter(upstream -> upstream.bearerToken() != null)
                .toList();
    }

    private static UpstreamDefinition definitionOf(Connection connection) {
        return new UpstreamDefinition(
                connection.upstreamName(),
                UpstreamDefinition.Transport.STREAMABLE_HTTP,
                connection.url() + "/api/mcp",
                List.of(),
                Map.of(),
                connection.token(),
                Set.of(connection.userId()),
                connection.timeout(),
                connection.revision(),
                connection.name(),
                true);
    }

    private void refreshAll() {
        all = books.values().stream().flatMap(book -> book.upstreams().stream()).toList();
    }

    // A token this node cannot open (another master key, a lost data key) leaves the connection
    // listed but out of the gateway, loudly, rather than stopping the view.
    private String decrypt(String id, EncryptedSecret token) {
        try {
            return cipher.decrypt(token);
        } catch (SecretUnavailableException e) {
            log.error(
                    "The token of Home Assistant connection {} (fingerprint {}) cannot be decrypted: {}",
                    id,
                    token.fingerprint(),
                    e.getMessage());
            return null;
        }
    }
}
