package dev.hamcp.simulator.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.simulator.standalone.SimulatorMain.Options;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    @Test
    void withoutOptionsItServesPort8123WithARandomTokenItWillPrintOnce() {
        Options options = Options.parse(new String[0], Map.of());

        assertThat(options.port()).isEqualTo(8123);
        assertThat(options.tokenGenerated()).isTrue();
        assertThat(options.token()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Options.parse(new String[0], Map.of()).token()).isNotEqualTo(options.token());
    }

    @Test
    void theEnvironmentSetsPortAndTokenAndTheCommandLineWins() {
        Map<String, String> environment = Map.of("HA_SIMULATOR_PORT", "9000", "HA_SIMULATOR_TOKEN", "from-env");

        Options fromEnvironment = Options.parse(new String[0], environment);
        Options fromArguments =
                Options.parse(new String[] {"--port", "9123", "--token=secret", "--name", "Beach House"}, environment);

        assertThat(fromEnvironment.port()).isEqualTo(9000);
        assertThat(fromEnvironment.token()).isEqualTo("from-env");
        assertThat(fromEnvironment.tokenGenerated()).isFalse();
        assertThat(fromArguments.port()).isEqualTo(9123);
        assertThat(fromArguments.token()).isEqualTo("secret");
        assertThat(fromArguments.name()).isEqualTo("Beach House");
        assertThat(fromArguments.toString()).doesNotContain("secret");
    }

    @Test
    void helpAsksForTheUsageLine() {
        assertThat(Options.parse(new String[] {"--help"}, Map.of()).help()).isTrue();
        assertThat(SimulatorMain.USAGE)
                .startsWith("Usage: java -jar ha-simulator.jar")
                .doesNotContain("\n");
    }

    @Test
    void badOptionsAreRefusedWithAReason() {
        assertThatThrownBy(() -> Options.parse(new String[] {"--port", "http"}, Map.of()))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> Options.parse(new String[] {"--port", "70000"}, Map.of()))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> Options.parse(new String[] {"--colour", "red"}, Map.of()))
                .hasMessageContaining("--colour");
        assertThatThrownBy(() -> Options.parse(new String[] {"--token"}, Map.of()))
                .hasMessageContaining("needs a value");
    }
}
