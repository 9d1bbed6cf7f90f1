package dev.hamcp.bridge.runtime.limits;

import dev.hamcp.bridge.api.limits.ChangeSecurityLimits;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The run-time security limits, for administrators: read them, and set both at once. A change is
 * a command with its audit metadata; the answer comes once this node applies it, and every other
 * node applies it as its follower reads the store.
 */
@RestController
@RequestMapping("/admin/security/limits")
class LimitsController {

    /** What the limits are, and whether they are still the configured defaults. */
    record LimitsView(long requestsPerMinute, long invalidTokensPerMinute, boolean configuredDefaults) {

        static LimitsView of(SecurityLimitsView.Limits limits) {
            return new LimitsView(limits.requestsPerMinute(), limits.invalidTokensPerMinute(), !limits.changed());
        }
    }

    record LimitsRequest(
            @NotNull Long requestsPerMinute, @NotNull Long invalidTokensPerMinute) {}

    private final SecurityLimitsView view;
    private final Commands commands;

    LimitsController(SecurityLimitsView view, Commands commands) {
        this.view = view;
        this.commands = commands;
    }

    @GetMapping
    LimitsView limits() {
        return LimitsView.of(view.current());
    }

    @PutMapping
    Mono<LimitsView> change(
            @Valid @RequestBody LimitsRequest body,
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        return commands.send(
                        new ChangeSecurityLimits(body.requestsPerMinute(), body.invalidTokensPerMinute()),
                        admin,
                        exchange,
                        reason)
                .then(Mono.fromSupplier(() -> LimitsView.of(view.current())));
    }
}
