package dev.hamcp.bridge.runtime.audit.chain;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.axon.Commands;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.ApiException;
import dev.hamcp.bridge.runtime.web.RequestContext;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The chain's signed checkpoints, the key that signs them, and the proofs that tie an event or an
 * older checkpoint to a newer one (docs/audit.md); administrators only (security guards
 * {@code /admin/**}). Hashes and signatures are standard base64.
 */
@RestController
@RequestMapping("/admin/security/audit")
class CheckpointController {

    /** A checkpoint as JSON; {@code signedText} is the exact text its signature covers. */
    record CheckpointView(
            long treeSize,
            String rootHash,
            String headHash,
            long headPosition,
            String issuedAt,
            String keyId,
            String signature,
            String signedText,
            String requestedBy) {

        static CheckpointView of(Checkpoint checkpoint) {
            return new CheckpointView(
                    checkpoint.treeSize(),
                    ChainRules.base64(checkpoint.rootHash()),
                    ChainRules.base64(checkpoint.headHash()),
                    checkpoint.headPosition(),
                    ChainRules.timeText(checkpoint.issuedAt()),
                    checkpoint.keyId(),
                    ChainRules.base64(checkpoint.signature()),
                    checkpoint.signedText(),
                    checkpoint.requestedBy());
        }
    }

    /** The checkpoint key: raw 32 bytes, and the same as X.509 SubjectPublicKeyInfo (DER, and PEM). */
    record KeyView(String algorithm, String keyId, String publicKey, String spki, String pem) {}

    /** Leaf {@code leafIndex} (the entry covering {@code position}) is in the tree of {@code treeSize} leaves. */
    record InclusionProof(
            long position,
            long leafIndex,
            String kind,
            long firstPosition,
            long lastPosition,
            long treeSize,
            String leaf,
            String leafHash,
            String rootHash,
            List<String> path) {}

    /** The tree of {@code fromSize} leaves is a prefix of the tree of {@code toSize} leaves. */
    record ConsistencyProof(long fromSize, long toSize, String fromRoot, String toRoot, List<String> proof) {}

    private static final Logger log = LoggerFactory.getLogger(CheckpointController.class);
    private static final int MAX_REASON = 500;

    private final Checkpoints checkpoints;

    CheckpointController(Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @GetMapping("/checkpoints/latest")
    Mono<CheckpointView> latest() {
        return blocking(() -> checkpoints
                .latest()
                .map(CheckpointView::of)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No checkpoint has been signed yet.")));
    }

    @GetMapping("/checkpoints/{treeSize}")
    Mono<CheckpointView> checkpoint(@PathVariable String treeSize) {
        long size = number(treeSize, "treeSize");
        return blocking(() -> checkpoints
                .at(size)
                .map(CheckpointView::of)
                .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No checkpoint of that tree size.")));
    }

    /**
     * Signs a checkpoint of the chain as it is now (or answers the one of that size, if made
     * already), recording who asked, from where and why ({@value Commands#REASON_HEADER}).
     */
    @PostMapping("/checkpoints")
    Mono<CheckpointView> checkpointNow(
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
                reason == null || reason.isBlank() ? null : reason);
        return blocking(() -> {
            log.info(
                    "Audit checkpoint requested by {} from {} (correlation {})",
                    requester.userId(),
                    requester.clientIp(),
                    requester.correlationId());
            return checkpoints
                    .checkpointNow(requester)
                    .map(CheckpointView::of)
                    .orElseThrow(() -> new ApiException(ErrorCode.CONFLICT, "The chain holds no event yet."));
        });
    }

    @GetMapping("/key")
    KeyView key() {
        var key = checkpoints.key();
        byte[] spki = key.publicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(spki)
                + "\n-----END PUBLIC KEY-----\n";
        return new KeyView(
                "Ed25519",
                key.keyId(),
                ChainRules.base64(ChainRules.rawPublicKey(key.publicKey())),
                ChainRules.base64(spki),
                pem);
    }

    /** The inclusion proof of the entry that covers {@code position}, in the latest checkpoint's tree unless {@code treeSize} says. */
    @GetMapping("/proofs/inclusion")
    Mono<InclusionProof> inclusion(
            @RequestParam(name = "position", required = false) String position,
            @RequestParam(name = "treeSize", required = false) String treeSize) {
        long at = number(position, "position");
        Long size = treeSize == null ? null : number(treeSize, "treeSize");
        return blocking(() -> {
            long tree = size != null ? withinChain(size) : latestSize();
            var entry = checkpoints
                    .entryCovering(at)
                    .orElseThrow(() ->
                            new ApiException(ErrorCode.NOT_FOUND, "The chain does not cover position " + at + " yet."));
            if (entry.leafIndex() >= tree) {
                throw new ApiException(
                        ErrorCode.NOT_FOUND, "Position " + at + " was chained after the tree of " + tree + " entries.");
            }
            byte[] leaf = entry.leaf();
            return new InclusionProof(
                    at,
                    entry.leafIndex(),
                    entry.kind() == ChainRules.EVENT ? "EVENT" : "GAP",
                    entry.firstPosition(),
                    entry.lastPosition(),
                    tree,
                    ChainRules.base64(leaf),
                    ChainRules.base64(ChainRules.leafHash(leaf)),
                    ChainRules.base64(checkpoints.tree().root(tree)),
                    encode(checkpoints.tree().inclusion(entry.leafIndex(), tree)));
        });
    }

    /** The consistency proof from the tree of {@code from} entries to that of {@code to} (default: the latest checkpoint's). */
    @GetMapping("/proofs/consistency")
    Mono<ConsistencyProof> consistency(
            @RequestParam(name = "from", required = false) String from,
            @RequestParam(name = "to", required = false) String to) {
        long older = number(from, "from");
        Long newer = to == null ? null : number(to, "to");
        return blocking(() -> {
            long tree = newer != null ? withinChain(newer) : latestSize();
            if (older > tree) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "from must not be larger than to.");
            }
            var merkle = checkpoints.tree();
            return new ConsistencyProof(
                    older,
                    tree,
                    ChainRules.base64(merkle.root(older)),
                    ChainRules.base64(merkle.root(tree)),
                    encode(merkle.consistency(older, tree)));
        });
    }

    private long latestSize() {
        return checkpoints
                .latest()
                .map(Checkpoint::treeSize)
                .orElseThrow(() ->
                        new ApiException(ErrorCode.NOT_FOUND, "No checkpoint has been signed yet; name a tree size."));
    }

    private long withinChain(long size) {
        long chained = checkpoints.chainSize();
        if (size > chained) {
            throw new ApiException(
                    ErrorCode.VALIDATION_FAILED,
                    "The chain holds " + chained + " entries; no tree of " + size + " yet.");
        }
        return size;
    }

    private static long number(String value, String name) {
        try {
            long parsed = value == null ? 0 : Long.parseLong(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED, name + " is a whole number of at least 1.");
    }

    private static List<String> encode(List<byte[]> hashes) {
        return hashes.stream().map(ChainRules::base64).toList();
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
