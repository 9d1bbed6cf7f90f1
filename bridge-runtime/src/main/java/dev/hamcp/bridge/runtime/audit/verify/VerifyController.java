package dev.hamcp.bridge.runtime.audit.verify;

import dev.hamcp.bridge.runtime.audit.chain.CheckpointKey;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.RequestContext;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /admin/security/audit/verify}: walks the whole chain against the event store and
 * reports the first break (docs/audit.md says what to do about one); administrators only. A POST
 * because it is work on demand, not a resource: it reads for as long as the history is long.
 */
@RestController
class VerifyController {

    private static final Logger log = LoggerFactory.getLogger(VerifyController.class);

    private final ChainVerifier verifier;

    VerifyController(DataSource dataSource, CheckpointKey checkpointKey) {
        this.verifier = new ChainVerifier(dataSource, checkpointKey.publicKey());
    }

    @PostMapping("/admin/security/audit/verify")
    Mono<VerificationReport> verify(@AuthenticationPrincipal BridgePrincipal admin, ServerWebExchange exchange) {
        var context = RequestContext.of(exchange);
        return Mono.fromCallable(verifier::verify)
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(report -> {
                    if (report.intact()) {
                        log.info(
                                "Audit chain verified intact for {} from {}: {} entries in {} ms",
                                admin.userId(),
                                context.clientIp(),
                                report.entries(),
                                report.tookMillis());
                    } else {
                        log.warn(
                                "Audit chain verification for {} from {} found a break: {} at position {}",
                                admin.userId(),
                                context.clientIp(),
                                report.firstBreak().kind(),
                                report.firstBreak().position());
                    }
                });
    }
}
