package dev.hamcp.bridge.api.error;

import org.axonframework.commandhandling.CommandExecutionException;

/**
 * A refused command: the code for machines and a message for people. It travels as the details of
 * a {@link CommandExecutionException}, so it survives a distributed command bus unchanged.
 */
public record BusinessError(ErrorCode code, String message) {

    public CommandExecutionException asException() {
        return new CommandExecutionException(message, null, this);
    }

    public static CommandExecutionException reject(ErrorCode code, String message) {
        return new BusinessError(code, message).asException();
    }
}
