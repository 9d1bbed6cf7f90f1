package dev.hamcp.bridge.runtime.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hamcp.bridge.runtime.DataDirectory;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Both ways into the one PostgreSQL: JDBC for Axon's stores and the projections (written in the
 * event processor's transaction), R2DBC for the WebFlux reads. Declared here because Spring Boot
 * skips the JDBC DataSource once an R2DBC connection factory exists, and Axon then finds no store.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfig.class);

    @Bean(destroyMethod = "close")
    DatabaseServer databaseServer(DatabaseProperties properties, DataDirectory dataDirectory) {
        return DatabaseServer.open(properties, dataDirectory);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseServer server, DatabaseProperties properties) {
        var config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(properties.poolSize());
        config.setPoolName("bridge-jdbc");
        // A batch of inserts goes as multi-row INSERTs rather than one statement per row: the request
        // log writes its entries in batches, and PostgreSQL parses and plans a fraction as often.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        var dataSource = new HikariDataSource(config);
        if (server instanceof DatabaseServer.External) {
            warnUnlessDurable(dataSource);
        }
        return dataSource;
    }

    /** The embedded server checks its own; an operator's server is theirs to set, but they should hear of it. */
    private static void warnUnlessDurable(DataSource dataSource) {
        try (var connection = dataSource.getConnection()) {
            var durability = Durability.of(connection);
            if (durability.isDurable()) {
                log.info("PostgreSQL commits are durable ({})", durability);
            } else {
                log.warn(
                        "PostgreSQL may lose acknowledged commits in a crash ({}): the bridge may forget users,"
                                + " tokens and permission changes it confirmed. Turn these settings on.",
                        durability);
            }
        } catch (SQLException e) {
            log.warn("Could not read PostgreSQL's durability settings: {}", e.getMessage());
        }
    }

    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
        return new JdbcTemplate(dataSource);
    }

    @Bean(destroyMethod = "dispose")
    ConnectionPool connectionFactory(DatabaseServer server, DatabaseProperties properties) {
        var options = ConnectionFactoryOptions.parse(server.jdbcUrl().replaceFirst("^jdbc:", "r2dbc:"))
                .mutate()
                .option(ConnectionFactoryOptions.USER, server.user());
        if (server.password() != null && !server.password().isEmpty()) {
            options.option(ConnectionFactoryOptions.PASSWORD, server.password());
        }
        ConnectionFactory factory = ConnectionFactories.get(options.build());
        return new ConnectionPool(ConnectionPoolConfiguration.builder(factory)
                .name("bridge-r2dbc")
                .maxSize(properties.poolSize())
                .maxIdleTime(Duration.ofMinutes(10))
                .build());
    }

    @Bean
    DatabaseClient databaseClient(ConnectionFactory connectionFactory) {
        return DatabaseClient.create(connectionFactory);
    }
}
