package dev.hamcp.bridge.command.upstream;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.secret.EncryptedSecret;
import dev.hamcp.bridge.api.upstream.BearerToken;
import dev.hamcp.bridge.api.upstream.ChangeUpstream;
import dev.hamcp.bridge.api.upstream.HttpUrls;
import dev.hamcp.bridge.api.upstream.RegisterUpstream;
import dev.hamcp.bridge.api.upstream.RemoveUpstream;
import dev.hamcp.bridge.api.upstream.UpstreamChanged;
import dev.hamcp.bridge.api.upstream.UpstreamRegistered;
import dev.hamcp.bridge.api.upstream.UpstreamRemoved;
import dev.hamcp.bridge.api.upstream.UpstreamTransport;
import dev.hamcp.bridge.command.secret.SecretCipher;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A shared upstream MCP server that administrators register under a unique name. Its token is
 * encrypted before it becomes part of an event. Removal keeps the stream, so the name can be
 * registered again and two concurrent registrations of one name still collide on a sequence number.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class Upstream {

    static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");
    static final Duration SHORTEST_TIMEOUT = Duration.ofSeconds(1);
    static final Duration LONGEST_TIMEOUT = Duration.ofMinutes(10);

    @AggregateIdentifier
    private String name;

    private boolean registered;
    private EncryptedSecret token;

    Upstream() {}

    // Creates the stream on first use; a removed name is registered again on its old stream.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RegisterUpstream cmd, SecretCipher cipher) {
        assertNameFree();
        assertValidName(cmd.name());
        assertValidDefinition(cmd.transport(), cmd.url(), cmd.command(), cmd.args(), cmd.timeout(), cmd.token());
        assertValidUsers(cmd.allowedUsers());
        apply(new UpstreamRegistered(
                cmd.name(),
                cmd.transport(),
                blankToNull(cmd.url()),
                blankToNull(cmd.command()),
                cmd.args(),
                cmd.allowedUsers(),
                cmd.timeout(),
                cmd.token() == null
                        ? null
                        : cipher.encrypt(SecretCipher.INSTALLATION, cmd.token().value())));
    }

    // Also on a missing stream, so an unknown name is a business error rather than Axon's not-found.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChangeUpstream cmd, SecretCipher cipher) {
        assertRegistered();
        assertValidDefinition(cmd.transport(), cmd.url(), cmd.command(), cmd.args(), cmd.timeout(), cmd.token());
        assertValidUsers(cmd.allowedUsers());
        assertOneTokenInstruction(cmd);
        apply(new UpstreamChanged(
                name,
                cmd.transport(),
                blankToNull(cmd.url()),
                blankToNull(cmd.command()),
                cmd.args(),
                cmd.allowedUsers(),
                cmd.timeout(),
                nextToken(cmd, cipher)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RemoveUpstream cmd) {
        assertRegistered();
        apply(new UpstreamRemoved(name));
    }

    private EncryptedSecret nextToken(ChangeUpstream cmd, SecretCipher cipher) {
        if (cmd.transport() == UpstreamTransport.STDIO || cmd.removeToken()) {
            return null;
        }
        return cmd.token() == null
                ? token
                : cipher.encrypt(SecretCipher.INSTALLATION, cmd.token().value());
    }

    private void assertNameFree() {
        if (registered) {
            throw BusinessError.reject(ErrorCode.UPSTREAM_NAME_TAKEN, "An upstream with this name already exists.");
        }
    }

    private void assertRegistered() {
        if (!registered) {
            throw BusinessError.reject(ErrorCode.UPSTREAM_NOT_FOUND, "No such upstream.");
        }
    }

    private static void assertValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid("name must be 1-32 of a-z, 0-9 and -.");
        }
    }

    private static void assertValidDefinition(
            UpstreamTransport transport,
            String url,
            String command,
            List<String> args,
            Duration timeout,
            BearerToken token) {
        if (transport == null) {
            throw invalid("transport is required.");
        }
        if (timeout == null || timeout.compareTo(SHORTEST_TIMEOUT) < 0 || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
            throw invalid("timeout must be between 1 second and 10 minutes.");
        }
        if (token != null && token.value().isBlank()) {
            throw invalid("token must not be blank; leave it out for none.");
        }
        if (transport == UpstreamTransport.STDIO) {
            assertValidStdio(url, command, token);
        } else {
            assertValidHttp(url, command, args);
        }
    }

    private static void assertValidStdio(String url, String command, BearerToken token) {
        if (isBlank(command)) {
            throw invalid("a stdio upstream needs a command.");
        }
        if (!isBlank(url)) {
            throw invalid("url is for HTTP upstreams; a stdio upstream runs its command.");
        }
        if (token != null) {
            throw invalid("token is sent over HTTP only; a stdio upstream cannot have one.");
        }
    }

    private static void assertValidHttp(String url, String command, List<String> args) {
        if (!isBlank(command) || !args.isEmpty()) {
            throw invalid("command and args are for stdio upstreams.");
        }
        if (isBlank(url)) {
            throw invalid("an HTTP upstream needs a url.");
        }
        HttpUrls.problemWith(url).ifPresent(problem -> {
            throw invalid(problem);
        });
    }

    private static void assertValidUsers(Set<String> allowedUsers) {
        if (allowedUsers.stream().anyMatch(Upstream::isBlank)) {
            throw invalid("allowedUsers must hold user ids, not blanks.");
        }
    }

    private static void assertOneTokenInstruction(ChangeUpstream cmd) {
        if (cmd.token() != null && cmd.removeToken()) {
            throw invalid("give a new token or remove the token, not both.");
        }
    }

    private static RuntimeException invalid(String message) {
        return BusinessError.reject(ErrorCode.INVALID_UPSTREAM, message);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }

    @EventSourcingHandler
    void on(UpstreamRegistered e) {
        name = e.name();
        registered = true;
        token = e.token();
    }

    @EventSourcingHandler
    void on(UpstreamChanged e) {
        token = e.token();
    }

    @EventSourcingHandler
    void on(UpstreamRemoved e) {
        registered = false;
        token = null;
    }
}
