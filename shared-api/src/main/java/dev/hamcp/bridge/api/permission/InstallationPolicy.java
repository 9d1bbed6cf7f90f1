package dev.hamcp.bridge.api.permission;

import java.util.List;
import java.util.Set;

/** The installation-wide permission settings: one aggregate, and what holds before anyone changed it. */
public final class InstallationPolicy {

    /** The aggregate id; upstream and user ids cannot contain a colon, so it collides with none. */
    public static final String ID = "policy:installation";

    /** Out of the box a newcomer may look at everything and change nothing. */
    public static final List<Grant> OUT_OF_THE_BOX_DEFAULTS = List.of(new Grant("*", Set.of(ToolLevel.READ), true));

    private InstallationPolicy() {}
}
