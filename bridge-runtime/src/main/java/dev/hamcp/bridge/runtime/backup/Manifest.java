package dev.hamcp.bridge.runtime.backup;

import java.util.List;

/**
 * What an archive says about itself, signed with the installation's checkpoint key: the format,
 * the bridge that wrote it, the signed checkpoint it ends at (its trust anchor), each section's
 * rows and SHA-256, and the SHA-256 of every byte before the manifest.
 */
public record Manifest(
        String format,
        int formatVersion,
        String bridgeVersion,
        String createdAt,
        String keyId,
        SignedCheckpoint checkpoint,
        List<Section> sections,
        String bodySha256) {

    /** The checkpoint the archive was cut at: the chain's head when the backup began. Hashes in base64. */
    public record SignedCheckpoint(
            long treeSize, String rootHash, String headHash, long headPosition, String issuedAt, String signature) {}

    /** One table: its columns in order, how many rows, and the SHA-256 (hex) of its row records. */
    public record Section(String table, List<String> columns, long rows, String sha256) {}

    /** The head position of the event store the archive holds. */
    public long headPosition() {
        return checkpoint.headPosition();
    }

    public long rows(String table) {
        return sections.stream()
                .filter(section -> section.table().equals(table))
                .mapToLong(Section::rows)
                .sum();
    }
}
