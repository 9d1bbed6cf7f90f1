package dev.hamcp.bridge.runtime;

import dev.hamcp.bridge.runtime.backup.BridgeCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The HA-MCP Bridge: one Spring Boot process hosting the command side, the query side and the gateway. */
@SpringBootApplication(scanBasePackages = "dev.hamcp.bridge")
@ConfigurationPropertiesScan("dev.hamcp.bridge.runtime")
public class BridgeApplication {

    public static void main(String[] args) {
        // Axon's update checker would otherwise write ~/.axoniq/.machine-id and call home.
        System.setProperty("axoniq.update-checker.disabled", "true");
        if (args.length > 0 && BridgeCommandLine.handles(args[0])) {
            System.exit(BridgeCommandLine.run(args));
        }
        SpringApplication.run(BridgeApplication.class, args);
    }
}
