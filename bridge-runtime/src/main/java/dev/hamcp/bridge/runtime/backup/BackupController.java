package dev.hamcp.bridge.runtime.backup;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.audit.chain.AuditChainProperties;
import dev.hamcp.bridge.runtime.audit.chain.Checkpoint;
import dev.hamcp.bridge.runtime.audit.chain.Checkpoints;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /admin/security/backup}: streams a backup archive of the event store (docs/backup.md)
 * while the node keeps serving; administrators only (security guards {@code /admin/**}). Who asked,
 * from where and why is recorded in {@code audit_backup} (and with the checkpoint the archive is
 * cut at, when one is made for it), and logged, as for an on-demand checkpoint: a backup changes
 * nothing of who may do what, so it is not a command.
 */
@RestController
class BackupController implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackupController.class);
    private static final String REASON_PREFIX = "backup";
    private static final int MAX_REASON = 480;
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final BackupWriter writer;
    private final ExecutorService streams = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("backup-", 0).factory());

    BackupController(DataSource dataSource, Checkpoints checkpoints, AuditChainProperties chain) {
        this.writer = new BackupWriter(dataSource, checkpoints, chain.gapTimeout());
    }

    @PostMapping("/admin/security/backup")
    Mono<ResponseEntity<Flux<DataBuffer>>> backup(
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        if (reason != null && reason.length() > MAX_REASON) {
            return Mono.error(new ApiException(
                    ErrorCode.VALIDATION_FAILED,
                    Commands.REASON_HEADER + " is limited to " + MAX_REASON + " characters."));
        }
        var context = RequestContext.of(exchange);
        var requester = new Checkpoints.Requester(
                admin.userId(),
                context.clientIp(),
                context.correlationId(),
                reason == null || reason.isBlank() ? REASON_PREFIX : REASON_PREFIX + ": " + reason);
        return Mono.fromCallable(() -> {
                    log.info(
                            "Backup requested by {} from {} (correlation {})",
                            requester.userId(),
                            requester.clientIp(),
                            requester.correlationId());
                    return writer.prepare(requester);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(BackupRefused.class, e -> new ApiException(ErrorCode.CONFLICT, e.getMessage()))
                .map(prepared -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .header(
                                HttpHeaders.CONTENT_DISPOSITION,
                                ContentDisposition.attachment()
                                        .filename(fileName(prepared.checkpoint()))
                                        .build()
                                        .toString())
                        .body(Flux.from(DataBufferUtils.outputStreamPublisher(
                                out -> stream(prepared, out, requester),
                                exchange.getResponse().bufferFactory(),
                                streams))));
    }

    private void stream(BackupWriter.Prepared prepared, OutputStream out, Checkpoints.Requester requester) {
        try {
            var manifest = writer.write(prepared, out);
            log.info(
                    "Backup for {} streamed: {} events up to position {}",
                    requester.userId(),
                    manifest.rows(BackupFormat.EVENTS.name()),
                    manifest.headPosition());
        } catch (IOException e) {
            // Mostly a client that went away: the snapshot's transaction is rolled back, nothing else to undo.
            log.warn(
                    "Backup for {} was not completed: {}",
                    requester.userId(),
                    e.getClass().getSimpleName());
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            log.warn(
                    "Backup for {} failed reading the store ({})",
                    requester.userId(),
                    e.getClass().getSimpleName());
            throw new IllegalStateException("The backup could not read the event store", e);
        }
    }

    static String fileName(Checkpoint checkpoint) {
        return "ha-mcp-bridge-" + FILE_TIME.format(checkpoint.issuedAt()) + "-p" + checkpoint.headPosition()
                + ".backup";
    }

    @Override
    public void destroy() {
        streams.shutdownNow();
    }
}
