package dev.hamcp.bridge.runtime.secret;

import dev.hamcp.bridge.command.secret.DataKeyStore;
import dev.hamcp.bridge.command.secret.WrappedDataKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The data keys in PostgreSQL's {@code data_key} table. JdbcTemplate joins the transaction Axon
 * opened for the command or event batch, so keys are created, destroyed and rewrapped exactly when
 * the events that go with them commit.
 */
final class JdbcDataKeyStore implements DataKeyStore {

    private static final String COLUMNS = "owner_id, key_id, master_key_id, nonce, wrapped_key";

    private final JdbcTemplate jdbc;

    JdbcDataKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<WrappedDataKey> findByOwner(String ownerId) {
        return jdbc
                .query("SELECT " + COLUMNS + " FROM data_key WHERE owner_id = ?", JdbcDataKeyStore::row, ownerId)
                .stream()
                .findFirst();
    }

    @Override
    public Optional<WrappedDataKey> findById(String keyId) {
        return jdbc
                .query("SELECT " + COLUMNS + " FROM data_key WHERE key_id = ?", JdbcDataKeyStore::row, keyId)
                .stream()
                .findFirst();
    }

    // A concurrent creator's insert makes this one wait for its commit, then do nothing; the read sees the winner.
    @Override
    public WrappedDataKey createIfAbsent(WrappedDataKey candidate) {
        jdbc.update(
                "INSERT INTO data_key (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner_id) DO NOTHING",
                candidate.ownerId(),
                candidate.keyId(),
                candidate.masterKeyId(),
                candidate.nonce(),
                candidate.sealedKey());
        return findByOwner(candidate.ownerId()).orElseThrow();
    }

    @Override
    public void destroy(String ownerId) {
        jdbc.update("""
                INSERT INTO data_key (owner_id, destroyed_at) VALUES (?, now())
                ON CONFLICT (owner_id) DO UPDATE
                SET master_key_id = NULL, nonce = NULL, wrapped_key = NULL,
                    destroyed_at = COALESCE(data_key.destroyed_at, now())
                """, ownerId);
    }

    @Override
    public List<WrappedDataKey> keysNotWrappedUnder(String masterKeyId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM data_key WHERE wrapped_key IS NOT NULL AND master_key_id <> ?"
                        + " ORDER BY owner_id",
                JdbcDataKeyStore::row,
                masterKeyId);
    }

    @Override
    public boolean rewrap(WrappedDataKey current, WrappedDataKey rewrapped) {
        return jdbc.update(
                        """
                        UPDATE data_key SET master_key_id = ?, nonce = ?, wrapped_key = ?, rewrapped_at = now()
                        WHERE owner_id = ? AND key_id = ? AND master_key_id = ? AND wrapped_key IS NOT NULL
                        """,
                        rewrapped.masterKeyId(),
                        rewrapped.nonce(),
                        rewrapped.sealedKey(),
                        current.ownerId(),
                        current.keyId(),
                        current.masterKeyId())
                == 1;
    }

    private static WrappedDataKey row(ResultSet rs, int rowNum) throws SQLException {
        return new WrappedDataKey(
                rs.getString("owner_id"),
                rs.getString("key_id"),
                rs.getString("master_key_id"),
                rs.getBytes("nonce"),
                rs.getBytes("wrapped_key"));
    }
}
