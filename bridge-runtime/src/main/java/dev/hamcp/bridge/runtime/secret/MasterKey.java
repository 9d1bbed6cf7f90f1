package dev.hamcp.bridge.runtime.secret;

import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.runtime.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation's AES-256 master key: from configuration (so several nodes share it), or
 * generated once into the data directory, readable by the owner only. Losing it makes every
 * stored upstream token unreadable, so it belongs in the backup of the data directory.
 */
final class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);
    static final String FILE_NAME = "secrets-master.key";

    private MasterKey() {}

    static byte[] load(SecretsProperties properties, DataDirectory dataDirectory) {
        if (properties.masterKey() != null && !properties.masterKey().isBlank()) {
            return decode(properties.masterKey(), "bridge.secrets.master-key");
        }
        Path file = dataDirectory.root().resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
            }
            byte[] fresh = new byte[SecretCipher.KEY_BYTES];
            new SecureRandom().nextBytes(fresh);
            DataDirectory.writeOwnerOnly(file, Base64.getEncoder().encode(fresh));
            log.info("Generated a new secrets master key in {}", file);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the secrets master key " + file, e);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (bytes.length != SecretCipher.KEY_BYTES) {
            throw new IllegalStateException(source + " must hold exactly " + SecretCipher.KEY_BYTES + " random bytes");
        }
        return bytes;
    }
}
