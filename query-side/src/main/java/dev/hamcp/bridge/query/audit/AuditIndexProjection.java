package dev.hamcp.bridge.query.audit;

import dev.hamcp.bridge.api.audit.AuditMetadata;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Indexes every event of the store into {@code audit_event}, one row at its global position:
 * its time, type, who did it (actor, the token they used, correlation id, client address) and
 * whom it concerns ({@link AuditSubjects}). The administrators' audit trail filters on these
 * columns and reads payload and metadata from the event store itself.
 *
 * <p>Its pooled streaming processor stores its token in the transaction of these writes, and a
 * row is written at most once per position, so a replay or a redelivery changes nothing.
 */
@Component
@ProcessingGroup(AuditIndexProjection.PROCESSOR)
class AuditIndexProjection {

    static final String PROCESSOR = "audit-index";

    private final JdbcTemplate jdbc;

    AuditIndexProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message, TrackingToken token) {
        var position = token.position();
        if (position.isEmpty()) {
            return;
        }
        var subjects = AuditSubjects.of(event);
        MetaData meta = message.getMetaData();
        jdbc.update(
                """
                INSERT INTO audit_event (position, at, type, actor, actor_token_id, subject_user, token_id,
                    connection_id, upstream_id, correlation_id, client_ip, failed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING""",
                position.getAsLong(),
                Timestamp.from(message.getTimestamp()),
                event.getClass().getSimpleName(),
                text(meta, AuditMetadata.ACTOR, 64),
                text(meta, AuditMetadata.TOKEN_ID, 64),
                subjects.user(),
                subjects.tokenId(),
                subjects.connectionId(),
                clip(subjects.upstreamId(), 128),
                text(meta, AuditMetadata.CORRELATION_ID, 128),
                text(meta, AuditMetadata.CLIENT_IP, 64),
                subjects.failed());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM audit_event");
    }

    private static String text(MetaData meta, String key, int most) {
        Object value = meta.get(key);
        return value == null ? null : clip(value.toString(), most);
    }

    // Metadata comes from requests (a correlation id is the client's to choose): a long one is
    // cut to fit its column rather than stopping the processor.
    private static String clip(String value, int most) {
        return value == null || value.length() <= most ? value : value.substring(0, most);
    }
}
