package dev.hamcp.bridge.runtime.audit.chain;

import java.sql.SQLException;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/** The leaf hashes of the chain's table, streamed in leaf order. */
final class JdbcLeaves implements MerkleTree.Leaves {

    private static final int FETCH_SIZE = 10_000;

    private final DataSource dataSource;

    JdbcLeaves(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void read(long from, long to, Consumer<byte[]> each) {
        try (var connection = dataSource.getConnection()) {
            // A cursor (fetch size honoured) only inside a transaction.
            connection.setAutoCommit(false);
            try (var statement = connection.prepareStatement(
                    "SELECT leaf_hash FROM audit_chain_entry WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index")) {
                statement.setFetchSize(FETCH_SIZE);
                statement.setLong(1, from);
                statement.setLong(2, to);
                try (var result = statement.executeQuery()) {
                    while (result.next()) {
                        each.accept(result.getBytes(1));
                    }
                }
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Cannot read the audit chain's leaves", e);
        }
    }
}
