package dev.hamcp.bridge.api.homeassistant;

/**
 * The aggregate id of one user's Home Assistant connections. Prefixed, because the event store
 * numbers events per aggregate id whatever the type, and the user's own stream uses the bare id.
 */
public final class HaConnectionIds {

    public static final String PREFIX = "ha-connections:";

    private HaConnectionIds() {}

    public static String of(String userId) {
        return PREFIX + userId;
    }
}
