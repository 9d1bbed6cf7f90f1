package dev.hamcp.bridge.runtime.secret;

import dev.hamcp.bridge.command.secret.MasterKeyring;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.runtime.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation's master keys: from configuration ({@code bridge.secrets.master-key}, so several
 * nodes share them), or managed in the data directory, readable by the owner only: the current key
 * in {@value #FILE_NAME}, and during a rotation the previous ones in {@value #RETIRED_FILE_NAME}.
 * Losing them makes every stored secret unreadable, so they belong in the backup of the data
 * directory (or of the configuration).
 */
final class MasterKeys implements Supplier<MasterKeyring> {

    static final String FILE_NAME = "secrets-master.key";
    static final String RETIRED_FILE_NAME = "secrets-master-retired.keys";
    private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);

    private final Path directory;
    private final List<byte[]> configuredRetired;
    private volatile MasterKeyring keyring;

    private MasterKeys(Path directory, MasterKeyring keyring, List<byte[]> configuredRetired) {
        this.directory = directory;
        this.keyring = keyring;
        this.configuredRetired = configuredRetired;
    }

    static MasterKeys load(SecretsProperties properties, DataDirectory dataDirectory) {
        var retired = new ArrayList<byte[]>();
        for (int i = 0; i < properties.retiredMasterKeys().size(); i++) {
            retired.add(decode(properties.retiredMasterKeys().get(i), "bridge.secrets.retired-master-keys[" + i + "]"));
        }
        if (properties.masterKeyConfigured()) {
            byte[] current = decode(properties.masterKey(), "bridge.secrets.master-key");
            return new MasterKeys(null, new MasterKeyring(current, retired), List.copyOf(retired));
        }
        Path directory = dataDirectory.root();
        var fromFiles = new ArrayList<>(readRetired(directory));
        fromFiles.addAll(retired);
        return new MasterKeys(directory, new MasterKeyring(readOrCreate(directory), fromFiles), List.copyOf(retired));
    }

    @Override
    public MasterKeyring get() {
        return keyring;
    }

    /** Whether the bridge keeps the key in its data directory, and so can make the next one itself. */
    boolean fileManaged() {
        return directory != null;
    }

    /**
     * Makes a fresh current key, keeping the current one as retired: first written to the retired
     * file, then the new key replaces the key file, so a crash at any point leaves every data key
     * unwrappable. Answers the new key's id.
     */
    synchronized String generateNext() {
        requireFileManaged();
        var retired = new ArrayList<>(readRetired(directory));
        retired.add(readKeyFile(directory.resolve(FILE_NAME)));
        writeAtomically(directory.resolve(RETIRED_FILE_NAME), encodeLines(retired));
        byte[] fresh = freshKey();
        writeAtomically(directory.resolve(FILE_NAME), Base64.getEncoder().encode(fresh));
        retired.addAll(configuredRetired);
        keyring = new MasterKeyring(fresh, retired);
        log.info(
                "Generated master key {}; the previous one is retired until its data keys are rewrapped",
                keyring.currentKeyId());
        return keyring.currentKeyId();
    }

    /** After a rotation: the retired keys in the data directory are needed no more. */
    synchronized void dropRetiredFiles() {
        requireFileManaged();
        try {
            Files.deleteIfExists(directory.resolve(RETIRED_FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the retired master keys", e);
        }
        keyring = new MasterKeyring(readKeyFile(directory.resolve(FILE_NAME)), configuredRetired);
    }

    private void requireFileManaged() {
        if (directory == null) {
            throw new IllegalStateException("The master key is configured, not kept in the data directory");
        }
    }

    private static byte[] readOrCreate(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return readKeyFile(file);
        }
        byte[] fresh = freshKey();
        writeAtomically(file, Base64.getEncoder().encode(fresh));
        log.info("Generated a new secrets master key in {}", file);
        return fresh;
    }

    private static byte[] readKeyFile(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the secrets master key " + file, e);
        }
    }

    private static List<byte[]> readRetired(Path directory) {
        Path file = directory.resolve(RETIRED_FILE_NAME);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty())
                    .map(line -> decode(line, file.toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the retired master keys " + file, e);
        }
    }

    private static byte[] freshKey() {
        byte[] fresh = new byte[SecretCipher.KEY_BYTES];
        new SecureRandom().nextBytes(fresh);
        return fresh;
    }

    private static byte[] encodeLines(List<byte[]> keys) {
        var text = new StringBuilder();
        keys.forEach(key -> text.append(Base64.getEncoder().encodeToString(key)).append('\n'));
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    // Written beside the target, owner-only, then moved over it: the old content or the new, never none.
    private static void writeAtomically(Path file, byte[] content) {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        DataDirectory.writeOwnerOnly(next, content);
        try {
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot replace " + file, e);
        }
    }

    // The message names where the key came from, never its content.
    private static byte[] decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (bytes.length != SecretCipher.KEY_BYTES) {
            throw new IllegalStateException(source + " must hold exactly " + SecretCipher.KEY_BYTES + " random bytes");
        }
        return bytes;
    }
}
