package dev.hamcp.bridge.runtime.audit.chain;

import dev.hamcp.bridge.runtime.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installation's Ed25519 key that signs audit checkpoints, kept like the master key: a 32-byte
 * seed from configuration ({@code bridge.audit.chain.signing-key}, so several nodes share it), or
 * generated once into the data directory as {@value #FILE_NAME}, readable by the owner only. The
 * key pair is derived from the seed with the JDK's own Ed25519 (RFC 8032), no other library.
 */
public final class CheckpointKey {

    static final String FILE_NAME = "audit-signing.key";
    private static final String BACKUP_MANIFEST_HEADER = "ha-mcp-bridge backup manifest v1\n";
    private static final int SEED_BYTES = 32;
    private static final Logger log = LoggerFactory.getLogger(CheckpointKey.class);

    private final KeyPair keyPair;
    private final String keyId;

    private CheckpointKey(byte[] seed) {
        this.keyPair = derive(seed);
        this.keyId = ChainRules.keyId(keyPair.getPublic());
    }

    static CheckpointKey load(AuditChainProperties properties, DataDirectory dataDirectory) {
        var found = existing(properties, dataDirectory.root());
        if (found.isPresent()) {
            return found.get();
        }
        Path file = dataDirectory.root().resolve(FILE_NAME);
        byte[] seed = new byte[SEED_BYTES];
        new SecureRandom().nextBytes(seed);
        DataDirectory.writeOwnerOnly(file, Base64.getEncoder().encode(seed));
        var key = new CheckpointKey(seed);
        log.info("Generated a new audit signing key {} in {}", key.keyId(), file);
        return key;
    }

    /**
     * The key this installation already has, without making one: what a restore checks an archive
     * against. Empty when neither configured nor kept in the data directory.
     */
    public static Optional<CheckpointKey> existing(AuditChainProperties properties, Path dataDir) {
        if (properties.signingKeyConfigured()) {
            return Optional.of(new CheckpointKey(decode(properties.signingKey(), "bridge.audit.chain.signing-key")));
        }
        Path file = dataDir.resolve(FILE_NAME);
        try {
            return Files.exists(file)
                    ? Optional.of(new CheckpointKey(
                            decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString())))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit signing key " + file, e);
        }
    }

    /**
     * Signs a backup archive's manifest (docs/backup.md). Only a text under the backup's own first
     * line is signed here, so that no manifest can ever pass for a checkpoint, nor one for the other.
     */
    public byte[] signBackupManifest(String text) {
        if (!text.startsWith(BACKUP_MANIFEST_HEADER)) {
            throw new IllegalArgumentException("Not a backup manifest");
        }
        return sign(text);
    }

    /** For tests and tools: the key of a known seed. */
    public static CheckpointKey of(byte[] seed) {
        return new CheckpointKey(seed);
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    public String keyId() {
        return keyId;
    }

    byte[] sign(String text) {
        try {
            var signature = Signature.getInstance("Ed25519");
            signature.initSign(keyPair.getPrivate());
            signature.update(text.getBytes(StandardCharsets.UTF_8));
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign an audit checkpoint", e);
        }
    }

    /** The JDK's generator takes the RFC 8032 private key (the seed) from its random source: give it the seed. */
    private static KeyPair derive(byte[] seed) {
        var fixed = new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                if (bytes.length != SEED_BYTES) {
                    throw new IllegalStateException("Ed25519 asked for " + bytes.length + " bytes of seed");
                }
                System.arraycopy(seed, 0, bytes, 0, SEED_BYTES);
            }
        };
        try {
            var generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, fixed);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot make Ed25519 keys", e);
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
        if (bytes.length != SEED_BYTES) {
            throw new IllegalStateException(source + " must hold exactly " + SEED_BYTES + " random bytes");
        }
        return bytes;
    }
}
