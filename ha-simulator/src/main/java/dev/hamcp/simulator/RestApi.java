package dev.hamcp.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.util.List;

/** Home Assistant's REST API, the part the bridge reads: {@code /api/}, {@code /api/config}, {@code /api/states}. */
final class RestApi {

    static final List<String> COMPONENTS = List.of(
            "api",
            "auth",
            "binary_sensor",
            "config",
            "conversation",
            "frontend",
            "homeassistant",
            "http",
            "intent",
            "light",
            "lock",
            "mcp_server",
            "sensor",
            "switch",
            "websocket_api");

    private final House house;
    private final String version;
    private final String locationName;
    private final ZoneId timeZone;

    RestApi(House house, String version, String locationName, ZoneId timeZone) {
        this.house = house;
        this.version = version;
        this.locationName = locationName;
        this.timeZone = timeZone;
    }

    Response root() {
        ObjectNode body = Json.object();
        body.put("message", "API running.");
        return Response.json(200, Json.bytes(body));
    }

    Response config() {
        ObjectNode body = Json.object();
        body.put("latitude", 52.3731);
        body.put("longitude", 4.8922);
        body.put("elevation", 0);
        body.put("radius", 100);
        ObjectNode units = body.putObject("unit_system");
        units.put("length", "km");
        units.put("accumulated_precipitation", "mm");
        units.put("area", "m²");
        units.put("mass", "g");
        units.put("pressure", "Pa");
        units.put("temperature", "°C");
        units.put("volume", "L");
        units.put("wind_speed", "m/s");
        body.put("location_name", locationName);
        body.put("time_zone", timeZone.getId());
        ArrayNode components = body.putArray("components");
        COMPONENTS.forEach(components::add);
        body.put("config_dir", "/config");
        body.putArray("allowlist_external_dirs");
        body.putArray("allowlist_external_urls");
        body.put("version", version);
        body.put("config_source", "storage");
        body.put("recovery_mode", false);
        body.put("state", "RUNNING");
        body.putNull("external_url");
        body.putNull("internal_url");
        body.put("currency", "EUR");
        body.put("country", "NL");
        body.put("language", "en");
        body.put("safe_mode", false);
        body.put("debug", false);
        return Response.json(200, Json.bytes(body));
    }

    Response states() {
        ArrayNode body = Json.array();
        house.states().forEach(state -> body.add(Json.state(state)));
        return Response.json(200, Json.bytes(body));
    }

    Response state(String entityId) {
        return house.state(entityId)
                .map(state -> Response.json(200, Json.bytes(Json.state(state))))
                .orElseGet(() -> {
                    ObjectNode body = Json.object();
                    body.put("message", "Entity not found.");
                    return Response.json(404, Json.bytes(body));
                });
    }
}
