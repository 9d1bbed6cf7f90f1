package dev.hamcp.bridge.runtime.health;

import dev.hamcp.bridge.runtime.startup.Readiness;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health}: UP once the node can serve every request, STARTING (503) until then. */
@RestController
class HealthController {

    private final Readiness readiness;

    HealthController(Readiness readiness) {
        this.readiness = readiness;
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, String>> health() {
        return readiness.isReady()
                ? ResponseEntity.ok(Map.of("status", "UP"))
                : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, "1")
                        .body(Map.of("status", "STARTING"));
    }
}
