package dev.hamcp.bridge.runtime.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class SimulatorPropertiesTest {

    @Test
    void theSimulatorIsOffUnlessAskedFor() {
        SimulatorProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isFalse();
    }

    @Test
    void theEnvironmentTurnsItOnWithAChosenTokenThatIsNeverPrinted() {
        SimulatorProperties properties =
                bind(Map.of("BRIDGE_SIMULATOR_ENABLED", "true", "BRIDGE_SIMULATOR_TOKEN", "chosen-token"));
        var builtIn = new BuiltInSimulator(properties);

        assertThat(properties.enabled()).isTrue();
        assertThat(builtIn.token()).isEqualTo("chosen-token");
        assertThat(builtIn.tokenGenerated()).isFalse();
        assertThat(properties.toString()).doesNotContain("chosen-token");
        assertThat(builtIn.toString()).doesNotContain("chosen-token");
    }

    @Test
    void withoutATokenARandomOneIsMadeAtStart() {
        var first = new BuiltInSimulator(bind(Map.of("BRIDGE_SIMULATOR_ENABLED", "true")));
        var second =
                new BuiltInSimulator(bind(Map.of("BRIDGE_SIMULATOR_ENABLED", "true", "BRIDGE_SIMULATOR_TOKEN", "")));

        assertThat(first.tokenGenerated()).isTrue();
        assertThat(first.token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(first.basePath()).isEqualTo("/simulator/ha");
        assertThat(first.mcpPath()).isEqualTo("/simulator/ha/api/mcp");
    }

    private static SimulatorProperties bind(Map<String, Object> variables) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env", variables));
        return new Binder(ConfigurationPropertySources.from(environment.getPropertySources()))
                .bindOrCreate("bridge.simulator", SimulatorProperties.class);
    }
}
