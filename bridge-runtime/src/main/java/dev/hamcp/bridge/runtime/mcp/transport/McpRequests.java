package dev.hamcp.bridge.runtime.mcp.transport;

import dev.hamcp.bridge.api.user.Role;
import dev.hamcp.bridge.runtime.mcp.McpProperties;
import dev.hamcp.bridge.runtime.mcp.gateway.Caller;
import dev.hamcp.bridge.runtime.mcp.gateway.Priority;
import dev.hamcp.bridge.runtime.security.BridgePrincipal;
import dev.hamcp.bridge.runtime.web.RequestContext;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/** What every MCP transport needs from a request: who calls, the body within its cap, whether the Origin may. */
@Component
class McpRequests {

    private final McpProperties properties;
    private final OriginPolicy origins;

    McpRequests(McpProperties properties, OriginPolicy origins) {
        this.properties = properties;
        this.origins = origins;
    }

    /** The authenticated caller; security has already refused requests without a valid credential. */
    Mono<Caller> caller(ServerRequest request) {
        var context = RequestContext.of(request.exchange());
        return request.principal()
                .cast(Authentication.class)
                .map(authentication -> (BridgePrincipal) authentication.getPrincipal())
                .map(principal -> new Caller(
                        principal.userId(),
                        principal.username(),
                        // A narrowed token acts as a plain user, whatever its owner's role.
                        principal.isAdmin() ? Role.ADMIN : Role.USER,
                        principal.credentialId(),
                        principal.tokenId(),
                        context.clientIp(),
                        principal.isAdmin() ? Priority.ADMIN : Priority.INTERACTIVE));
    }

    /** The whole body, or a {@link org.springframework.core.io.buffer.DataBufferLimitException} past the cap. */
    Mono<byte[]> body(ServerRequest request) {
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > properties.maxBodySize().toBytes()) {
            return Mono.error(
                    new org.springframework.core.io.buffer.DataBufferLimitException("declared body too large"));
        }
        return DataBufferUtils.join(request.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class), (int)
                        properties.maxBodySize().toBytes())
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0]);
    }

    boolean originAllowed(ServerRequest request) {
        return origins.allows(request.headers().firstHeader("Origin"));
    }
}
