package dev.hamcp.bridge.runtime.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.hamcp.bridge.runtime.support.Api;
import dev.hamcp.bridge.runtime.support.BridgeIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A checkpoint copied out of the bridge can be checked with nothing but docs/audit.md, the RFC and
 * the published key: its signature and signed text, an event's inclusion in it (down to the row's
 * bytes, hashed by this test's own reading of the rules) and its consistency with a later one.
 */
class CheckpointProofTest extends BridgeIntegrationTest {

    private static final String AUDIT = "/admin/security/audit";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anOnDemandCheckpointIsSignedByThePublishedKeyOverTheDocumentedTextAndRecordsWhoAsked() throws Exception {
        var admin = api.admin();
        chained(api.newUser().userId());

        var checkpoint = checkpoint(admin.accessToken(), "before the quarterly review");

        String text = "ha-mcp-bridge audit checkpoint v1\n"
                + "tree-size " + number(checkpoint, "treeSize") + "\n"
                + "root " + checkpoint.get("rootHash") + "\n"
                + "head " + checkpoint.get("headHash") + "\n"
                + "head-position " + number(checkpoint, "headPosition") + "\n"
                + "issued-at " + checkpoint.get("issuedAt") + "\n";
        assertThat(checkpoint.get("signedText")).isEqualTo(text);
        assertThat(signatureHolds(publicKey(admin.accessToken()), text, decode(checkpoint.get("signature"))))
                .isTrue();
        assertThat(signatureHolds(
                        publicKey(admin.accessToken()),
                        text.replace("tree-size ", "tree-size 1"),
                        decode(checkpoint.get("signature"))))
                .isFalse();
        assertThat(api.read(AUDIT + "/checkpoints/" + number(checkpoint, "treeSize"), admin.accessToken()))
                .isEqualTo(checkpoint);
        assertThat(number(api.read(AUDIT + "/checkpoints/latest", admin.accessToken()), "treeSize"))
                .isGreaterThanOrEqualTo(number(checkpoint, "treeSize"));
        String adminId = (String) api.read("/auth/me", admin.accessToken()).get("userId");
        var asked = jdbc.queryForMap(
                "SELECT requested_by, client_ip, reason FROM audit_checkpoint WHERE tree_size = ?",
                number(checkpoint, "treeSize"));
        if (adminId.equals(asked.get("requested_by"))) {
            assertThat(asked)
                    .containsEntry("client_ip", "127.0.0.1")
                    .containsEntry("reason", "before the quarterly review");
        } else {
            // Another test signed the same tree size first; the earlier request is the record.
            assertThat(asked.get("requested_by")).isNotNull();
        }
    }

    @Test
    void anEventsInclusionProofVerifiesByTheRfcAlgorithmDownToTheRowsBytes() {
        var admin = api.admin();
        long position = chained(api.newUser().userId());
        var checkpoint = checkpoint(admin.accessToken(), null);
        long treeSize = number(checkpoint, "treeSize");

        var proof = api.read(
                AUDIT + "/proofs/inclusion?position=" + position + "&treeSize=" + treeSize, admin.accessToken());

        byte[] leaf = decode(proof.get("leaf"));
        byte[] leafHash = Rfc9162.leafHash(leaf);
        assertThat(proof).containsEntry("kind", "EVENT").containsEntry("rootHash", checkpoint.get("rootHash"));
        assertThat(leafHash).isEqualTo(decode(proof.get("leafHash")));
        assertThat(Rfc9162.inclusionHolds(
                        number(proof, "leafIndex"),
                        treeSize,
                        leafHash,
                        hashes(proof.get("path")),
                        decode(checkpoint.get("rootHash"))))
                .isTrue();
        assertThat(Rfc9162.inclusionHolds(
                        number(proof, "leafIndex") + 1,
                        treeSize,
                        leafHash,
                        hashes(proof.get("path")),
                        decode(checkpoint.get("rootHash"))))
                .isFalse();
        var buffer = ByteBuffer.wrap(leaf);
        assertThat(buffer.get()).isEqualTo((byte) 'E');
        assertThat(buffer.getLong()).isEqualTo(position);
        byte[] rowDigest = new byte[32];
        buffer.get(rowDigest);
        assertThat(rowDigest).as("the row's digest, by the documented encoding").isEqualTo(rowDigestOf(position));
    }

    @Test
    void twoCheckpointsAreConsistentByTheRfcAlgorithm() {
        var admin = api.admin();
        chained(api.newUser().userId());
        var older = checkpoint(admin.accessToken(), null);
        long olderSize = number(older, "treeSize");
        chained(api.newUser().userId());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> number(checkpoint(admin.accessToken(), null), "treeSize") > olderSize);
        var newer = checkpoint(admin.accessToken(), null);

        var proof = api.read(
                AUDIT + "/proofs/consistency?from=" + olderSize + "&to=" + number(newer, "treeSize"),
                admin.accessToken());

        List<byte[]> path = hashes(proof.get("proof"));
        byte[] olderRoot = decode(older.get("rootHash"));
        byte[] newerRoot = decode(newer.get("rootHash"));
        assertThat(proof)
                .containsEntry("fromRoot", older.get("rootHash"))
                .containsEntry("toRoot", newer.get("rootHash"));
        assertThat(Rfc9162.consistencyHolds(olderSize, number(newer, "treeSize"), olderRoot, newerRoot, path))
                .isTrue();
        byte[] forged = olderRoot.clone();
        forged[0] ^= 1;
        assertThat(Rfc9162.consistencyHolds(olderSize, number(newer, "treeSize"), forged, newerRoot, path))
                .isFalse();
    }

    @Test
    void questionsThatCannotBeAnsweredAreRefusedWithProblems() {
        var admin = api.admin();
        chained(api.newUser().userId());
        checkpoint(admin.accessToken(), null);

        Api.expectProblem(
                api.get(AUDIT + "/proofs/inclusion?position=first", admin.accessToken()), 400, "validation-failed");
        Api.expectProblem(api.get(AUDIT + "/proofs/inclusion", admin.accessToken()), 400, "validation-failed");
        Api.expectProblem(
                api.get(AUDIT + "/proofs/inclusion?position=1&treeSize=999999999", admin.accessToken()),
                400,
                "validation-failed");
        Api.expectProblem(
                api.get(AUDIT + "/proofs/inclusion?position=999999999", admin.accessToken()), 404, "not-found");
        Api.expectProblem(api.get(AUDIT + "/proofs/consistency?from=0", admin.accessToken()), 400, "validation-failed");
        Api.expectProblem(api.get(AUDIT + "/checkpoints/0", admin.accessToken()), 400, "validation-failed");
        Api.expectProblem(api.get(AUDIT + "/checkpoints/999999999", admin.accessToken()), 404, "not-found");
        Api.expectProblem(
                http.post()
                        .uri(AUDIT + "/checkpoints")
                        .headers(h -> {
                            h.setBearerAuth(admin.accessToken());
                            h.set("X-Audit-Reason", "x".repeat(501));
                        })
                        .exchange(),
                400,
                "validation-failed");
    }

    /** Signs a checkpoint of the chain as it is; the checkpoint. */
    private Map<String, Object> checkpoint(String accessToken, String reason) {
        return http.post()
                .uri(AUDIT + "/checkpoints")
                .headers(h -> {
                    h.setBearerAuth(accessToken);
                    if (reason != null) {
                        h.set("X-Audit-Reason", reason);
                    }
                })
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Api.json())
                .returnResult()
                .getResponseBody();
    }

    /** Waits until the chain covers the aggregate's events; the position of its first. */
    private long chained(String aggregateId) {
        List<Long> positions = jdbc.queryForList(
                "SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY global_index",
                Long.class,
                aggregateId);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        jdbc.queryForObject("SELECT coalesce(max(last_position), 0) FROM audit_chain_entry", Long.class)
                                >= positions.getLast());
        return positions.getFirst();
    }

    private PublicKey publicKey(String accessToken) throws Exception {
        var key = api.read(AUDIT + "/key", accessToken);
        assertThat(key).containsEntry("algorithm", "Ed25519");
        byte[] spki = decode(key.get("spki"));
        byte[] raw = decode(key.get("publicKey"));
        assertThat(Arrays.copyOfRange(spki, spki.length - 32, spki.length)).isEqualTo(raw);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static boolean signatureHolds(PublicKey key, String text, byte[] signature) throws Exception {
        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(text.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(signature);
    }

    /** The row digest as docs/audit.md defines it, written here from the document. */
    private byte[] rowDigestOf(long position) {
        var row = jdbc.queryForMap("SELECT * FROM domain_event_entry WHERE global_index = ?", position);
        var bytes = new ByteArrayOutputStream();
        field(bytes, "ha-mcp-bridge audit row v1".getBytes(StandardCharsets.UTF_8));
        field(bytes, text(row.get("aggregate_identifier")));
        field(
                bytes,
                ByteBuffer.allocate(8)
                        .putLong(((Number) row.get("sequence_number")).longValue())
                        .array());
        field(bytes, text(row.get("type")));
        field(bytes, text(row.get("event_identifier")));
        field(bytes, text(row.get("payload_type")));
        field(bytes, text(row.get("payload_revision")));
        field(bytes, (byte[]) row.get("payload"));
        field(bytes, (byte[]) row.get("meta_data"));
        field(bytes, text(row.get("time_stamp")));
        return Rfc9162.sha256(bytes.toByteArray());
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(
                ByteBuffer.allocate(4).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            out.writeBytes(value);
        }
    }

    private static byte[] text(Object value) {
        return value == null ? null : ((String) value).getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static List<byte[]> hashes(Object list) {
        return ((List<String>) list).stream().map(CheckpointProofTest::decode).toList();
    }

    private static byte[] decode(Object base64) {
        return Base64.getDecoder().decode((String) base64);
    }

    private static long number(Map<String, Object> body, String member) {
        return ((Number) body.get(member)).longValue();
    }
}
