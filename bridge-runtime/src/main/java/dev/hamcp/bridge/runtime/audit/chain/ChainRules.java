package dev.hamcp.bridge.runtime.audit.chain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The hashing rules of the audit chain, its Merkle tree and its checkpoints, exactly as
 * docs/audit.md writes them down: the one piece of code the chain writer and the verifier share,
 * so that anyone can re-implement either from the document alone. Pure functions, no I/O.
 */
public final class ChainRules {

    /** The hash before the first entry. */
    public static final byte[] GENESIS = new byte[32];

    public static final int HASH_BYTES = 32;
    static final byte EVENT = 'E';
    static final byte GAP = 'G';
    private static final byte[] ROW_DOMAIN = "ha-mcp-bridge audit row v1".getBytes(StandardCharsets.UTF_8);
    private static final String CHECKPOINT_HEADER = "ha-mcp-bridge audit checkpoint v1";
    private static final DateTimeFormatter ISSUED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int NULL_LENGTH = -1;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ChainRules::newDigest);

    private ChainRules() {}

    /** One row of {@code domain_event_entry} as stored: the columns the chain covers. */
    public record StoredRow(
            long globalIndex,
            String aggregateIdentifier,
            long sequenceNumber,
            String type,
            String eventIdentifier,
            String payloadType,
            String payloadRevision,
            byte[] payload,
            byte[] metaData,
            String timeStamp) {}

    /**
     * SHA-256 over the row's columns except its position, each length-prefixed (4 bytes, big
     * endian; -1 for NULL), strings in UTF-8, the sequence number as 8 bytes big endian. The
     * position is left out so that a row moved to another position is recognised there.
     */
    public static byte[] rowDigest(StoredRow row) {
        var digest = SHA256.get();
        digest.reset();
        field(digest, ROW_DOMAIN);
        field(digest, utf8(row.aggregateIdentifier()));
        field(digest, ByteBuffer.allocate(8).putLong(row.sequenceNumber()).array());
        field(digest, utf8(row.type()));
        field(digest, utf8(row.eventIdentifier()));
        field(digest, utf8(row.payloadType()));
        field(digest, utf8(row.payloadRevision()));
        field(digest, row.payload());
        field(digest, row.metaData());
        field(digest, utf8(row.timeStamp()));
        return digest.digest();
    }

    /** The chain hash of an event entry: SHA-256('E' || previous || position (8 bytes) || row digest). */
    public static byte[] eventHash(byte[] previous, long position, byte[] rowDigest) {
        return sha256(ByteBuffer.allocate(1 + HASH_BYTES + 8 + HASH_BYTES)
                .put(EVENT)
                .put(previous)
                .putLong(position)
                .put(rowDigest)
                .array());
    }

    /** The chain hash of a gap entry: SHA-256('G' || previous || first position || last position). */
    public static byte[] gapHash(byte[] previous, long firstPosition, long lastPosition) {
        return sha256(ByteBuffer.allocate(1 + HASH_BYTES + 16)
                .put(GAP)
                .put(previous)
                .putLong(firstPosition)
                .putLong(lastPosition)
                .array());
    }

    /** The Merkle leaf of an event entry: 'E' || position || row digest || chain hash. */
    public static byte[] eventLeaf(long position, byte[] rowDigest, byte[] chainHash) {
        return ByteBuffer.allocate(1 + 8 + HASH_BYTES + HASH_BYTES)
                .put(EVENT)
                .putLong(position)
                .put(rowDigest)
                .put(chainHash)
                .array();
    }

    /** The Merkle leaf of a gap entry: 'G' || first position || last position || chain hash. */
    public static byte[] gapLeaf(long firstPosition, long lastPosition, byte[] chainHash) {
        return ByteBuffer.allocate(1 + 16 + HASH_BYTES)
                .put(GAP)
                .putLong(firstPosition)
                .putLong(lastPosition)
                .put(chainHash)
                .array();
    }

    /** RFC 9162, 2.1.1: SHA-256(0x00 || leaf). */
    public static byte[] leafHash(byte[] leaf) {
        var digest = SHA256.get();
        digest.reset();
        digest.update((byte) 0x00);
        return digest.digest(leaf);
    }

    /** RFC 9162, 2.1.1: SHA-256(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        var digest = SHA256.get();
        digest.reset();
        digest.update((byte) 0x01);
        digest.update(left);
        return digest.digest(right);
    }

    /** RFC 9162, 2.1.1: the root of the empty tree. */
    public static byte[] emptyRoot() {
        return sha256(new byte[0]);
    }

    /**
     * The text a checkpoint's Ed25519 signature covers: six lines, each ending in a line feed,
     * hashes in standard base64 with padding, the time in UTC with milliseconds.
     */
    public static String checkpointText(
            long treeSize, byte[] rootHash, byte[] headHash, long headPosition, Instant issuedAt) {
        return CHECKPOINT_HEADER + "\n"
                + "tree-size " + treeSize + "\n"
                + "root " + base64(rootHash) + "\n"
                + "head " + base64(headHash) + "\n"
                + "head-position " + headPosition + "\n"
                + "issued-at " + timeText(issuedAt) + "\n";
    }

    /** A checkpoint's time as its signed text writes it. */
    public static String timeText(Instant issuedAt) {
        return ISSUED_AT.format(issuedAt);
    }

    /** A checkpoint's time as it is signed: milliseconds, so that it reads back exactly. */
    public static Instant signedTime(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }

    /** The raw 32 bytes of an Ed25519 public key, from its X.509 (SubjectPublicKeyInfo) form. */
    public static byte[] rawPublicKey(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
    }

    /** A key's id: the first 8 bytes of SHA-256 over its raw 32 bytes, in lower-case hex. */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(Arrays.copyOf(sha256(rawPublicKey(key)), 8));
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void field(MessageDigest digest, byte[] value) {
        int length = value == null ? NULL_LENGTH : value.length;
        digest.update((byte) (length >>> 24));
        digest.update((byte) (length >>> 16));
        digest.update((byte) (length >>> 8));
        digest.update((byte) length);
        if (value != null) {
            digest.update(value);
        }
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] bytes) {
        var digest = SHA256.get();
        digest.reset();
        return digest.digest(bytes);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
