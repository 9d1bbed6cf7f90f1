package dev.hamcp.bridge.runtime.health;

import dev.hamcp.bridge.query.access.AccessView;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /health}: UP once the bridge can answer authenticated requests, STARTING until then. */
@RestController
class HealthController {

    private final AccessView view;

    HealthController(AccessView view) {
        this.view = view;
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, String>> health() {
        return view.isReady()
                ? ResponseEntity.ok(Map.of("status", "UP"))
                : ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "STARTING"));
    }
}
