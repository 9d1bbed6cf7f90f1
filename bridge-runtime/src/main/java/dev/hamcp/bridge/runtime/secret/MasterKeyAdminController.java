package dev.hamcp.bridge.runtime.secret;

import dev.hamcp.bridge.api.secret.DataKeysRewrapped;
import dev.hamcp.bridge.api.secret.RewrapDataKeys;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Master key rotation, for administrators only (security guards {@code /admin/**}). Answers key
 * ids and counts, never key material. See docs/secrets.md for the procedure.
 */
@RestController
@RequestMapping("/admin/secrets/master-key")
class MasterKeyAdminController {

    /** Which master keys this node holds, by id. */
    record MasterKeyStatus(String currentKeyId, List<String> retiredKeyIds, boolean fileManaged) {}

    /**
     * What a rotation did. {@code retiredKeyIdsStillConfigured}: configured retired keys, which can be
     * removed from the configuration now.
     */
    record Rotation(
            List<String> fromKeyIds,
            String toKeyId,
            int rewrapped,
            boolean generated,
            List<String> retiredKeyIdsStillConfigured) {}

    private final MasterKeys masterKeys;
    private final Commands commands;

    MasterKeyAdminController(MasterKeys masterKeys, Commands commands) {
        this.masterKeys = masterKeys;
        this.commands = commands;
    }

    @GetMapping
    MasterKeyStatus status() {
        var keyring = masterKeys.get();
        return new MasterKeyStatus(keyring.currentKeyId(), keyring.retiredKeyIds(), masterKeys.fileManaged());
    }

    /**
     * Rotates the master key. Kept in the data directory: a fresh key is generated first and the old
     * one kept as retired until every data key is rewrapped. Configured: the configured key is the new
     * one, the old ones must be listed as retired (on every node) before this is called.
     */
    @PostMapping("/rotation")
    Mono<Rotation> rotate(
            @RequestHeader(name = Commands.REASON_HEADER, required = false) String reason,
            @AuthenticationPrincipal BridgePrincipal admin,
            ServerWebExchange exchange) {
        boolean generate = masterKeys.fileManaged();
        return Mono.fromCallable(() ->
                        generate ? masterKeys.generateNext() : masterKeys.get().currentKeyId())
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(toKeyId ->
                        commands.<DataKeysRewrapped>send(new RewrapDataKeys(toKeyId), admin, exchange, reason))
                .publishOn(Schedulers.boundedElastic())
                .map(rewrapped -> {
                    if (generate) {
                        masterKeys.dropRetiredFiles();
                    }
                    return new Rotation(
                            rewrapped.fromMasterKeyIds(),
                            rewrapped.toMasterKeyId(),
                            rewrapped.count(),
                            generate,
                            masterKeys.get().retiredKeyIds());
                });
    }
}
