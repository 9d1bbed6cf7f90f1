package dev.hamcp.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one JSON mapper of the simulator, and Home Assistant's way of writing states and times. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /** {@code 2026-11-05T14:03:00.123456+00:00}, as Home Assistant writes times. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses a request body; throws {@link IOException} when it is not JSON. */
    static JsonNode parse(byte[] body) throws IOException {
        if (body.length == 0) {
            throw new IOException("empty body");
        }
        JsonNode node = MAPPER.readTree(body);
        if (node == null || node.isMissingNode()) {
            throw new IOException("empty body");
        }
        return node;
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** A state object as {@code GET /api/states} lists it. */
    static ObjectNode state(EntityState state) {
        ObjectNode node = object();
        node.put("entity_id", state.entityId());
        node.put("state", state.state());
        node.set("attributes", MAPPER.valueToTree(state.attributes()));
        node.put("last_changed", time(state.lastChanged()));
        node.put("last_reported", time(state.lastUpdated()));
        node.put("last_updated", time(state.lastUpdated()));
        ObjectNode context = node.putObject("context");
        context.put("id", state.contextId());
        context.putNull("parent_id");
        context.putNull("user_id");
        return node;
    }
}
