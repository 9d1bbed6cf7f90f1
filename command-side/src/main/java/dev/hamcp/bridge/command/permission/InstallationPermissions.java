package dev.hamcp.bridge.command.permission;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.permission.ChangeDefaultPolicy;
import dev.hamcp.bridge.api.permission.ClearToolLevelOverride;
import dev.hamcp.bridge.api.permission.DefaultPolicyChanged;
import dev.hamcp.bridge.api.permission.Grant;
import dev.hamcp.bridge.api.permission.InstallationPolicy;
import dev.hamcp.bridge.api.permission.OverrideToolLevel;
import dev.hamcp.bridge.api.permission.ToolLevel;
import dev.hamcp.bridge.api.permission.ToolLevelOverridden;
import dev.hamcp.bridge.api.permission.ToolLevelOverrideCleared;
import dev.hamcp.bridge.api.permission.ToolPatterns;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The installation's permission settings, one stream for the whole bridge: the grants every user
 * inherits, and the levels administrators decided for single tools. Before the first change the
 * out-of-the-box defaults hold and no tool is overridden.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class InstallationPermissions {

    static final int MOST_DEFAULT_GRANTS = 500;

    @AggregateIdentifier
    private String id;

    private List<Grant> defaults = InstallationPolicy.OUT_OF_THE_BOX_DEFAULTS;
    private Map<String, ToolLevel> overrides = new HashMap<>();

    InstallationPermissions() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChangeDefaultPolicy cmd) {
        GrantRules.requireValid(cmd.grants(), MOST_DEFAULT_GRANTS);
        // Order does not matter: the most specific grant wins wherever it stands.
        if (!Set.copyOf(cmd.grants()).equals(Set.copyOf(defaults))) {
            apply(new DefaultPolicyChanged(cmd.grants(), defaults));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(OverrideToolLevel cmd) {
        assertToolName(cmd.tool());
        assertLevelGiven(cmd.level());
        if (overrides.get(cmd.tool()) != cmd.level()) {
            apply(new ToolLevelOverridden(cmd.tool(), cmd.level()));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ClearToolLevelOverride cmd) {
        assertOverridden(cmd.tool());
        apply(new ToolLevelOverrideCleared(cmd.tool()));
    }

    // A level belongs to one tool; a pattern would silently re-level tools nobody looked at.
    private static void assertToolName(String tool) {
        if (!ToolPatterns.isLiteral(ToolPatterns.requireValid(tool))) {
            throw BusinessError.reject(
                    ErrorCode.INVALID_TOOL_PATTERN, "A level is overridden for one tool by name, not for a pattern.");
        }
    }

    private static void assertLevelGiven(ToolLevel level) {
        if (level == null) {
            throw BusinessError.reject(ErrorCode.VALIDATION_FAILED, "level is required: READ, WRITE or EXECUTE.");
        }
    }

    private void assertOverridden(String tool) {
        if (!overrides.containsKey(tool)) {
            throw BusinessError.reject(ErrorCode.NOT_FOUND, "No level override on this tool.");
        }
    }

    // The events name no id, there being one installation; the two that can start the stream set it.
    @EventSourcingHandler
    void on(DefaultPolicyChanged e) {
        id = InstallationPolicy.ID;
        defaults = e.grants();
    }

    @EventSourcingHandler
    void on(ToolLevelOverridden e) {
        id = InstallationPolicy.ID;
        overrides.put(e.tool(), e.level());
    }

    @EventSourcingHandler
    void on(ToolLevelOverrideCleared e) {
        overrides.remove(e.tool());
    }
}
