package dev.hamcp.bridge.runtime.audit.chain;

import dev.hamcp.bridge.runtime.DataDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The chain writer on its own thread, the checkpoint key, and the checkpoints with their Merkle tree. */
@Configuration(proxyBeanMethods = false)
class AuditChainConfig {

    @Bean
    CheckpointKey checkpointKey(AuditChainProperties properties, DataDirectory dataDirectory) {
        return CheckpointKey.load(properties, dataDirectory);
    }

    @Bean
    Checkpoints checkpoints(JdbcTemplate jdbc, DataSource dataSource, CheckpointKey key) {
        return new Checkpoints(jdbc, new MerkleTree(new JdbcLeaves(dataSource)), key, Clock.systemUTC());
    }

    @Bean
    AuditChain auditChain(
            AuditChainProperties properties,
            DataSource dataSource,
            Checkpoints checkpoints,
            MeterRegistry meters,
            EventStore eventStore) {
        var chain = new AuditChain(
                properties,
                new ChainWriter(dataSource, properties.gapTimeout(), properties.batchSize()),
                checkpoints,
                meters);
        eventStore.subscribe(events -> chain.appended());
        return chain;
    }
}
