package dev.hamcp.bridge.api.permission;

import java.util.List;

/** The default grants changed from {@code previous} to {@code grants}; every user without an explicit grant follows. */
public record DefaultPolicyChanged(List<Grant> grants, List<Grant> previous) implements InstallationPolicyEvent {

    public DefaultPolicyChanged {
        grants = grants == null ? List.of() : List.copyOf(grants);
        previous = previous == null ? List.of() : List.copyOf(previous);
    }
}
