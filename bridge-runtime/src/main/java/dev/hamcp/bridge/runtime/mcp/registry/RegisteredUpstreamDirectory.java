package dev.hamcp.bridge.runtime.mcp.registry;

import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.api.upstream.FindUpstreams;
import dev.hamcp.bridge.api.upstream.UpstreamChanged;
import dev.hamcp.bridge.api.upstream.UpstreamEvent;
import dev.hamcp.bridge.api.upstream.UpstreamRegistered;
import dev.hamcp.bridge.api.upstream.UpstreamRemoved;
import dev.hamcp.bridge.api.upstream.UpstreamSummary;
import dev.hamcp.bridge.api.upstream.UpstreamTransport;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.command.secret.SecretUnavailableException;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDefinition.Transport;
import dev.hamcp.bridge.runtime.mcp.gateway.UpstreamDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The upstreams administrators registered, in memory, with their tokens decrypted for the gateway.
 *
 * <p>Fed like the access view: the local subscribing processor applies this node's changes right
 * after they commit (so the next request sees them), and a streaming processor follows the whole
 * store (other nodes' changes, and the history at start). The aggregate sequence number kept per
 * name makes every event count once, in order, and is the definition's revision, so the gateway
 * drops sessions and cached tool lists of a changed upstream.
 */
@Component
public class RegisteredUpstreamDirectory implements UpstreamDirectory {

    /** The streaming processor that follows the store on every node, with a node-local token. */
    public static final String FOLLOWER_PROCESSOR = "upstream-registry";
    /** The subscribing processor that applies this node's own changes as they commit. */
    public static final String LOCAL_PROCESSOR = "upstream-registry-local";

    private static final Logger log = LoggerFactory.getLogger(RegisteredUpstreamDirectory.class);

    /** One name's latest state; {@code definition} is null once removed (a tombstone keeps the sequence). */
    private record Entry(UpstreamDefinition definition, UpstreamSummary summary, long sequence) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecretCipher cipher;
    /**
     * The live definitions sorted by name, rebuilt when an event changes them rather than on every
     * call (the gateway asks twice per call).
     */
    private volatile List<UpstreamDefinition> live = List.of();

    RegisteredUpstreamDirectory(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public List<UpstreamDefinition> upstreamsFor(String userId) {
        var all = live;
        return all.isEmpty()
                ? all
                : all.stream().filter(upstream -> upstream.admits(userId)).toList();
    }

    @Override
    public List<UpstreamDefinition> all() {
        return live;
    }

    public Optional<UpstreamSummary> summary(String name) {
        return Optional.ofNullable(entries.get(name)).map(Entry::summary);
    }

    public boolean contains(String name) {
        return summary(name).isPresent();
    }

    @QueryHandler
    List<UpstreamSummary> handle(FindUpstreams query) {
        return live().map(Entry::summary).toList();
    }

    /** Applies one event of an Upstream aggregate, unless an event at or after {@code sequence} was applied already. */
    void apply(UpstreamEvent event, long sequence) {
        // Both processors apply events; one at a time, so the list rebuilt last is the newest.
        synchronized (entries) {
            applyOne(event, sequence);
            live = live().map(Entry::definition).toList();
        }
    }

    private void applyOne(UpstreamEvent event, long sequence) {
        entries.compute(event.name(), (name, current) -> {
            if (current != null && sequence <= current.sequence()) {
                return current;
            }
            return switch (event) {
                case UpstreamRegistered e ->
                    entry(
                            e.name(),
                            e.transport(),
                            e.url(),
                            e.command(),
                            e.args(),
                            e.allowedUsers(),
                            e.timeout(),
                            e.token(),
                            sequence);
                case UpstreamChanged e ->
                    entry(
                            e.name(),
                            e.transport(),
                            e.url(),
                            e.command(),
                            e.args(),
                            e.allowedUsers(),
                            e.timeout(),
                            e.token(),
                            sequence);
                case UpstreamRemoved e -> new Entry(null, null, sequence);
            };
        });
    }

    private Stream<Entry> live() {
        return entries.values().stream()
                .filter(entry -> entry.definition() != null)
                .sorted(Comparator.comparing(entry -> entry.definition().name()));
    }

    private Entry entry(
            String name,
            UpstreamTransport transport,
            String url,
            String command,
            List<String> args,
            Set<String> allowedUsers,
            Duration timeout,
            EncryptedSecret token,
            long sequence) {
        var commandLine = new ArrayList<String>();
        if (command != null) {
            commandLine.add(command);
            commandLine.addAll(args);
        }
        var definition = new UpstreamDefinition(
                name,
                Transport.valueOf(transport.name()),
                url,
                commandLine,
                Map.of(),
                open(name, token),
                allowedUsers,
                timeout,
                sequence);
        var summary = new UpstreamSummary(
                name,
                transport,
                url,
                command,
                args,
                allowedUsers,
                timeout,
                token == null ? null : token.fingerprint(),
                sequence);
        return new Entry(definition, summary, sequence);
    }

    // A token this node cannot open (a master key it lacks, a destroyed data key) is left out, loudly, rather than
    // stopping the view. The exception names keys by id only.
    private String open(String name, EncryptedSecret token) {
        if (token == null) {
            return null;
        }
        try {
            return cipher.decrypt(token);
        } catch (SecretUnavailableException e) {
            log.error(
                    "The token of upstream {} (fingerprint {}) cannot be decrypted: {} See docs/secrets.md.",
                    name,
                    token.fingerprint(),
                    e.getMessage());
            return null;
        }
    }
}
