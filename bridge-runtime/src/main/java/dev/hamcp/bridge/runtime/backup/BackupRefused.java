package dev.hamcp.bridge.runtime.backup;

/** An archive that is damaged, altered or not this installation's, or a database a restore must not touch. */
public final class BackupRefused extends Exception {

    public BackupRefused(String message) {
        super(message, null, false, false);
    }
}
