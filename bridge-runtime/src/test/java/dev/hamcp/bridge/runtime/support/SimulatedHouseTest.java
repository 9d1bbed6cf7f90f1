package dev.hamcp.bridge.runtime.support;

import dev.hamcp.bridge.runtime.simulator.BuiltInSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base of the tests that drive MCP calls into the built-in simulator: each test gets a freshly
 * registered user's access token, and the shared house is put back as it was afterwards.
 */
public abstract class SimulatedHouseTest extends BridgeIntegrationTest {

    @Autowired
    protected BuiltInSimulator simulator;

    /** A freshly registered user's access token. */
    protected String token;

    @BeforeEach
    void logInAFreshUser() {
        token = api.login(api.newUser()).accessToken();
    }

    @AfterEach
    void resetTheHouse() {
        simulator.faults().reset();
        simulator.simulator().resetHouse();
    }
}
