package dev.hamcp.bridge.command.limits;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.api.limits.ChangeSecurityLimits;
import dev.hamcp.bridge.api.limits.SecurityLimits;
import dev.hamcp.bridge.api.limits.SecurityLimitsChanged;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The installation's run-time security limits, one stream for the whole bridge: the default
 * per-user call budget and the invalid-token brake per client address. Before the first change
 * the configured values hold, which this aggregate does not know: the first change is always
 * recorded, later ones only when they change something.
 */
@Aggregate
@JsonAutoDetect(
        fieldVisibility = Visibility.ANY,
        getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE)
public class InstallationLimits {

    @AggregateIdentifier
    private String id;

    private Long requestsPerMinute;
    private Long invalidTokensPerMinute;

    InstallationLimits() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChangeSecurityLimits cmd) {
        assertWithin("requestsPerMinute", cmd.requestsPerMinute(), SecurityLimits.MOST_REQUESTS_PER_MINUTE);
        assertWithin(
                "invalidTokensPerMinute", cmd.invalidTokensPerMinute(), SecurityLimits.MOST_INVALID_TOKENS_PER_MINUTE);
        if (changes(cmd)) {
            apply(new SecurityLimitsChanged(
                    cmd.requestsPerMinute(), cmd.invalidTokensPerMinute(), requestsPerMinute, invalidTokensPerMinute));
        }
    }

    private boolean changes(ChangeSecurityLimits cmd) {
        return requestsPerMinute == null
                || requestsPerMinute != cmd.requestsPerMinute()
                || invalidTokensPerMinute != cmd.invalidTokensPerMinute();
    }

    private static void assertWithin(String name, long value, long most) {
        if (value < 1 || value > most) {
            throw BusinessError.reject(
                    ErrorCode.VALIDATION_FAILED, name + " must be a whole number from 1 to " + most + ".");
        }
    }

    @EventSourcingHandler
    void on(SecurityLimitsChanged e) {
        id = SecurityLimits.ID;
        requestsPerMinute = e.requestsPerMinute();
        invalidTokensPerMinute = e.invalidTokensPerMinute();
    }
}
