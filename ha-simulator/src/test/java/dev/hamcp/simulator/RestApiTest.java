package dev.hamcp.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class RestApiTest {

    private final HomeAssistantSimulator simulator = new HomeAssistantSimulator(Mcp.TOKEN);

    private Response get(String path) {
        return simulator.handle(Request.get(path).bearer(Mcp.TOKEN));
    }

    @Test
    void theApiRootSaysItIsRunning() {
        Response response = get("/api/");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(Mcp.read(response).get("message").asText()).isEqualTo("API running.");
    }

    @Test
    void theConfigurationNamesTheVersionTheHomeAndTheMcpServerComponent() {
        JsonNode config = Mcp.read(get("/api/config"));

        assertThat(config.get("version").asText()).isEqualTo(HomeAssistantSimulator.VERSION);
        assertThat(config.get("location_name").asText()).isEqualTo("Simulated Home");
        assertThat(config.get("time_zone").asText()).isEqualTo("Europe/Amsterdam");
        assertThat(config.get("unit_system").get("temperature").asText()).isEqualTo("°C");
        var components = new ArrayList<String>();
        config.get("components").forEach(c -> components.add(c.asText()));
        assertThat(components).contains("mcp_server", "api", "light", "lock");
    }

    @Test
    void statesListEveryEntityInHomeAssistantsShape() {
        JsonNode states = Mcp.read(get("/api/states"));

        var ids = new ArrayList<String>();
        states.forEach(s -> ids.add(s.get("entity_id").asText()));
        assertThat(ids)
                .contains(
                        "light.kitchen",
                        "light.living_room",
                        "switch.coffee_maker",
                        "lock.front_door",
                        "sensor.outdoor_temperature",
                        "binary_sensor.hallway_motion");
        JsonNode kitchen = states.get(ids.indexOf("light.kitchen"));
        assertThat(kitchen.get("state").asText()).isEqualTo("off");
        assertThat(kitchen.get("attributes").get("friendly_name").asText()).isEqualTo("Kitchen Light");
        assertThat(kitchen.get("last_changed").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
        assertThat(kitchen.get("last_updated").asText()).isNotBlank();
        assertThat(kitchen.get("context").get("id").asText()).hasSize(26);
        JsonNode temperature = states.get(ids.indexOf("sensor.outdoor_temperature"));
        assertThat(temperature.get("state").asText()).isEqualTo("12.5");
        assertThat(temperature.get("attributes").get("unit_of_measurement").asText())
                .isEqualTo("°C");
        assertThat(states.get(ids.indexOf("light.living_room"))
                        .get("attributes")
                        .get("brightness")
                        .asInt())
                .isEqualTo(128);
    }

    @Test
    void oneStateIsReadByItsEntityIdAndAnUnknownOneIsNotFound() {
        assertThat(Mcp.read(get("/api/states/lock.front_door")).get("state").asText())
                .isEqualTo("locked");

        Response unknown = get("/api/states/light.garage");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(Mcp.read(unknown).get("message").asText()).isEqualTo("Entity not found.");
    }

    @Test
    void aMissingOrWrongTokenIsUnauthorizedAndCountedAsAFailedLogin() {
        Response missing = simulator.handle(Request.get("/api/states"));
        Response wrong = simulator.handle(Request.get("/api/states").bearer("not-the-token"));
        Response wrongOnMcp = simulator.handle(Request.post("/api/mcp", "{}")
                .header("Accept", "application/json")
                .bearer("not-the-token"));

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.bodyText()).isEqualTo("401: Unauthorized");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrongOnMcp.status()).isEqualTo(401);
        assertThat(simulator.rejectedAuthentications()).isEqualTo(3);
        assertThat(get("/api/").status()).isEqualTo(200);
        assertThat(simulator.rejectedAuthentications()).isEqualTo(3);
    }

    @Test
    void unknownPathsAreNotFoundAndWrongMethodsNotAllowed() {
        assertThat(get("/api/services/light/turn_on").status()).isEqualTo(404);
        assertThat(get("/").status()).isEqualTo(404);

        Response post = simulator.handle(Request.post("/api/states", "{}").bearer(Mcp.TOKEN));
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).contains("GET");
        assertThat(post.bodyText()).isEqualTo("405: Method Not Allowed");
    }

    @Test
    void aQueryStringDoesNotChangeTheRoute() {
        assertThat(get("/api/states?foo=bar").status()).isEqualTo(200);
    }
}
