package dev.hamcp.bridge.command.secret;

/**
 * A sealed secret cannot be opened here: its data key was destroyed with its owner, is wrapped under
 * a master key this bridge does not hold, or the secret was altered. The message names keys by id
 * only, so it is safe to log.
 */
public final class SecretUnavailableException extends IllegalStateException {

    SecretUnavailableException(String message) {
        super(message);
    }
}
