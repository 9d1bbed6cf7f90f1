package dev.hamcp.simulator;

/** A request whose parameters do not fit the method or tool; answered with JSON-RPC error -32602. */
final class InvalidParams extends RuntimeException {

    InvalidParams(String message) {
        super(message, null, false, false);
    }
}
