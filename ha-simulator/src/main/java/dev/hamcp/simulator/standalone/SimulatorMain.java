package dev.hamcp.simulator.standalone;

import dev.hamcp.simulator.HomeAssistantSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * {@code java -jar ha-simulator/target/ha-simulator.jar --port 8123 --token secret}: a simulated
 * Home Assistant on 127.0.0.1 until the process is stopped.
 */
public final class SimulatorMain {

    static final String USAGE = "Usage: java -jar ha-simulator.jar [--port N (or HA_SIMULATOR_PORT; default 8123, 0 for"
            + " any free port)] [--token TOKEN (or HA_SIMULATOR_TOKEN; default a random one, printed once)]"
            + " [--name \"LOCATION NAME\"]";

    /** What the command line and environment ask for. */
    record Options(int port, String token, boolean tokenGenerated, String name, boolean help) {

        static Options parse(String[] args, Map<String, String> environment) {
            String port = environment.get("HA_SIMULATOR_PORT");
            String token = environment.get("HA_SIMULATOR_TOKEN");
            String name = HomeAssistantSimulator.DEFAULT_LOCATION_NAME;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (option.equals("--help") || option.equals("-h")) {
                    return new Options(0, null, false, name, true);
                }
                String value;
                if (arg.contains("=")) {
                    value = arg.substring(arg.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                switch (option) {
                    case "--port" -> port = value;
                    case "--token" -> token = value;
                    case "--name" -> name = value;
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            int portNumber = port == null || port.isBlank() ? 8123 : parsePort(port);
            boolean generated = token == null || token.isBlank();
            return new Options(portNumber, generated ? randomToken() : token, generated, name, false);
        }

        private static int parsePort(String port) {
            try {
                int number = Integer.parseInt(port.strip());
                if (number < 0 || number > 65535) {
                    throw new IllegalArgumentException("the port must be between 0 and 65535");
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the port must be a number: " + port);
            }
        }

        @Override
        public String toString() {
            return "Options[port=" + port + ", name=" + name + "]";
        }
    }

    private SimulatorMain() {}

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("ha-simulator: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(USAGE);
            return;
        }
        var simulator = new HomeAssistantSimulator(
                options.token(), options.name(), Clock.system(HomeAssistantSimulator.DEFAULT_TIME_ZONE));
        StandaloneServer server = StandaloneServer.start(simulator, options.token(), options.port());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "ha-simulator-shutdown"));
        announce(System.out, server, options);
    }

    static void announce(PrintStream out, StandaloneServer server, Options options) {
        out.println("Home Assistant simulator \"" + options.name() + "\" (" + HomeAssistantSimulator.VERSION + ") on "
                + server.baseUri() + ": REST at /api/, MCP at /api/mcp, faults at /_simulator/faults");
        if (options.tokenGenerated()) {
            out.println(
                    "Access token (shown once; set HA_SIMULATOR_TOKEN or --token to choose it): " + options.token());
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
