package dev.hamcp.bridge.runtime.simulator;

import dev.hamcp.simulator.Faults;
import dev.hamcp.simulator.HomeAssistantSimulator;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The simulated Home Assistant this bridge serves at {@link #BASE_PATH}: what the upstream layer
 * needs to register it as a shared upstream (its base path and token), and the simulator itself
 * for tests that inject faults or read its state. Exists only when {@code bridge.simulator.enabled}.
 */
public final class BuiltInSimulator {

    /** The Home Assistant base URL's path on the bridge: REST under {@code /simulator/ha/api/...}. */
    public static final String BASE_PATH = "/simulator/ha";

    private final HomeAssistantSimulator simulator;
    private final String token;
    private final boolean tokenGenerated;

    BuiltInSimulator(SimulatorProperties properties) {
        this.tokenGenerated = properties.token() == null || properties.token().isBlank();
        this.token = tokenGenerated ? randomToken() : properties.token();
        this.simulator = new HomeAssistantSimulator(token);
    }

    /** The long-lived access token the simulator accepts, as a Home Assistant user would paste it. */
    public String token() {
        return token;
    }

    /** Whether {@link #token()} was made at start because none was configured. */
    public boolean tokenGenerated() {
        return tokenGenerated;
    }

    /** The simulator: its {@link HomeAssistantSimulator#faults() faults}, states and counters. */
    public HomeAssistantSimulator simulator() {
        return simulator;
    }

    public Faults faults() {
        return simulator.faults();
    }

    /** {@value #BASE_PATH}. */
    public String basePath() {
        return BASE_PATH;
    }

    /** {@code /simulator/ha/api/mcp}, the stateless MCP endpoint's path on the bridge. */
    public String mcpPath() {
        return BASE_PATH + "/api/mcp";
    }

    /** The Home Assistant base URL when the bridge listens on {@code port} of this machine. */
    public URI baseUrl(int port) {
        return URI.create("http://127.0.0.1:" + port + BASE_PATH);
    }

    @Override
    public String toString() {
        return "BuiltInSimulator[basePath=" + BASE_PATH + "]";
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
