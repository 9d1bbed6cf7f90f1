package dev.hamcp.simulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entity's state as Home Assistant's REST API shows it.
 *
 * @param entityId {@code domain.object_id}, such as {@code light.kitchen}
 * @param state the state string ({@code on}, {@code off}, {@code locked}, {@code 12.5}, ...)
 * @param attributes {@code friendly_name} and the domain's attributes; values may be null, as in Home Assistant
 * @param lastChanged when {@code state} last changed
 * @param lastUpdated when the state or an attribute last changed
 * @param contextId the id of the change that produced this state
 */
public record EntityState(
        String entityId,
        String state,
        Map<String, Object> attributes,
        Instant lastChanged,
        Instant lastUpdated,
        String contextId) {

    public EntityState {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public String domain() {
        return entityId.substring(0, entityId.indexOf('.'));
    }

    public String friendlyName() {
        return String.valueOf(attributes.get("friendly_name"));
    }

    /** The attribute's value, or null when absent. */
    public Object attribute(String name) {
        return attributes.get(name);
    }
}
