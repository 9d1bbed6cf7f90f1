package dev.hamcp.bridge.runtime.axon;

import dev.hamcp.bridge.api.audit.AuditMetadata;
import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.util.HashMap;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends commands from the web edge with their audit metadata (who, from where, correlation id,
 * why), off the event loop: Axon's JDBC work and password hashing run on virtual threads.
 */
@Component
public class Commands implements DisposableBean {

    /** Where an administrator says why; the audit history keeps it with the events. */
    public static final String REASON_HEADER = "X-Audit-Reason";

    static final int MAX_REASON = 500;

    private final CommandGateway gateway;
    private final Scheduler scheduler = Schedulers.fromExecutorService(
            Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("command-", 0).factory()),
            "commands");

    Commands(CommandGateway gateway) {
        this.gateway = gateway;
    }

    /** Sends {@code command} on behalf of {@code principal} (or of nobody yet, when null). */
    public <R> Mono<R> send(Object command, BridgePrincipal principal, ServerWebExchange exchange) {
        return send(command, principal, exchange, null);
    }

    /**
     * Sends {@code command} on behalf of {@code principal}, with the reason an administrator gave
     * (the {@value #REASON_HEADER} header, at most {@value #MAX_REASON} characters).
     */
    public <R> Mono<R> send(Object command, BridgePrincipal principal, ServerWebExchange exchange, String reason) {
        if (!acceptable(reason)) {
            return Mono.error(reasonTooLong());
        }
        return send(
                command,
                principal == null ? "anonymous" : principal.userId(),
                principal == null ? null : principal.tokenId(),
                RequestContext.of(exchange),
                reason);
    }

    /**
     * Refuses a reason that {@link #send} would refuse, for work that must be checked before it is
     * done and recorded after (its event holds what it did).
     */
    public static Mono<Void> checkReason(String reason) {
        return acceptable(reason) ? Mono.empty() : Mono.error(reasonTooLong());
    }

    private static boolean acceptable(String reason) {
        return reason == null || reason.length() <= MAX_REASON;
    }

    private static ApiException reasonTooLong() {
        return new ApiException(
                ErrorCode.VALIDATION_FAILED, REASON_HEADER + " is limited to " + MAX_REASON + " characters.");
    }

    /** Sends {@code command} with an explicit actor and reason, e.g. the bridge itself at start-up. */
    public <R> Mono<R> send(Object command, String actor, RequestContext context, String reason) {
        return send(command, actor, null, context, reason);
    }

    private <R> Mono<R> send(Object command, String actor, String tokenId, RequestContext context, String reason) {
        var metaData = new HashMap<String, Object>();
        metaData.put(AuditMetadata.ACTOR, actor);
        metaData.put(AuditMetadata.CORRELATION_ID, context.correlationId());
        metaData.put(AuditMetadata.CLIENT_IP, context.clientIp());
        if (tokenId != null) {
            metaData.put(AuditMetadata.TOKEN_ID, tokenId);
        }
        if (context.userAgent() != null) {
            metaData.put(AuditMetadata.USER_AGENT, context.userAgent());
        }
        if (reason != null && !reason.isBlank()) {
            metaData.put(AuditMetadata.REASON, reason);
        }
        return Mono.<R>fromFuture(() -> gateway.send(command, MetaData.from(metaData)))
                .subscribeOn(scheduler);
    }

    @Override
    public void destroy() {
        scheduler.dispose();
    }
}
