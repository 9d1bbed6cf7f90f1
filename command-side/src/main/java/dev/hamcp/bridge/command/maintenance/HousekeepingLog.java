package dev.hamcp.bridge.command.maintenance;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.maintenance.Housekeeping;
import dev.hamcp.bridge.api.maintenance.RecordRequestLogPurge;
import dev.hamcp.bridge.api.maintenance.RequestLogPurged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The installation's maintenance actions, one stream for the whole bridge, so that each is an event
 * with who, from where and why like every other change. It guards nothing but the facts it records.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class HousekeepingLog {

    @AggregateIdentifier
    private String id;

    HousekeepingLog() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordRequestLogPurge cmd) {
        if (cmd.cutoff() == null || cmd.rows() < 0) {
            throw BusinessError.reject(ErrorCode.VALIDATION_FAILED, "A purge has a cutoff and a count of rows.");
        }
        apply(new RequestLogPurged(cmd.cutoff(), cmd.rows()));
    }

    @EventSourcingHandler
    void on(RequestLogPurged e) {
        id = Housekeeping.ID;
    }
}
