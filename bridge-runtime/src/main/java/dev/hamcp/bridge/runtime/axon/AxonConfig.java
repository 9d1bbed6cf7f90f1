package dev.hamcp.bridge.runtime.axon;

import dev.hamcp.bridge.api.audit.AuditMetadata;
import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.runtime.live.LiveChanges;
import dev.hamcp.bridge.runtime.mcp.registry.RegisteredUpstreamDirectory;
import java.time.Duration;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon on PostgreSQL without Axon Server: snake_case names for the event, snapshot and token tables
 * that Flyway creates, audit metadata copied from every command onto its events, and snapshots for
 * the aggregates whose streams grow with use.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * The access view and the upstream registry are node-local memory, so the processors that follow the
     * store for them keep their positions in memory too: every node, at every start, reads the whole
     * history into its own copy.
     */
    @Bean
    ConfigurerModule accessViewTokenStore() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTokenStore(AccessView.FOLLOWER_PROCESSOR, config -> new InMemoryTokenStore())
                .registerTokenStore(
                        RegisteredUpstreamDirectory.FOLLOWER_PROCESSOR, config -> new InMemoryTokenStore()));
    }

    /**
     * The dashboards' live changes follow the store from its head at every start, in memory:
     * nothing open needs what happened before the node started ({@link LiveChanges}).
     */
    @Bean
    ConfigurerModule liveChangesFromTheHead() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerTokenStore(LiveChanges.FOLLOWER_PROCESSOR, config -> new InMemoryTokenStore())
                .registerPooledStreamingEventProcessorConfiguration(
                        LiveChanges.FOLLOWER_PROCESSOR,
                        (config, builder) -> builder.initialToken(StreamableMessageSource::createHeadToken)));
    }

    /**
     * The store that every processor reads. Events this node appends wake its readers at once;
     * events other nodes append are found by polling, every {@code bridge.cluster.poll-interval}
     * (200 ms by default, against Axon's 1 s), so a revocation made elsewhere is refused here
     * within a second. Declaring it means declaring the JDBC engine too, as Axon's auto-configuration
     * steps back from both; the engine is built exactly as it would have built it.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(
            EventStorageEngine storageEngine,
            org.axonframework.config.Configuration configuration,
            @Value("${bridge.cluster.poll-interval:200ms}") Duration pollInterval) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(pollInterval.toMillis())
                .build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(
            Serializer defaultSerializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            org.axonframework.config.Configuration configuration,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema eventSchema) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .build();
    }

    /** Who, from where and why: every event inherits these from the command that caused it. */
    @Bean
    CorrelationDataProvider auditCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(AuditMetadata.KEYS.toArray(String[]::new));
    }

    /** A user's stream grows with every refresh of every session; a snapshot every 100 events keeps loading cheap. */
    @Bean
    SnapshotTriggerDefinition userSnapshotTrigger(Snapshotter snapshotter) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, 100);
    }
}
