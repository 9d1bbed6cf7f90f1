package dev.hamcp.bridge.api.permission;

import java.util.Map;

/**
 * The tools Home Assistant's Assist API offers over MCP, and the level each needs. Home Assistant
 * marks none of them read-only, so the bridge knows them by name; a name it does not know (an
 * exposed script, a custom intent, another server's tool) is {@link ToolLevel#EXECUTE}.
 */
public final class HomeAssistantCatalog {

    private static final Map<String, ToolLevel> LEVELS = Map.ofEntries(
            // The LLM API's own tools and the intents that only answer questions.
            Map.entry("GetLiveContext", ToolLevel.READ),
            Map.entry("GetDateTime", ToolLevel.READ),
            Map.entry("HassGetState", ToolLevel.READ),
            Map.entry("HassGetWeather", ToolLevel.READ),
            Map.entry("HassGetCurrentDate", ToolLevel.READ),
            Map.entry("HassGetCurrentTime", ToolLevel.READ),
            Map.entry("HassClimateGetTemperature", ToolLevel.READ),
            Map.entry("HassTimerStatus", ToolLevel.READ),
            Map.entry("HassNevermind", ToolLevel.READ),
            Map.entry("HassRespond", ToolLevel.READ),
            Map.entry("todo_get_items", ToolLevel.READ),
            Map.entry("calendar_get_events", ToolLevel.READ),
            // Devices.
            Map.entry("HassTurnOn", ToolLevel.WRITE),
            Map.entry("HassTurnOff", ToolLevel.WRITE),
            Map.entry("HassToggle", ToolLevel.WRITE),
            Map.entry("HassLightSet", ToolLevel.WRITE),
            Map.entry("HassSetPosition", ToolLevel.WRITE),
            Map.entry("HassClimateSetTemperature", ToolLevel.WRITE),
            Map.entry("HassFanSetSpeed", ToolLevel.WRITE),
            Map.entry("HassVacuumStart", ToolLevel.WRITE),
            Map.entry("HassVacuumReturnToBase", ToolLevel.WRITE),
            Map.entry("HassLawnMowerStartMowing", ToolLevel.WRITE),
            Map.entry("HassLawnMowerDock", ToolLevel.WRITE),
            // Media players.
            Map.entry("HassMediaPause", ToolLevel.WRITE),
            Map.entry("HassMediaUnpause", ToolLevel.WRITE),
            Map.entry("HassMediaNext", ToolLevel.WRITE),
            Map.entry("HassMediaPrevious", ToolLevel.WRITE),
            Map.entry("HassSetVolume", ToolLevel.WRITE),
            Map.entry("HassSetVolumeRelative", ToolLevel.WRITE),
            Map.entry("HassMediaPlayerMute", ToolLevel.WRITE),
            Map.entry("HassMediaPlayerUnmute", ToolLevel.WRITE),
            Map.entry("HassMediaSearchAndPlay", ToolLevel.WRITE),
            Map.entry("HassBroadcast", ToolLevel.WRITE),
            // Timers and lists.
            Map.entry("HassStartTimer", ToolLevel.WRITE),
            Map.entry("HassCancelTimer", ToolLevel.WRITE),
            Map.entry("HassCancelAllTimers", ToolLevel.WRITE),
            Map.entry("HassIncreaseTimer", ToolLevel.WRITE),
            Map.entry("HassDecreaseTimer", ToolLevel.WRITE),
            Map.entry("HassPauseTimer", ToolLevel.WRITE),
            Map.entry("HassUnpauseTimer", ToolLevel.WRITE),
            Map.entry("HassListAddItem", ToolLevel.WRITE),
            Map.entry("HassListCompleteItem", ToolLevel.WRITE),
            Map.entry("HassShoppingListAddItem", ToolLevel.WRITE));

    private HomeAssistantCatalog() {}

    /** The level {@code toolName} needs, as Home Assistant names it (without a bridge prefix). */
    public static ToolLevel levelOf(String toolName) {
        return LEVELS.getOrDefault(toolName, ToolLevel.EXECUTE);
    }

    /** Whether Home Assistant's Assist API is known to offer a tool of this name. */
    public static boolean knows(String toolName) {
        return LEVELS.containsKey(toolName);
    }

    /** Every known tool and its level. */
    public static Map<String, ToolLevel> tools() {
        return LEVELS;
    }
}
