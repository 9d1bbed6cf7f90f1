package dev.hamcp.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hamcp.simulator.House.Area;
import dev.hamcp.simulator.House.Device;
import dev.hamcp.simulator.House.Floor;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Assist API's tools as Home Assistant's MCP server offers them: their descriptions and input
 * schemas for {@code tools/list}, and what calling each does to the house. A result is one text
 * content holding a JSON document, like Home Assistant's.
 */
final class AssistTools {

    static final String TURN_ON = "HassTurnOn";
    static final String TURN_OFF = "HassTurnOff";
    static final String TOGGLE = "HassToggle";
    static final String LIGHT_SET = "HassLightSet";
    static final String GET_DATE_TIME = "GetDateTime";
    static final String GET_LIVE_CONTEXT = "GetLiveContext";

    /** The device classes the on/off intents accept (covers, media players, switches, valves, buttons). */
    static final List<String> DEVICE_CLASSES = List.of(
            "awning",
            "blind",
            "curtain",
            "damper",
            "door",
            "garage",
            "gate",
            "shade",
            "shutter",
            "window",
            "tv",
            "speaker",
            "receiver",
            "outlet",
            "switch",
            "water",
            "gas",
            "identify",
            "restart",
            "update");

    /** Colour names HassLightSet understands, with their RGB values. */
    static final Map<String, List<Integer>> COLOURS = colours();

    private static final Set<String> TARGETS = Set.of("name", "area", "floor", "domain", "device_class");
    private static final Set<String> LIGHT_SET_ARGUMENTS =
            Set.of("name", "area", "floor", "brightness", "color", "temperature");
    private static final Set<String> LIVE_CONTEXT_ARGUMENTS = Set.of("name", "area", "domain");
    /** The attributes GetLiveContext shows, as Home Assistant picks them. */
    private static final List<String> INTERESTING_ATTRIBUTES = List.of(
            "temperature",
            "current_temperature",
            "temperature_unit",
            "brightness",
            "humidity",
            "unit_of_measurement",
            "device_class",
            "current_position",
            "percentage",
            "volume_level");

    private enum Action {
        TURN_ON("turned on", Set.of("light", "switch", "lock")),
        TURN_OFF("turned off", Set.of("light", "switch", "lock")),
        TOGGLE("toggled", Set.of("light", "switch")),
        LIGHT_SET("set", Set.of("light"));

        final String verb;
        final Set<String> domains;

        Action(String verb, Set<String> domains) {
            this.verb = verb;
            this.domains = domains;
        }
    }

    private record Targets(String name, String area, String floor, List<String> domains, List<String> deviceClasses) {

        static Targets from(Arguments arguments) {
            return new Targets(
                    arguments.string("name"),
                    arguments.string("area"),
                    arguments.string("floor"),
                    lowerCase(arguments.strings("domain")),
                    lowerCase(arguments.strings("device_class")));
        }

        private static List<String> lowerCase(List<String> values) {
            return values.stream()
                    .map(v -> v.strip().toLowerCase(Locale.ROOT))
                    .filter(v -> !v.isEmpty())
                    .toList();
        }

        boolean any() {
            return name != null || area != null || floor != null;
        }
    }

    /** The entities a call acts on, and the area or floor it named (reported back as targets too). */
    private record Resolution(List<Device> devices, Area area, Floor floor) {}

    private final House house;
    private final Clock clock;
    private final ArrayNode descriptions = describe();

    AssistTools(House house, Clock clock) {
        this.house = house;
        this.clock = clock;
    }

    /** The {@code tools} array of a {@code tools/list} result. */
    ArrayNode list() {
        return descriptions.deepCopy();
    }

    /**
     * Calls a tool; the {@code tools/call} result. Throws {@link InvalidParams} for an unknown tool
     * or arguments that do not fit its schema; a call Home Assistant would refuse is an error result.
     */
    ObjectNode call(String tool, JsonNode arguments) {
        Supplier<ObjectNode> call =
                switch (tool) {
                    case TURN_ON -> () -> act(Action.TURN_ON, Arguments.of(tool, arguments, TARGETS));
                    case TURN_OFF -> () -> act(Action.TURN_OFF, Arguments.of(tool, arguments, TARGETS));
                    case TOGGLE -> () -> act(Action.TOGGLE, Arguments.of(tool, arguments, TARGETS));
                    case LIGHT_SET -> () -> setLights(Arguments.of(tool, arguments, LIGHT_SET_ARGUMENTS));
                    case GET_LIVE_CONTEXT -> () -> liveContext(Arguments.of(tool, arguments, LIVE_CONTEXT_ARGUMENTS));
                    case GET_DATE_TIME -> () -> dateTime(Arguments.of(tool, arguments, Set.of()));
                    default -> throw new InvalidParams("Unknown tool: " + tool);
                };
        try {
            return result(Json.text(call.get()), false);
        } catch (ToolFailure failure) {
            return result("Error calling tool: " + failure.getMessage(), true);
        }
    }

    private static ObjectNode result(String text, boolean error) {
        ObjectNode result = Json.object();
        ObjectNode content = result.putArray("content").addObject();
        content.put("type", "text");
        content.put("text", text);
        result.put("isError", error);
        return result;
    }

    // ---- HassTurnOn, HassTurnOff, HassToggle

    private ObjectNode act(Action action, Arguments arguments) {
        Targets targets = Targets.from(arguments);
        return house.atomically(() -> {
            Resolution resolution = resolve(targets, action);
            for (Device device : resolution.devices()) {
                EntityState state = house.state(device.entityId()).orElseThrow();
                switch (action) {
                    case TURN_ON -> turnOn(device, state);
                    case TURN_OFF -> turnOff(device);
                    case TOGGLE -> {
                        if (state.state().equals("on")) {
                            turnOff(device);
                        } else {
                            turnOn(device, state);
                        }
                    }
                    case LIGHT_SET -> throw new IllegalStateException("HassLightSet has its own handler");
                }
            }
            return actionDone(resolution, speech(action, resolution.devices()));
        });
    }

    private void turnOn(Device device, EntityState state) {
        switch (device.domain()) {
            case "lock" -> house.update(device.entityId(), "locked", Map.of());
            case "light" -> {
                var changes = new LinkedHashMap<String, Object>();
                if (state.attribute("brightness") == null) {
                    changes.put("brightness", 255);
                }
                if (state.attribute("color_mode") == null) {
                    changes.put("color_mode", colourModes(state).getFirst());
                }
                house.update(device.entityId(), "on", changes);
            }
            default -> house.update(device.entityId(), "on", Map.of());
        }
    }

    private void turnOff(Device device) {
        switch (device.domain()) {
            case "lock" -> house.update(device.entityId(), "unlocked", Map.of());
            case "light" -> {
                var changes = new LinkedHashMap<String, Object>();
                changes.put("brightness", null);
                changes.put("color_mode", null);
                house.update(device.entityId(), "off", changes);
            }
            default -> house.update(device.entityId(), "off", Map.of());
        }
    }

    // ---- HassLightSet

    private ObjectNode setLights(Arguments arguments) {
        Targets targets = Targets.from(arguments);
        Integer brightness = arguments.integer("brightness", 0, 100);
        String colour = arguments.string("color");
        List<Integer> rgb = colour == null ? null : COLOURS.get(House.normalise(colour));
        if (colour != null && rgb == null) {
            throw new InvalidParams("HassLightSet: unknown color '" + colour + "'; known colors are "
                    + String.join(", ", COLOURS.keySet()));
        }
        Integer kelvin = arguments.integer("temperature", 0, null);
        return house.atomically(() -> {
            Resolution resolution = resolve(targets, Action.LIGHT_SET);
            for (Device light : resolution.devices()) {
                setLight(light, brightness, rgb, kelvin);
            }
            return actionDone(resolution, speech(Action.LIGHT_SET, resolution.devices()));
        });
    }

    private void setLight(Device light, Integer brightness, List<Integer> rgb, Integer kelvin) {
        if (brightness != null && brightness == 0) {
            turnOff(light);
            return;
        }
        EntityState state = house.state(light.entityId()).orElseThrow();
        List<String> modes = colourModes(state);
        var changes = new LinkedHashMap<String, Object>();
        if (brightness != null) {
            changes.put("brightness", Math.max(1, Math.round(brightness * 255 / 100f)));
        } else if (state.attribute("brightness") == null) {
            changes.put("brightness", 255);
        }
        if (rgb != null && modes.contains("rgb")) {
            changes.put("color_mode", "rgb");
            changes.put("rgb_color", rgb);
        } else if (kelvin != null && modes.contains("color_temp")) {
            int lowest = ((Number) state.attributes().getOrDefault("min_color_temp_kelvin", 2000)).intValue();
            int highest = ((Number) state.attributes().getOrDefault("max_color_temp_kelvin", 6500)).intValue();
            changes.put("color_mode", "color_temp");
            changes.put("color_temp_kelvin", Math.clamp(kelvin, lowest, highest));
        } else if (state.attribute("color_mode") == null) {
            changes.put("color_mode", modes.getFirst());
        }
        house.update(light.entityId(), "on", changes);
    }

    @SuppressWarnings("unchecked")
    private static List<String> colourModes(EntityState light) {
        Object modes = light.attribute("supported_color_modes");
        return modes instanceof List<?> list && !list.isEmpty() ? (List<String>) list : List.of("onoff");
    }

    // ---- Matching targets, as Home Assistant's intents do

    private Resolution resolve(Targets targets, Action action) {
        if (!targets.any()) {
            throw new ToolFailure("Service handler cannot target all devices: give a name, an area or a floor");
        }
        Area area = targets.area() == null
                ? null
                : house.area(targets.area())
                        .orElseThrow(() -> new ToolFailure("Area '" + targets.area() + "' does not exist"));
        Floor floor = targets.floor() == null
                ? null
                : house.floor(targets.floor())
                        .orElseThrow(() -> new ToolFailure("Floor '" + targets.floor() + "' does not exist"));
        List<Device> found = house.devices();
        if (targets.name() != null) {
            found = narrow(
                    found, d -> House.named(d, targets.name()), "No device or entity named '" + targets.name() + "'");
        }
        if (area != null) {
            found = narrow(
                    found, d -> area.id().equals(d.areaId()), nothingFound(targets.name(), "in the " + area.name()));
        }
        if (floor != null) {
            found = narrow(
                    found,
                    d -> house.areaOf(d)
                            .map(a -> floor.id().equals(a.floorId()))
                            .orElse(false),
                    nothingFound(targets.name(), "on the " + floor.name()));
        }
        if (!targets.domains().isEmpty()) {
            found = narrow(
                    found,
                    d -> targets.domains().contains(d.domain()),
                    "No matching device in domain(s): " + String.join(", ", targets.domains()));
        }
        if (!targets.deviceClasses().isEmpty()) {
            found = narrow(
                    found,
                    d -> d.deviceClass() != null && targets.deviceClasses().contains(d.deviceClass()),
                    "No matching device of device class(es): " + String.join(", ", targets.deviceClasses()));
        }
        List<Device> matched = found;
        // A lock opens only when asked for by name or domain: "turn off the hallway" must not unlock the door.
        List<Device> controllable = matched.stream()
                .filter(d -> action.domains.contains(d.domain()))
                .filter(d -> !d.domain().equals("lock")
                        || targets.name() != null
                        || targets.domains().contains("lock"))
                .toList();
        if (controllable.isEmpty()) {
            throw new ToolFailure("None of the matched entities ("
                    + String.join(", ", matched.stream().map(Device::name).toList()) + ") can be " + action.verb);
        }
        return new Resolution(controllable, area, floor);
    }

    private static List<Device> narrow(List<Device> devices, Predicate<Device> filter, String whenNone) {
        List<Device> left = devices.stream().filter(filter).toList();
        if (left.isEmpty()) {
            throw new ToolFailure(whenNone);
        }
        return left;
    }

    private static String nothingFound(String name, String where) {
        return name == null ? "No devices " + where : "'" + name + "' is not " + where;
    }

    private static ObjectNode actionDone(Resolution resolution, String speech) {
        ObjectNode document = Json.object();
        ObjectNode plain = document.putObject("speech").putObject("plain");
        plain.put("speech", speech);
        plain.putNull("extra_data");
        document.put("response_type", "action_done");
        ObjectNode data = document.putObject("data");
        data.putArray("targets");
        ArrayNode success = data.putArray("success");
        if (resolution.area() != null) {
            target(success, resolution.area().name(), "area", resolution.area().id());
        }
        if (resolution.floor() != null) {
            target(
                    success,
                    resolution.floor().name(),
                    "floor",
                    resolution.floor().id());
        }
        for (Device device : resolution.devices()) {
            target(success, device.name(), "entity", device.entityId());
        }
        data.putArray("failed");
        return document;
    }

    private static void target(ArrayNode list, String name, String type, String id) {
        ObjectNode target = list.addObject();
        target.put("name", name);
        target.put("type", type);
        target.put("id", id);
    }

    private static String speech(Action action, List<Device> devices) {
        boolean locks = devices.stream().allMatch(d -> d.domain().equals("lock"));
        String verb =
                switch (action) {
                    case TURN_ON -> locks ? "Locked" : "Turned on";
                    case TURN_OFF -> locks ? "Unlocked" : "Turned off";
                    case TOGGLE -> "Toggled";
                    case LIGHT_SET -> "Set";
                };
        String what = devices.size() == 1
                ? devices.getFirst().name()
                : devices.size() + (action == Action.LIGHT_SET ? " lights" : " devices");
        return verb + " " + what;
    }

    // ---- GetLiveContext

    private ObjectNode liveContext(Arguments arguments) {
        String name = arguments.string("name");
        String areaName = arguments.string("area");
        List<String> domains = arguments.strings("domain").stream()
                .map(d -> d.strip().toLowerCase(Locale.ROOT))
                .filter(d -> !d.isEmpty())
                .toList();
        Area area = areaName == null ? null : house.area(areaName).orElse(null);
        if (areaName != null && area == null) {
            return failure("Area '" + areaName + "' does not exist");
        }
        List<Device> found = house.devices().stream()
                .sorted(Comparator.comparing(Device::name))
                .toList();
        if (name != null) {
            found = found.stream().filter(d -> House.named(d, name)).toList();
            if (found.isEmpty()) {
                return failure("No exposed entities matched name '" + name + "'");
            }
        }
        if (area != null) {
            found = found.stream().filter(d -> area.id().equals(d.areaId())).toList();
            if (found.isEmpty()) {
                return failure("No exposed entities found in area '" + areaName + "'");
            }
        }
        if (!domains.isEmpty()) {
            found = found.stream().filter(d -> domains.contains(d.domain())).toList();
            if (found.isEmpty()) {
                return failure("No exposed entities found in domain(s): " + String.join(", ", domains));
            }
        }
        List<Device> listed = found;
        String overview = house.atomically(() -> overview(listed));
        ObjectNode document = Json.object();
        document.put("success", true);
        document.put(
                "result", "Live Context: An overview of the areas and the devices in this smart home:\n" + overview);
        return document;
    }

    private static ObjectNode failure(String error) {
        ObjectNode document = Json.object();
        document.put("success", false);
        document.put("error", error);
        return document;
    }

    /** The entities as a YAML list, the way Home Assistant renders its live context. */
    private String overview(List<Device> devices) {
        var yaml = new StringBuilder();
        for (Device device : devices) {
            EntityState state = house.state(device.entityId()).orElseThrow();
            yaml.append("- names: ")
                    .append(Yaml.scalar(String.join(", ", House.namesOf(device))))
                    .append('\n');
            yaml.append("  domain: ").append(Yaml.scalar(device.domain())).append('\n');
            yaml.append("  state: ").append(Yaml.scalar(state.state())).append('\n');
            house.areaOf(device).ifPresent(area -> {
                var names = new ArrayList<String>();
                names.add(area.name());
                names.addAll(area.aliases());
                yaml.append("  areas: ")
                        .append(Yaml.scalar(String.join(", ", names)))
                        .append('\n');
            });
            var shown = INTERESTING_ATTRIBUTES.stream()
                    .filter(a -> state.attribute(a) != null)
                    .toList();
            if (!shown.isEmpty()) {
                yaml.append("  attributes:\n");
                for (String attribute : shown) {
                    yaml.append("    ")
                            .append(attribute)
                            .append(": ")
                            .append(Yaml.scalar(String.valueOf(state.attribute(attribute))))
                            .append('\n');
                }
            }
        }
        return yaml.toString();
    }

    // ---- GetDateTime

    private ObjectNode dateTime(Arguments arguments) {
        ZonedDateTime now = ZonedDateTime.now(clock);
        ObjectNode document = Json.object();
        document.put("success", true);
        ObjectNode result = document.putObject("result");
        result.put("date", now.format(DateTimeFormatter.ISO_LOCAL_DATE));
        result.put("time", now.format(DateTimeFormatter.ofPattern("HH:mm:ss")));
        result.put("timezone", now.format(DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH)));
        result.put("weekday", now.format(DateTimeFormatter.ofPattern("EEEE", Locale.ENGLISH)));
        return document;
    }

    // ---- tools/list

    private static ArrayNode describe() {
        ArrayNode tools = Json.array();
        tool(
                tools,
                TURN_ON,
                "Turns on, opens or activates a device or entity. For locks, this locks them. Target it by name,"
                        + " area or floor, and narrow the match with domain and device_class.",
                targetProperties(true),
                false);
        tool(
                tools,
                TURN_OFF,
                "Turns off, closes or deactivates a device or entity. For locks, this unlocks them. Target it by"
                        + " name, area or floor, and narrow the match with domain and device_class.",
                targetProperties(true),
                false);
        tool(
                tools,
                TOGGLE,
                "Toggles a light or switch between on and off. Target it by name, area or floor.",
                targetProperties(true),
                false);
        ObjectNode lightSet = targetProperties(false);
        ObjectNode brightness = lightSet.putObject("brightness");
        brightness.put("type", "integer");
        brightness.put("minimum", 0);
        brightness.put("maximum", 100);
        brightness.put("description", "The brightness percentage of the light, from 0 (off) to 100 (fully lit).");
        ObjectNode colour = lightSet.putObject("color");
        colour.put("type", "string");
        colour.put("description", "The color name of the light: " + String.join(", ", COLOURS.keySet()) + ".");
        ObjectNode temperature = lightSet.putObject("temperature");
        temperature.put("type", "integer");
        temperature.put("minimum", 0);
        temperature.put("description", "The color temperature of the light, in kelvin.");
        tool(
                tools,
                LIGHT_SET,
                "Sets the brightness percentage, color or color temperature of lights. Target them by name, area"
                        + " or floor.",
                lightSet,
                false);
        tool(tools, GET_DATE_TIME, "Provides the current date and time.", Json.object(), true);
        ObjectNode live = Json.object();
        live.set("name", string("Filter entities by name or alias (case-insensitive)."));
        ObjectNode domain = live.putObject("domain");
        domain.put(
                "description",
                "Filter entities by domain (e.g. 'light', 'sensor'). Accepts a single domain or a list.");
        ArrayNode anyOf = domain.putArray("anyOf");
        anyOf.addObject().put("type", "string");
        ObjectNode list = anyOf.addObject();
        list.put("type", "array");
        list.putObject("items").put("type", "string");
        live.set("area", string("Filter entities by area name or alias (case-insensitive)."));
        tool(
                tools,
                GET_LIVE_CONTEXT,
                "Provides real-time information about the CURRENT state, value, or mode of devices, sensors,"
                        + " entities, or areas. Use it to answer questions about current conditions (e.g. 'Is the"
                        + " light on?') and as the first step of conditional actions. You may filter by name,"
                        + " domain and area, and combine the filters.",
                live,
                true);
        return tools;
    }

    private static void tool(
            ArrayNode tools, String name, String description, ObjectNode properties, boolean readOnly) {
        ObjectNode tool = tools.addObject();
        tool.put("name", name);
        tool.put("description", description);
        ObjectNode schema = tool.putObject("inputSchema");
        schema.put("type", "object");
        schema.set("properties", properties);
        if (readOnly) {
            tool.putObject("annotations").put("readOnlyHint", true);
        }
    }

    private static ObjectNode targetProperties(boolean withFilters) {
        ObjectNode properties = Json.object();
        properties.set("name", string("Name of a device or entity."));
        properties.set("area", string("Name of an area."));
        properties.set("floor", string("Name of a floor."));
        if (withFilters) {
            ObjectNode domain = properties.putObject("domain");
            domain.put("type", "array");
            domain.put("description", "Domains to narrow the match to, such as light, switch or lock.");
            domain.putObject("items").put("type", "string");
            ObjectNode deviceClass = properties.putObject("device_class");
            deviceClass.put("type", "array");
            deviceClass.put("description", "Device classes to narrow the match to.");
            ObjectNode items = deviceClass.putObject("items");
            items.put("type", "string");
            ArrayNode values = items.putArray("enum");
            DEVICE_CLASSES.forEach(values::add);
        }
        return properties;
    }

    private static ObjectNode string(String description) {
        ObjectNode property = Json.object();
        property.put("type", "string");
        property.put("description", description);
        return property;
    }

    private static Map<String, List<Integer>> colours() {
        var colours = new LinkedHashMap<String, List<Integer>>();
        colours.put("red", List.of(255, 0, 0));
        colours.put("orange", List.of(255, 165, 0));
        colours.put("yellow", List.of(255, 255, 0));
        colours.put("green", List.of(0, 128, 0));
        colours.put("blue", List.of(0, 0, 255));
        colours.put("purple", List.of(128, 0, 128));
        colours.put("pink", List.of(255, 192, 203));
        colours.put("white", List.of(255, 255, 255));
        return Collections.unmodifiableMap(colours);
    }
}
