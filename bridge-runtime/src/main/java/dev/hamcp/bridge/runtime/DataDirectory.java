package dev.hamcp.bridge.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the bridge keeps what must survive a restart: the embedded database, the signing key, the
 * first administrator's password file and the logs. Owner-only permissions throughout.
 */
@ConfigurationProperties("bridge")
public record DataDirectory(@DefaultValue("./data") Path dataDir) {

    public Path root() {
        return ensureDirectory(dataDir);
    }

    /** Writes a secret file readable by the owner only; the permissions are set before any byte is written. */
    public static void writeOwnerOnly(Path file, byte[] content) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, content);
        } catch (UnsupportedOperationException notPosix) {
            writePlain(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static void writePlain(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    /**
     * Creates {@code dir} if needed and makes it owner-only. Also applied to an existing directory:
     * logging creates {@code logs/} (and with it the data directory) before any of this code runs.
     */
    public static Path ensureDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // Not a POSIX file system: rely on the platform's defaults.
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + dir, e);
        }
    }
}
