package dev.hamcp.bridge.api.maintenance;

/** The installation's housekeeping: one stream, where administrators' maintenance actions are recorded. */
public final class Housekeeping {

    /** The one housekeeping aggregate's id. */
    public static final String ID = "housekeeping";

    private Housekeeping() {}
}
