package dev.hamcp.bridge.runtime.health;

import dev.hamcp.bridge.runtime.startup.Readiness;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The same readiness for {@code /actuator/health} and its {@code readiness} probe: out of service
 * until the node can serve every request, so an orchestrator sends it nothing before.
 */
@Component("bridge")
class ReadinessHealthIndicator implements HealthIndicator {

    private final Readiness readiness;

    ReadinessHealthIndicator(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public Health health() {
        return readiness.isReady() ? Health.up().build() : Health.outOfService().build();
    }
}
