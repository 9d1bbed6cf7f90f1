package dev.hamcp.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The simulated home: floors, areas, and a handful of entities whose state lives in memory. One
 * lock guards every state, so a tool call that changes several entities is seen whole or not at all.
 */
final class House {

    record Floor(String id, String name, List<String> aliases) {}

    record Area(String id, String name, String floorId, List<String> aliases) {}

    /** What does not change about an entity: its id, names, area and device class. */
    record Device(String entityId, String name, String areaId, String deviceClass, List<String> aliases) {

        String domain() {
            return entityId.substring(0, entityId.indexOf('.'));
        }
    }

    private static final char[] ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Clock clock;
    private final List<Floor> floors = List.of(
            new Floor("ground_floor", "Ground Floor", List.of("Downstairs")),
            new Floor("first_floor", "First Floor", List.of("Upstairs")));
    private final List<Area> areas = List.of(
            new Area("kitchen", "Kitchen", "ground_floor", List.of()),
            new Area("living_room", "Living Room", "ground_floor", List.of("Lounge")),
            new Area("hallway", "Hallway", "ground_floor", List.of("Entrance")),
            new Area("bedroom", "Bedroom", "first_floor", List.of()),
            new Area("garden", "Garden", null, List.of("Outside")));
    private final List<Device> devices = List.of(
            new Device("light.kitchen", "Kitchen Light", "kitchen", null, List.of()),
            new Device("light.living_room", "Living Room Lamp", "living_room", null, List.of("Living Room Light")),
            new Device("light.bedroom", "Bedroom Light", "bedroom", null, List.of()),
            new Device("switch.coffee_maker", "Coffee Maker", "kitchen", "outlet", List.of("Coffee Machine")),
            new Device("switch.garden_lights", "Garden Lights", "garden", "switch", List.of()),
            new Device("lock.front_door", "Front Door", "hallway", null, List.of()),
            new Device("sensor.outdoor_temperature", "Outdoor Temperature", "garden", "temperature", List.of()),
            new Device("binary_sensor.hallway_motion", "Hallway Motion", "hallway", "motion", List.of()));
    private final Map<String, EntityState> states = new HashMap<>();

    House(Clock clock) {
        this.clock = clock;
        reset();
    }

    /** Puts every entity back in its first state. */
    synchronized void reset() {
        states.clear();
        Instant now = clock.instant();
        for (Device device : devices) {
            var attributes = initialAttributes(device);
            attributes.put("friendly_name", device.name());
            String state = initialState(device);
            states.put(
                    device.entityId(), new EntityState(device.entityId(), state, attributes, now, now, newContextId()));
        }
    }

    private static String initialState(Device device) {
        return switch (device.entityId()) {
            case "light.living_room" -> "on";
            case "lock.front_door" -> "locked";
            case "sensor.outdoor_temperature" -> "12.5";
            default -> "off";
        };
    }

    private static Map<String, Object> initialAttributes(Device device) {
        var attributes = new LinkedHashMap<String, Object>();
        switch (device.entityId()) {
            case "light.kitchen", "light.bedroom" -> {
                attributes.put("supported_color_modes", List.of("brightness"));
                attributes.put("color_mode", null);
                attributes.put("brightness", null);
            }
            case "light.living_room" -> {
                attributes.put("min_color_temp_kelvin", 2000);
                attributes.put("max_color_temp_kelvin", 6500);
                attributes.put("supported_color_modes", List.of("color_temp", "rgb"));
                attributes.put("color_mode", "color_temp");
                attributes.put("brightness", 128);
                attributes.put("color_temp_kelvin", 2700);
                attributes.put("rgb_color", null);
            }
            case "sensor.outdoor_temperature" -> {
                attributes.put("state_class", "measurement");
                attributes.put("unit_of_measurement", "°C");
            }
            default -> {}
        }
        if (device.deviceClass() != null) {
            attributes.put("device_class", device.deviceClass());
        }
        if (device.domain().equals("light")) {
            attributes.put("supported_features", 0);
        }
        return attributes;
    }

    /** Runs {@code work} holding the house's lock, so what it reads and changes is consistent. */
    synchronized <T> T atomically(Supplier<T> work) {
        return work.get();
    }

    /** Every state, in the house's order. */
    synchronized List<EntityState> states() {
        return devices.stream().map(d -> states.get(d.entityId())).toList();
    }

    synchronized Optional<EntityState> state(String entityId) {
        return Optional.ofNullable(states.get(entityId));
    }

    /**
     * Sets an entity's state and some of its attributes (a null value clears one). {@code last_changed}
     * moves only when the state string changes, {@code last_updated} whenever anything does.
     */
    synchronized EntityState update(String entityId, String state, Map<String, Object> changes) {
        EntityState old = states.get(entityId);
        var attributes = new LinkedHashMap<>(old.attributes());
        attributes.putAll(changes);
        boolean stateChanged = !old.state().equals(state);
        if (!stateChanged && attributes.equals(old.attributes())) {
            return old;
        }
        Instant now = clock.instant();
        var updated = new EntityState(
                entityId, state, attributes, stateChanged ? now : old.lastChanged(), now, newContextId());
        states.put(entityId, updated);
        return updated;
    }

    List<Device> devices() {
        return devices;
    }

    List<Area> areas() {
        return areas;
    }

    Optional<Area> areaOf(Device device) {
        return areas.stream().filter(a -> a.id().equals(device.areaId())).findFirst();
    }

    Optional<Floor> floorOf(Area area) {
        return floors.stream().filter(f -> f.id().equals(area.floorId())).findFirst();
    }

    /** The area called {@code name}, by id, name or alias, ignoring case, spaces and underscores. */
    Optional<Area> area(String name) {
        String wanted = normalise(name);
        return areas.stream()
                .filter(a -> matches(wanted, a.id(), a.name(), a.aliases()))
                .findFirst();
    }

    Optional<Floor> floor(String name) {
        String wanted = normalise(name);
        return floors.stream()
                .filter(f -> matches(wanted, f.id(), f.name(), f.aliases()))
                .findFirst();
    }

    /** Whether {@code device} is called {@code name} (its friendly name or an alias, as Home Assistant matches). */
    static boolean named(Device device, String name) {
        String wanted = normalise(name);
        return normalise(device.name()).equals(wanted)
                || device.aliases().stream().map(House::normalise).anyMatch(wanted::equals);
    }

    private static boolean matches(String wanted, String id, String name, List<String> aliases) {
        return normalise(id).equals(wanted)
                || normalise(name).equals(wanted)
                || aliases.stream().map(House::normalise).anyMatch(wanted::equals);
    }

    static String normalise(String text) {
        return Objects.requireNonNull(text)
                .toLowerCase(Locale.ROOT)
                .replace('_', ' ')
                .replaceAll("[^\\p{L}\\p{N} ]", "")
                .replaceAll("\\s+", " ")
                .strip();
    }

    /** A fresh context id in the shape of Home Assistant's (a 26-character ULID). */
    private String newContextId() {
        var id = new StringBuilder(26);
        long millis = clock.millis();
        for (int i = 9; i >= 0; i--) {
            id.append(ULID_ALPHABET[(int) (millis >>> (i * 5)) & 31]);
        }
        var random = ThreadLocalRandom.current();
        for (int i = 0; i < 16; i++) {
            id.append(ULID_ALPHABET[random.nextInt(32)]);
        }
        return id.toString();
    }

    static List<String> namesOf(Device device) {
        var names = new ArrayList<String>();
        names.add(device.name());
        names.addAll(device.aliases());
        return names;
    }
}
