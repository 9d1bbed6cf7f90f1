package dev.hamcp.bridge.api.permission;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How much a tool can do to a house, from least to most: what permissions are granted in. */
public enum ToolLevel {
    /** Only observes: states, the time, the weather. */
    READ,
    /** Changes a device or a helper the way a person at a switch would: lights, covers, media, timers. */
    WRITE,
    /** Runs something whose effect the bridge cannot judge: scripts and any tool it does not know. */
    EXECUTE;

    /** The level's name as the API and the events write it: {@code read}, {@code write}, {@code execute}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a level in any letter case; anything else is refused as invalid input. */
    @JsonCreator
    public static ToolLevel fromWireName(String name) {
        for (ToolLevel level : values()) {
            if (level.name().equalsIgnoreCase(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("A level is read, write or execute");
    }
}
