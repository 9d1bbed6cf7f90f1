package dev.hamcp.simulator;

/**
 * A tool call Home Assistant would refuse (nothing matched, nothing to control); answered as a
 * tool result with {@code isError: true}, worded as Home Assistant words it: {@code Error calling tool: ...}.
 */
final class ToolFailure extends RuntimeException {

    ToolFailure(String message) {
        super(message, null, false, false);
    }
}
