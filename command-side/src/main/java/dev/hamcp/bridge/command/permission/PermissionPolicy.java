package dev.hamcp.bridge.command.permission;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.PermissionChanged;
import dev.hamcp.bridge.api.permission.PermissionGranted;
import dev.hamcp.bridge.api.permission.PermissionPolicyIds;
import dev.hamcp.bridge.api.permission.PermissionRevoked;
import dev.hamcp.bridge.api.permission.PermissionsChangedInBulk;
import dev.hamcp.bridge.api.permission.RevokePermission;
import dev.hamcp.bridge.api.permission.SetPermission;
import dev.hamcp.bridge.api.permission.SetPermissionsInBulk;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The explicit grants one user holds, by tool pattern; every tool without one follows the
 * installation's defaults. The stream starts with the first grant, so nobody has to create it.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class PermissionPolicy {

    static final int MOST_GRANTS_AT_ONCE = 500;

    @AggregateIdentifier
    private String policyId;

    private String userId;
    private Map<String, Grant> grants = new HashMap<>();

    PermissionPolicy() {}

    // Setting what is already there records nothing, so retrying a request is harmless.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetPermission cmd) {
        assertNamesAUser(cmd.userId());
        Grant grant = GrantRules.requireValid(cmd.grant());
        Grant previous = grants.get(grant.tool());
        if (previous == null) {
            apply(new PermissionGranted(cmd.userId(), grant));
        } else if (!previous.equals(grant)) {
            apply(new PermissionChanged(cmd.userId(), grant, previous));
        }
    }

    // One event for the whole list, so the change is all or nothing and projections see it at once.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SetPermissionsInBulk cmd) {
        assertNamesAUser(cmd.userId());
        GrantRules.requireValid(cmd.grants(), MOST_GRANTS_AT_ONCE);
        List<Grant> changed = cmd.grants().stream()
                .filter(grant -> !grant.equals(grants.get(grant.tool())))
                .toList();
        List<String> revoked = cmd.replace() ? notListedIn(cmd.grants()) : List.of();
        if (!changed.isEmpty() || !revoked.isEmpty()) {
            apply(new PermissionsChangedInBulk(cmd.userId(), changed, revoked));
        }
    }

    // Also on a missing stream, so a user without grants gets a business error, not Axon's not-found.
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RevokePermission cmd) {
        assertGranted(cmd.tool());
        apply(new PermissionRevoked(userId, cmd.tool()));
    }

    private List<String> notListedIn(List<Grant> listed) {
        Set<String> kept = listed.stream().map(Grant::tool).collect(Collectors.toSet());
        return grants.keySet().stream()
                .filter(tool -> !kept.contains(tool))
                .sorted()
                .toList();
    }

    private static void assertNamesAUser(String userId) {
        if (userId == null || userId.isBlank()) {
            throw BusinessError.reject(ErrorCode.VALIDATION_FAILED, "userId is required.");
        }
    }

    private void assertGranted(String tool) {
        if (!grants.containsKey(tool)) {
            throw BusinessError.reject(
                    ErrorCode.PERMISSION_NOT_FOUND, "This user holds no grant on exactly this tool or pattern.");
        }
    }

    @EventSourcingHandler
    void on(PermissionGranted e) {
        policyId = PermissionPolicyIds.of(e.userId());
        userId = e.userId();
        grants.put(e.grant().tool(), e.grant());
    }

    @EventSourcingHandler
    void on(PermissionChanged e) {
        grants.put(e.grant().tool(), e.grant());
    }

    @EventSourcingHandler
    void on(PermissionRevoked e) {
        grants.remove(e.tool());
    }

    // A bulk change can be the stream's first event, so it names the policy too.
    @EventSourcingHandler
    void on(PermissionsChangedInBulk e) {
        policyId = PermissionPolicyIds.of(e.userId());
        userId = e.userId();
        e.grants().forEach(grant -> grants.put(grant.tool(), grant));
        e.revoked().forEach(grants::remove);
    }
}
