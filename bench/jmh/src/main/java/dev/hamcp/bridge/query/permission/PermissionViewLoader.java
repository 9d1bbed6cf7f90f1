package dev.hamcp.bridge.query.permission;

import dev.hamcp.bridge.api.permission.InstallationPolicyEvent;
import dev.hamcp.bridge.api.permission.PermissionPolicyEvent;

/** Feeds the permission view its events as its processors do, for the benchmarks (see AccessViewLoader). */
public final class PermissionViewLoader {

    private PermissionViewLoader() {}

    public static void apply(PermissionView view, PermissionPolicyEvent event, long sequence) {
        view.apply(event, sequence);
    }

    public static void apply(PermissionView view, InstallationPolicyEvent event, long sequence) {
        view.apply(event, sequence);
    }
}
