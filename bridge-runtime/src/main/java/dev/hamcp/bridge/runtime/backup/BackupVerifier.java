package dev.hamcp.bridge.runtime.backup;

import com.fasterxml.jackson.core.JacksonException;
import dev.hamcp.bridge.runtime.audit.chain.ChainRules;
import dev.hamcp.bridge.runtime.audit.chain.ChainRules.StoredRow;
import dev.hamcp.bridge.runtime.audit.verify.RootAccumulator;
import dev.hamcp.bridge.runtime.backup.BackupFormat.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * Checks an archive against the installation's public checkpoint key before anything is written:
 * the manifest's signature, the body's and each section's SHA-256, and, from the events alone, the
 * whole chain and its Merkle root recomputed and compared with the signed checkpoint the archive
 * was cut at (the trust anchor) and with the chain the archive carries. One pass, one row in
 * memory; any changed byte fails one of these checks.
 */
public final class BackupVerifier {

    /** An archive that passed: its manifest, and what the restore's second reading must find again. */
    public record Verified(Manifest manifest, String bodySha256, byte[] manifestBytes, byte[] signature) {}

    private BackupVerifier() {}

    public static Verified verify(Path archive, PublicKey trusted) throws IOException, BackupRefused {
        try (var in = Files.newInputStream(archive)) {
            return verify(in, trusted);
        }
    }

    public static Verified verify(InputStream in, PublicKey trusted) throws IOException, BackupRefused {
        var chain = new Recomputed();
        ArchiveReader.Ending ending;
        try {
            ending = ArchiveReader.read(in, chain);
        } catch (SQLException e) {
            throw new IllegalStateException("The verifier writes nothing", e);
        }
        var manifest = signedManifest(ending, trusted);
        sections(ending, manifest);
        if (chain.problem != null) {
            throw chain.problem;
        }
        anchor(manifest, trusted, chain);
        return new Verified(manifest, ending.bodySha256(), ending.manifest(), ending.signature());
    }

    private static Manifest signedManifest(ArchiveReader.Ending ending, PublicKey trusted) throws BackupRefused {
        Manifest manifest;
        try {
            manifest = BackupWriter.JSON.readValue(ending.manifest(), Manifest.class);
        } catch (JacksonException e) {
            manifest = null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String trustedId = ChainRules.keyId(trusted);
        byte[] header = BackupFormat.SIGNED_HEADER.getBytes(StandardCharsets.UTF_8);
        byte[] signed = ByteBuffer.allocate(header.length + ending.manifest().length)
                .put(header)
                .put(ending.manifest())
                .array();
        if (!signatureHolds(trusted, signed, ending.signature())) {
            if (manifest != null && manifest.keyId() != null && !trustedId.equals(manifest.keyId())) {
                throw new BackupRefused("The archive is signed with the checkpoint key " + manifest.keyId()
                        + ", not this installation's (" + trustedId + "). Restore with that installation's"
                        + " audit signing key (docs/backup.md).");
            }
            throw new BackupRefused(
                    "The archive's manifest or its signature was changed: the signature does not verify.");
        }
        if (manifest == null
                || !BackupFormat.FORMAT.equals(manifest.format())
                || manifest.formatVersion() != BackupFormat.VERSION
                || manifest.checkpoint() == null
                || manifest.sections() == null) {
            throw new BackupRefused("The archive's manifest does not say what this format needs.");
        }
        return manifest;
    }

    private static void sections(ArchiveReader.Ending ending, Manifest manifest) throws BackupRefused {
        if (!ending.bodySha256().equals(manifest.bodySha256())) {
            throw new BackupRefused("The archive's content was changed: its SHA-256 is not the manifest's.");
        }
        if (manifest.sections().size() != BackupFormat.TABLES.size()) {
            throw new BackupRefused("The archive's manifest does not list its sections.");
        }
        for (int i = 0; i < BackupFormat.TABLES.size(); i++) {
            Table table = BackupFormat.TABLES.get(i);
            var listed = manifest.sections().get(i);
            var read = ending.sections().get(table.name());
            if (!table.name().equals(listed.table())
                    || !table.columns().equals(listed.columns())
                    || listed.rows() != read.rows()
                    || !read.sha256().equals(listed.sha256())) {
                throw new BackupRefused("The section " + table.name() + " is not the one the manifest lists.");
            }
        }
    }

    /** The trust anchor: the signed checkpoint, and the chain recomputed from the events up to it. */
    private static void anchor(Manifest manifest, PublicKey trusted, Recomputed chain) throws BackupRefused {
        var checkpoint = manifest.checkpoint();
        byte[] root = decode(checkpoint.rootHash());
        byte[] head = decode(checkpoint.headHash());
        String text;
        try {
            text = ChainRules.checkpointText(
                    checkpoint.treeSize(), root, head, checkpoint.headPosition(), Instant.parse(checkpoint.issuedAt()));
        } catch (RuntimeException e) {
            throw new BackupRefused("The archive's checkpoint does not parse.");
        }
        if (!ChainRules.keyId(trusted).equals(manifest.keyId())
                || !signatureHolds(trusted, text.getBytes(StandardCharsets.UTF_8), decode(checkpoint.signature()))) {
            throw new BackupRefused("The archive's checkpoint is not signed by this installation's checkpoint key.");
        }
        if (chain.tree.size() != checkpoint.treeSize()
                || !Arrays.equals(chain.tree.root(), root)
                || !Arrays.equals(chain.previous, head)
                || chain.next - 1 != checkpoint.headPosition()) {
            throw new BackupRefused("The events in the archive do not hash to its signed checkpoint: the chain"
                    + " recomputed from them ends at position " + (chain.next - 1) + " with another root.");
        }
        if (chain.carried != chain.tree.size()
                || !Arrays.equals(chain.carriedDigest.digest(), chain.recomputedDigest.digest())) {
            throw new BackupRefused("The chain in the archive is not the chain its events make.");
        }
        if (chain.lastCheckpoint == null
                || chain.lastCheckpointSize != checkpoint.treeSize()
                || !Arrays.equals(chain.lastCheckpoint, decode(checkpoint.signature()))) {
            throw new BackupRefused("The archive's checkpoints do not end at the one its manifest names.");
        }
    }

    private static boolean signatureHolds(PublicKey key, byte[] text, byte[] signature) {
        try {
            var verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(text);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] decode(String base64) throws BackupRefused {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BackupRefused("The archive's checkpoint does not parse.");
        }
    }

    /**
     * The chain as the archive's events make it (a gap for every run of missing positions, as the
     * writer chains them), its Merkle root, and a digest of its entries beside one of the entries
     * the archive carries, so the two can be compared without holding either.
     */
    private static final class Recomputed implements ArchiveReader.Visitor {

        private final RootAccumulator tree = new RootAccumulator();
        private final MessageDigest recomputedDigest = BackupWriter.sha256();
        private final MessageDigest carriedDigest = BackupWriter.sha256();
        private byte[] previous = ChainRules.GENESIS;
        private long next = 1;
        private long carried;
        private byte[] lastCheckpoint;
        private long lastCheckpointSize;

        /**
         * The first row that makes no chain. Kept until the archive's signature and hashes are
         * checked, so that damage is reported as damage, whatever row it happened to hit.
         */
        private BackupRefused problem;

        @Override
        public void row(Table table, byte[][] values) {
            if (problem != null) {
                return;
            }
            try {
                recompute(table, values);
            } catch (BackupRefused e) {
                problem = e;
            }
        }

        private void recompute(Table table, byte[][] values) throws BackupRefused {
            if (table == BackupFormat.EVENTS) {
                event(values);
            } else if (table == BackupFormat.CHAIN) {
                carried(values);
            } else if (table == BackupFormat.CHECKPOINTS) {
                lastCheckpointSize = number(values[0]);
                lastCheckpoint = values[6];
            }
        }

        private void event(byte[][] v) throws BackupRefused {
            var row = new StoredRow(
                    number(v[0]),
                    text(v[1]),
                    number(v[2]),
                    text(v[3]),
                    text(v[4]),
                    text(v[8]),
                    text(v[7]),
                    v[6],
                    v[5],
                    text(v[9]));
            long position = row.globalIndex();
            if (position < next) {
                throw new BackupRefused("The archive's events are not in the order of their positions.");
            }
            if (position > next) {
                byte[] hash = ChainRules.gapHash(previous, next, position - 1);
                entry('G', next, position - 1, null, hash, ChainRules.gapLeaf(next, position - 1, hash));
            }
            byte[] digest = ChainRules.rowDigest(row);
            byte[] hash = ChainRules.eventHash(previous, position, digest);
            entry('E', position, position, digest, hash, ChainRules.eventLeaf(position, digest, hash));
            next = position + 1;
        }

        private void entry(char kind, long first, long last, byte[] digest, byte[] hash, byte[] leaf) {
            byte[] leafHash = ChainRules.leafHash(leaf);
            describe(recomputedDigest, tree.size(), kind, first, last, digest, hash, leafHash);
            tree.add(leafHash);
            previous = hash;
        }

        private void carried(byte[][] v) throws BackupRefused {
            String kind = text(v[1]);
            if (kind == null || kind.length() != 1) {
                throw new BackupRefused("The chain in the archive holds an entry of no kind.");
            }
            describe(carriedDigest, number(v[0]), kind.charAt(0), number(v[2]), number(v[3]), v[4], v[5], v[6]);
            carried++;
        }

        private static void describe(
                MessageDigest digest,
                long leafIndex,
                char kind,
                long first,
                long last,
                byte[] rowDigest,
                byte[] hash,
                byte[] leafHash) {
            var buffer = ByteBuffer.allocate(8 + 1 + 16 + 1)
                    .putLong(leafIndex)
                    .put((byte) kind)
                    .putLong(first)
                    .putLong(last)
                    .put((byte) (rowDigest == null ? 0 : 1));
            digest.update(buffer.array());
            if (rowDigest != null) {
                digest.update(rowDigest);
            }
            digest.update(hash == null ? new byte[0] : hash);
            digest.update(leafHash == null ? new byte[0] : leafHash);
        }

        private static long number(byte[] value) throws BackupRefused {
            try {
                return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
            } catch (RuntimeException e) {
                throw new BackupRefused("The archive holds a number that does not parse.");
            }
        }

        private static String text(byte[] value) {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }
    }
}
