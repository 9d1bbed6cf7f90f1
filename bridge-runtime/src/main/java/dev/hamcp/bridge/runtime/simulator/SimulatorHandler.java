package dev.hamcp.bridge.runtime.simulator;

import dev.hamcp.simulator.Request;
import dev.hamcp.simulator.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Carries requests under {@code /simulator/ha} to the simulator and its answers back, as they are:
 * the simulator speaks Home Assistant's own error shapes, not the bridge's problem documents.
 */
final class SimulatorHandler {

    /** Larger bodies get 413 before the simulator sees them; MCP messages to Home Assistant are far smaller. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final BuiltInSimulator builtIn;

    SimulatorHandler(BuiltInSimulator builtIn) {
        this.builtIn = builtIn;
    }

    Mono<ServerResponse> handle(ServerRequest request) {
        return readBody(request)
                .map(body -> toSimulatorRequest(request, body))
                .flatMap(this::answer)
                .flatMap(SimulatorHandler::write)
                .onErrorResume(DataBufferLimitException.class, tooLarge -> write(Response.status(413)));
    }

    private static Mono<byte[]> readBody(ServerRequest request) {
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES)
                .map(SimulatorHandler::bytes)
                .defaultIfEmpty(new byte[0]);
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private Request toSimulatorRequest(ServerRequest request, byte[] body) {
        String path = request.requestPath().pathWithinApplication().value();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().asHttpHeaders().forEach(headers::put);
        return new Request(
                request.method().name(), path.substring(builtIn.basePath().length()), headers, body);
    }

    /** Off the event loop: the simulator blocks for as long as an injected latency asks. */
    private Mono<Response> answer(Request request) {
        return Mono.fromCallable(() -> builtIn.simulator().handle(request)).subscribeOn(Schedulers.boundedElastic());
    }

    private static Mono<ServerResponse> write(Response response) {
        var answer = ServerResponse.status(response.status())
                .headers(headers -> response.headers().forEach(headers::set));
        return response.body().length == 0 ? answer.build() : answer.bodyValue(response.body());
    }
}
