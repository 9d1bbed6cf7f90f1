package dev.hamcp.bridge.runtime.rebuild;

import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.RequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /admin/maintenance/rebuild} starts rebuilding the read models on this node by replay
 * ({@code 202} with the progress; a second request while one runs answers that one) and
 * {@code GET /admin/maintenance/rebuild} follows it; administrators only. Logged with who asked and
 * from where: like verification, a rebuild changes nothing of who may do what, so it is not a command.
 */
@RestController
class RebuildController {

    private static final Logger log = LoggerFactory.getLogger(RebuildController.class);

    private final ReadModelRebuild rebuild;

    RebuildController(ReadModelRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping("/admin/maintenance/rebuild")
    Mono<ResponseEntity<ReadModelRebuild.Progress>> start(
            @AuthenticationPrincipal BridgePrincipal admin, ServerWebExchange exchange) {
        var context = RequestContext.of(exchange);
        return Mono.fromCallable(() -> {
                    log.info(
                            "Read-model rebuild requested by {} from {} (correlation {})",
                            admin.userId(),
                            context.clientIp(),
                            context.correlationId());
                    return rebuild.start(admin.userId());
                })
                .subscribeOn(Schedulers.boundedElastic())
                .map(progress -> ResponseEntity.status(HttpStatus.ACCEPTED).body(progress));
    }

    @GetMapping("/admin/maintenance/rebuild")
    Mono<ReadModelRebuild.Progress> progress() {
        return Mono.fromCallable(rebuild::progress).subscribeOn(Schedulers.boundedElastic());
    }
}
