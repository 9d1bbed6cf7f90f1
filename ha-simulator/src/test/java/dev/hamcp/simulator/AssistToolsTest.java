package dev.hamcp.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssistToolsTest {

    private final MutableClock clock =
            new MutableClock(Instant.parse("2026-11-05T13:03:00Z"), ZoneId.of("Europe/Amsterdam"));
    private final HomeAssistantSimulator simulator = new HomeAssistantSimulator(Mcp.TOKEN, "Test Home", clock);
    private final Mcp mcp = new Mcp(simulator);

    private String state(String entityId) {
        return simulator.state(entityId).orElseThrow().state();
    }

    private Object attribute(String entityId, String name) {
        return simulator.state(entityId).orElseThrow().attribute(name);
    }

    private static List<String> ids(JsonNode document, String type) {
        var ids = new ArrayList<String>();
        document.get("data").get("success").forEach(target -> {
            if (target.get("type").asText().equals(type)) {
                ids.add(target.get("id").asText());
            }
        });
        return ids;
    }

    @Test
    void turningOnALightByNameSwitchesItOnAndSaysSo() {
        Instant before = simulator.state("light.kitchen").orElseThrow().lastChanged();
        clock.advance(Duration.ofMinutes(1));

        JsonNode document = mcp.document("HassTurnOn", Map.of("name", "Kitchen Light"));

        assertThat(document.get("response_type").asText()).isEqualTo("action_done");
        assertThat(document.get("speech").get("plain").get("speech").asText()).isEqualTo("Turned on Kitchen Light");
        JsonNode success = document.get("data").get("success");
        assertThat(success).hasSize(1);
        assertThat(success.get(0).get("name").asText()).isEqualTo("Kitchen Light");
        assertThat(success.get(0).get("type").asText()).isEqualTo("entity");
        assertThat(success.get(0).get("id").asText()).isEqualTo("light.kitchen");
        assertThat(document.get("data").get("failed")).isEmpty();
        assertThat(state("light.kitchen")).isEqualTo("on");
        assertThat(attribute("light.kitchen", "brightness")).isEqualTo(255);
        assertThat(simulator.state("light.kitchen").orElseThrow().lastChanged()).isAfter(before);
        assertThat(simulator.mcpRequests("tools/call")).isEqualTo(1);
    }

    @Test
    void namesMatchIgnoringCaseAndAliasesCountToo() {
        mcp.document("HassTurnOn", Map.of("name", "coffee machine"));

        assertThat(state("switch.coffee_maker")).isEqualTo("on");
    }

    @Test
    void turningOffAnAreaTurnsOffItsLightsAndSwitchesButNeverUnlocksTheDoor() {
        mcp.document("HassTurnOn", Map.of("area", "Kitchen"));
        assertThat(state("light.kitchen")).isEqualTo("on");
        assertThat(state("switch.coffee_maker")).isEqualTo("on");

        JsonNode document = mcp.document("HassTurnOff", Map.of("area", "Hallway", "domain", List.of("lock", "light")));
        assertThat(document.get("data").get("success").get(0).get("type").asText())
                .isEqualTo("area");
        assertThat(state("lock.front_door")).isEqualTo("unlocked");

        mcp.document("HassTurnOn", Map.of("name", "Front Door"));
        String error = mcp.error("HassTurnOff", Map.of("area", "hallway"));
        assertThat(error).startsWith("Error calling tool: ").contains("can be turned off");
        assertThat(state("lock.front_door")).isEqualTo("locked");
    }

    @Test
    void aFloorTargetsEveryAreaOnIt() {
        JsonNode document = mcp.document("HassTurnOn", Map.of("floor", "Ground Floor", "domain", List.of("light")));

        assertThat(ids(document, "floor")).containsExactly("ground_floor");
        assertThat(ids(document, "entity")).containsExactly("light.kitchen", "light.living_room");
        assertThat(state("light.bedroom")).isEqualTo("off");

        mcp.document("HassTurnOn", Map.of("floor", "upstairs"));
        assertThat(state("light.bedroom")).isEqualTo("on");
    }

    @Test
    void domainAndDeviceClassNarrowTheMatch() {
        JsonNode document = mcp.document("HassTurnOn", Map.of("area", "kitchen", "device_class", List.of("outlet")));

        assertThat(ids(document, "entity")).containsExactly("switch.coffee_maker");
        assertThat(state("light.kitchen")).isEqualTo("off");

        document = mcp.document("HassTurnOn", Map.of("area", "kitchen", "domain", "light"));
        assertThat(ids(document, "entity")).containsExactly("light.kitchen");
    }

    @Test
    void turnOnLocksAndTurnOffUnlocksANamedLock() {
        JsonNode unlocked = mcp.document("HassTurnOff", Map.of("name", "Front Door"));
        assertThat(unlocked.get("speech").get("plain").get("speech").asText()).isEqualTo("Unlocked Front Door");
        assertThat(state("lock.front_door")).isEqualTo("unlocked");

        mcp.document("HassTurnOn", Map.of("name", "front door"));
        assertThat(state("lock.front_door")).isEqualTo("locked");
    }

    @Test
    void toggleFlipsALightOrSwitch() {
        mcp.document("HassToggle", Map.of("name", "Living Room Lamp"));
        assertThat(state("light.living_room")).isEqualTo("off");

        mcp.document("HassToggle", Map.of("name", "Living Room Lamp"));
        assertThat(state("light.living_room")).isEqualTo("on");
    }

    @Test
    void lightSetTakesBrightnessAsAPercentageAndZeroTurnsTheLightOff() {
        mcp.document("HassLightSet", Map.of("name", "Kitchen Light", "brightness", 50));
        assertThat(state("light.kitchen")).isEqualTo("on");
        assertThat(attribute("light.kitchen", "brightness")).isEqualTo(128);

        mcp.document("HassLightSet", Map.of("name", "Kitchen Light", "brightness", "100"));
        assertThat(attribute("light.kitchen", "brightness")).isEqualTo(255);

        mcp.document("HassLightSet", Map.of("name", "Kitchen Light", "brightness", 0));
        assertThat(state("light.kitchen")).isEqualTo("off");
        assertThat(attribute("light.kitchen", "brightness")).isNull();
    }

    @Test
    void lightSetChangesColourAndColourTemperature() {
        mcp.document("HassLightSet", Map.of("name", "Living Room Lamp", "color", "Red"));
        assertThat(attribute("light.living_room", "color_mode")).isEqualTo("rgb");
        assertThat(attribute("light.living_room", "rgb_color")).isEqualTo(List.of(255, 0, 0));

        mcp.document("HassLightSet", Map.of("area", "Living Room", "temperature", 4000));
        assertThat(attribute("light.living_room", "color_mode")).isEqualTo("color_temp");
        assertThat(attribute("light.living_room", "color_temp_kelvin")).isEqualTo(4000);
    }

    @Test
    void aTargetThatMatchesNothingIsAnErrorResultWordedLikeHomeAssistant() {
        assertThat(mcp.error("HassTurnOn", Map.of("name", "Garage Light")))
                .isEqualTo("Error calling tool: No device or entity named 'Garage Light'");
        assertThat(mcp.error("HassTurnOn", Map.of("area", "Attic")))
                .isEqualTo("Error calling tool: Area 'Attic' does not exist");
        assertThat(mcp.error("HassTurnOn", Map.of("name", "Kitchen Light", "area", "Bedroom")))
                .isEqualTo("Error calling tool: 'Kitchen Light' is not in the Bedroom");
        assertThat(mcp.error("HassTurnOn", Map.of("name", "Outdoor Temperature")))
                .contains("Outdoor Temperature")
                .contains("can be turned on");
        assertThat(mcp.error("HassLightSet", Map.of("name", "Coffee Maker", "brightness", 20)))
                .contains("can be set");
        assertThat(mcp.error("HassTurnOff", Map.of())).contains("cannot target all devices");
    }

    @Test
    void unknownToolsAndArgumentsThatDoNotFitTheSchemaAreInvalidParams() {
        List<Map<String, Object>> calls = List.of(
                Map.of("name", "HassOpenPodBayDoors", "arguments", Map.of()),
                Map.of("name", "HassLightSet", "arguments", Map.of("name", "Kitchen Light", "brightness", 150)),
                Map.of("name", "HassLightSet", "arguments", Map.of("name", "Kitchen Light", "color", "infrared")),
                Map.of("name", "HassTurnOn", "arguments", Map.of("name", 42)),
                Map.of("name", "HassTurnOn", "arguments", Map.of("name", "Kitchen Light", "colour", "red")),
                Map.of("name", "HassTurnOn", "arguments", List.of("Kitchen Light")),
                Map.of("name", "HassTurnOn", "arguments", Map.of("domain", Map.of("light", true))));
        for (Map<String, Object> params : calls) {
            JsonNode response = mcp.request("tools/call", params);

            assertThat(response.has("result")).as(params.toString()).isFalse();
            assertThat(response.get("error").get("code").asInt())
                    .as(params.toString())
                    .isEqualTo(-32602);
        }
        assertThat(state("light.kitchen")).isEqualTo("off");
    }

    @Test
    void getLiveContextListsEveryStateAsText() {
        mcp.document("HassTurnOn", Map.of("name", "Kitchen Light"));

        JsonNode document = mcp.document("GetLiveContext", Map.of());

        assertThat(document.get("success").asBoolean()).isTrue();
        String overview = document.get("result").asText();
        assertThat(overview).startsWith("Live Context: An overview of the areas and the devices in this smart home:\n");
        assertThat(overview)
                .contains(
                        "- names: Kitchen Light\n  domain: light\n  state: 'on'\n  areas: Kitchen\n  attributes:\n    brightness: '255'\n")
                .contains("- names: Front Door\n  domain: lock\n  state: locked\n  areas: Hallway, Entrance\n")
                .contains("state: '12.5'")
                .contains("unit_of_measurement: °C");
    }

    @Test
    void getLiveContextFiltersByNameAreaAndDomain() {
        String kitchen = mcp.document("GetLiveContext", Map.of("area", "Kitchen"))
                .get("result")
                .asText();
        assertThat(kitchen).contains("Kitchen Light").contains("Coffee Maker").doesNotContain("Front Door");

        String lights = mcp.document("GetLiveContext", Map.of("domain", List.of("light")))
                .get("result")
                .asText();
        assertThat(lights).contains("Bedroom Light").doesNotContain("Coffee Maker");

        String one = mcp.document("GetLiveContext", Map.of("name", "hallway motion", "domain", "binary_sensor"))
                .get("result")
                .asText();
        assertThat(one).contains("Hallway Motion").doesNotContain("Front Door");
    }

    @Test
    void getLiveContextSaysWhichFilterMatchedNothing() {
        JsonNode noArea = mcp.document("GetLiveContext", Map.of("area", "Attic"));
        JsonNode noName = mcp.document("GetLiveContext", Map.of("name", "Garage Light"));
        JsonNode noDomain = mcp.document("GetLiveContext", Map.of("area", "Garden", "domain", "lock"));

        assertThat(noArea.get("success").asBoolean()).isFalse();
        assertThat(noArea.get("error").asText()).isEqualTo("Area 'Attic' does not exist");
        assertThat(noName.get("error").asText()).isEqualTo("No exposed entities matched name 'Garage Light'");
        assertThat(noDomain.get("error").asText()).isEqualTo("No exposed entities found in domain(s): lock");
    }

    @Test
    void getDateTimeTellsTheHomesLocalDateTimeAndWeekday() {
        JsonNode result = mcp.document("GetDateTime", Map.of()).get("result");

        assertThat(result.get("date").asText()).isEqualTo("2026-11-05");
        assertThat(result.get("time").asText()).isEqualTo("14:03:00");
        assertThat(result.get("timezone").asText()).isEqualTo("CET");
        assertThat(result.get("weekday").asText()).isEqualTo("Thursday");
    }

    @Test
    void resettingTheHouseRestoresTheFirstStates() {
        mcp.document("HassTurnOff", Map.of("name", "Front Door"));

        simulator.resetHouse();

        assertThat(state("lock.front_door")).isEqualTo("locked");
    }

    /** A clock the test moves forward, so changed timestamps can be told apart. */
    private static final class MutableClock extends Clock {

        private Instant now;
        private final ZoneId zone;

        MutableClock(Instant now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new MutableClock(now, zone == null ? ZoneOffset.UTC : zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
