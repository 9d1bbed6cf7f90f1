package dev.hamcp.bridge.runtime.permission;

import dev.hamcp.bridge.api.audit.AuditMetadata;
import dev.hamcp.bridge.api.permission.ChangeDefaultPolicy;
import dev.hamcp.bridge.query.permission.PermissionView;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Sets the configured initial default policy at the first start, once the views have caught up. */
@Component
public class InitialDefaults {

    private static final Logger log = LoggerFactory.getLogger(InitialDefaults.class);

    private final PermissionProperties properties;
    private final PermissionView view;
    private final Commands commands;

    InitialDefaults(PermissionProperties properties, PermissionView view, Commands commands) {
        this.properties = properties;
        this.view = view;
        this.commands = commands;
    }

    /** Applies {@code bridge.permissions.initial-defaults} unless a default policy was ever chosen. */
    public void ensure() {
        if (properties.initialDefaults().isEmpty() || view.defaultsChosen()) {
            return;
        }
        commands.send(
                        new ChangeDefaultPolicy(properties.initialGrants()),
                        AuditMetadata.SYSTEM_ACTOR,
                        new RequestContext(UUID.randomUUID().toString(), "local", null),
                        "initial default policy from bridge.permissions.initial-defaults")
                .block();
        log.info("Set the initial default permission policy from configuration");
    }
}
