package dev.hamcp.bridge.command.token;

import static dev.hamcp.bridge.command.token.TokenRules.*;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.token.ApiTokenIssued;
import dev.hamcp.bridge.api.token.ApiTokenPermissionsChanged;
import dev.hamcp.bridge.api.token.ApiTokenRevoked;
import dev.hamcp.bridge.api.token.ChangeApiTokenPermissions;
import dev.hamcp.bridge.api.token.IssueApiToken;
import dev.hamcp.bridge.api.token.RevokeApiToken;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A personal API token: who owns it, whether it is revoked, and which of the owner's rights it may
 * use. The token itself never gets here, only its SHA-256. Reaching the expiry needs no event: the
 * access check compares the time.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class ApiToken {

    @AggregateIdentifier
    private String tokenId;

    private String userId;
    private boolean issued;
    private boolean revoked;
    // Null: all of the owner's rights.
    private List<Grant> permissions;

    ApiToken() {}

    @CommandHandler
    ApiToken(IssueApiToken cmd) {
        Instant now = now();
        assertRequired(cmd.tokenId(), "tokenId");
        assertRequired(cmd.userId(), "userId");
        String name = validName(cmd.name());
        assertValidHash(cmd.tokenHash());
        assertValidDisplayPrefix(cmd.displayPrefix());
        assertInFuture(cmd.expiresAt(), now);
        assertValidPermissions(cmd.permissions());
        assertValidNetworks(cmd.allowedNetworks());
        assertValidRate(cmd.requestsPerMinute());
        apply(new ApiTokenIssued(
                cmd.tokenId(),
                cmd.userId(),
                name,
                cmd.tokenHash(),
                cmd.displayPrefix(),
                now,
                cmd.expiresAt(),
                cmd.permissions(),
                cmd.allowedNetworks(),
                cmd.requestsPerMinute()));
    }

    // Also on a missing stream, so an unknown token id is a business error rather than Axon's not-found.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RevokeApiToken cmd) {
        assertIssued();
        // Revoking twice is harmless: the second click changes nothing and records nothing.
        if (!revoked) {
            apply(new ApiTokenRevoked(tokenId, userId, now()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChangeApiTokenPermissions cmd) {
        assertIssued();
        assertNotRevoked();
        assertValidPermissions(cmd.permissions());
        if (!samePermissions(cmd.permissions())) {
            apply(new ApiTokenPermissionsChanged(tokenId, userId, cmd.permissions()));
        }
    }

    // Grants are matched by specificity, never by position, so their order carries no meaning.
    private boolean samePermissions(List<Grant> next) {
        if (permissions == null || next == null) {
            return permissions == next;
        }
        return Set.copyOf(permissions).equals(Set.copyOf(next));
    }

    private void assertIssued() {
        if (!issued) {
            throw BusinessError.reject(ErrorCode.TOKEN_NOT_FOUND, "No such token.");
        }
    }

    private void assertNotRevoked() {
        if (revoked) {
            throw BusinessError.reject(ErrorCode.TOKEN_REVOKED, "This token is revoked; issue a new one.");
        }
    }

    // The message clock, which Axon's test fixture sets, so tests decide what "now" is.
    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    @EventSourcingHandler
    void on(ApiTokenIssued e) {
        tokenId = e.tokenId();
        userId = e.userId();
        issued = true;
        permissions = e.permissions();
    }

    @EventSourcingHandler
    void on(ApiTokenRevoked e) {
        revoked = true;
    }

    @EventSourcingHandler
    void on(ApiTokenPermissionsChanged e) {
        permissions = e.permissions();
    }
}
