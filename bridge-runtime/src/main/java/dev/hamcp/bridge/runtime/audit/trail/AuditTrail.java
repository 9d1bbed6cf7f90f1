package dev.hamcp.bridge.runtime.audit.trail;

import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.query.access.UserAccess;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Questions to the whole history: the events a filter selects, newest first page by page, all of
 * them as a stream, or those after a position oldest first (for a live follower). The filter
 * runs on the audit index ({@code audit_event}); payload and metadata come from the event store
 * row at the same position, redacted; names from the user directory.
 */
@Component
class AuditTrail {

    /** One event as the trail shows it. */
    record Event(
            long position,
            Instant at,
            String type,
            String summary,
            String actor,
            String actorName,
            String actorTokenId,
            String user,
            String userName,
            String tokenId,
            String connectionId,
            String upstream,
            String correlationId,
            String clientIp,
            JsonNode payload,
            JsonNode metadata) {}

    static final int FETCH_SIZE = 500;

    private static final String SELECT = """
            SELECT a.position, a.at, a.type, a.actor, a.actor_token_id, a.subject_user, a.token_id,
                   a.connection_id, a.upstream_id, a.correlation_id, a.client_ip,
                   actor.username AS actor_name, subject.username AS subject_name, e.payload, e.meta_data
            FROM audit_event a
            JOIN domain_event_entry e ON e.global_index = a.position
            LEFT JOIN users actor ON actor.user_id = a.actor
            LEFT JOIN users subject ON subject.user_id = a.subject_user""";

    private final DatabaseClient db;
    private final AccessView users;
    private final JsonMapper json;

    AuditTrail(DatabaseClient db, JsonMapper json, AccessView users) {
        this.db = db;
        this.json = json;
        this.users = users;
    }

    /** At most {@code limit} events newest first, all before position {@code before} when given. */
    Flux<Event> page(AuditFilter filter, Long before, int limit) {
        var where = Where.of(filter);
        if (before != null) {
            where.and("a.position < :before", "before", before);
        }
        return where.bind(db.sql(SELECT + where + " ORDER BY a.position DESC LIMIT " + limit))
                .map(this::event)
                .all();
    }

    /** Every event the filter selects, newest first, read from the database as it is written out. */
    Flux<Event> all(AuditFilter filter) {
        var where = Where.of(filter);
        return where.bind(db.sql(SELECT + where + " ORDER BY a.position DESC"))
                .filter(statement -> statement.fetchSize(FETCH_SIZE))
                .map(this::event)
                .all();
    }

    /** At most {@code limit} events after position {@code after}, oldest first. */
    Flux<Event> after(AuditFilter filter, long after, int limit) {
        var where = Where.of(filter).and("a.position > :after", "after", after);
        return where.bind(db.sql(SELECT + where + " ORDER BY a.position LIMIT " + limit))
                .map(this::event)
                .all();
    }

    /** The positions in ({@code above}, {@code upTo}] the filter selects: to find events indexed after later ones. */
    Flux<Long> positions(AuditFilter filter, long above, long upTo) {
        var where =
                Where.of(filter).and("a.position > :above", "above", above).and("a.position <= :upTo", "upTo", upTo);
        return where.bind(db.sql("SELECT a.position FROM audit_event a" + where))
                .map(row -> row.get("position", Long.class))
                .all();
    }

    /** The events at {@code positions}, oldest first. */
    Flux<Event> at(List<Long> positions) {
        return db.sql(SELECT + " WHERE a.position = ANY(:positions) ORDER BY a.position")
                .bind("positions", positions.toArray(Long[]::new))
                .map(this::event)
                .all();
    }

    /** The highest position indexed so far (0 when none): where a live follower without a resume point starts. */
    reactor.core.publisher.Mono<Long> head() {
        return db.sql("SELECT COALESCE(MAX(position), 0) AS head FROM audit_event")
                .map(row -> row.get("head", Long.class))
                .one();
    }

    /**
     * The directory's name of {@code userId}, else the access view's: the directory is projected
     * by its own processor and may not have reached a user the index already names.
     */
    private String named(String userId, String fromDirectory) {
        if (fromDirectory != null || userId == null) {
            return fromDirectory;
        }
        return users.user(userId).map(UserAccess::username).orElse(null);
    }

    private Event event(io.r2dbc.spi.Readable row) {
        String type = row.get("type", String.class);
        JsonNode payload = Redaction.redact(read(row.get("payload", byte[].class)));
        JsonNode meta = Redaction.redact(read(row.get("meta_data", byte[].class)));
        String actor = row.get("actor", String.class);
        String actorName = named(actor, row.get("actor_name", String.class));
        String user = row.get("subject_user", String.class);
        String userName = named(user, row.get("subject_name", String.class));
        return new Event(
                row.get("position", Long.class),
                row.get("at", OffsetDateTime.class).toInstant(),
                type,
                AuditSentences.of(
                        type,
                        payload,
                        meta,
                        new AuditSentences.Names(
                                actorName != null ? actorName : actor, userName != null ? userName : user)),
                actor,
                actorName,
                row.get("actor_token_id", String.class),
                user,
                userName,
                row.get("token_id", String.class),
                row.get("connection_id", String.class),
                row.get("upstream_id", String.class),
                row.get("correlation_id", String.class),
                row.get("client_ip", String.class),
                payload,
                meta);
    }

    private JsonNode read(byte[] bytes) {
        try {
            return bytes == null ? json.createObjectNode() : json.readTree(bytes);
        } catch (RuntimeException notJson) {
            return json.createObjectNode();
        }
    }

    /** A WHERE clause of bound conditions only: no value is ever written into the SQL itself. */
    private static final class Where {
        private final List<String> conditions = new ArrayList<>();
        private final Map<String, Object> values = new LinkedHashMap<>();

        static Where of(AuditFilter filter) {
            var where = new Where();
            where.andIf("a.actor = :actor", "actor", filter.actor());
            where.andIf("a.subject_user = :user", "user", filter.user());
            where.andIf("(a.token_id = :token OR a.actor_token_id = :token)", "token", filter.token());
            where.andIf("a.connection_id = :connection", "connection", filter.connection());
            where.andIf("a.upstream_id = :upstream", "upstream", filter.upstream());
            if (!filter.types().isEmpty()) {
                where.and("a.type = ANY(:types)", "types", filter.types().toArray(String[]::new));
            }
            where.andIf("a.correlation_id = :correlation", "correlation", filter.correlationId());
            where.andIf("a.client_ip = :ip", "ip", filter.clientIp());
            if (filter.from() != null) {
                where.and("a.at >= :from", "from", filter.from().atOffset(ZoneOffset.UTC));
            }
            if (filter.to() != null) {
                where.and("a.at < :to", "to", filter.to().atOffset(ZoneOffset.UTC));
            }
            return where;
        }

        Where and(String condition, String name, Object value) {
            conditions.add(condition);
            values.put(name, value);
            return this;
        }

        void andIf(String condition, String name, Object value) {
            if (value != null) {
                and(condition, name, value);
            }
        }

        DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec spec) {
            for (var value : values.entrySet()) {
                spec = spec.bind(value.getKey(), value.getValue());
            }
            return spec;
        }

        @Override
        public String toString() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }
    }
}
