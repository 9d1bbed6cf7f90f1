package dev.hamcp.bridge.runtime.simulator;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The built-in Home Assistant simulator ({@code bridge.simulator.*}): off unless asked for; the
 * README's run command (profile {@code demo}) turns it on.
 *
 * @param enabled serve the simulator at {@code /simulator/ha}
 * @param token the access token the simulator accepts; when empty, a random one is made at start
 */
@ConfigurationProperties("bridge.simulator")
public record SimulatorProperties(@DefaultValue("false") boolean enabled, String token) {

    @Override
    public String toString() {
        return "SimulatorProperties[enabled=" + enabled + "]";
    }
}
