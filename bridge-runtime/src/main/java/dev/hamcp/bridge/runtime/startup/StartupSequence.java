package dev.hamcp.bridge.runtime.startup;

import dev.hamcp.bridge.query.access.AccessView;
import dev.hamcp.bridge.runtime.homeassistant.HaConnectionDirectory;
import dev.hamcp.bridge.runtime.mcp.registry.RegisteredUpstreamDirectory;
import dev.hamcp.bridge.runtime.permission.InitialDefaults;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What happens once the application is up: wait until the access view has read the whole event
 * store, make sure the configured initial permissions are set and an administrator exists, and
 * only then declare the node ready and say where it is. Until then {@code /health} says STARTING
 * and every other request is answered {@code 503} (see {@link ReadinessGate}).
 */
@Component
class StartupSequence {

    private static final Logger log = LoggerFactory.getLogger(StartupSequence.class);
    private static final Duration POLL = Duration.ofMillis(20);

    private final Configuration axon;
    private final Readiness readiness;
    private final FirstAdministrator firstAdministrator;
    private final InitialDefaults initialDefaults;
    private final HaConnectionDirectory connections;

    StartupSequence(
            Configuration axon,
            Readiness readiness,
            FirstAdministrator firstAdministrator,
            InitialDefaults initialDefaults,
            HaConnectionDirectory connections) {
        this.axon = axon;
        this.readiness = readiness;
        this.firstAdministrator = firstAdministrator;
        this.initialDefaults = initialDefaults;
        this.connections = connections;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : -1;
        Thread.ofVirtual().name("startup").start(() -> run(port));
    }

    private void run(int port) {
        Instant started = Instant.now();
        try {
            awaitNodeLocalViews();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        log.info(
                "In-memory views caught up with the event store in {} ms",
                Duration.between(started, Instant.now()).toMillis());
        initialDefaults.ensure();
        connections.open();
        firstAdministrator.ensure();
        readiness.markReady();
        System.out.printf(
                "%n  HA-MCP Bridge is ready: dashboard http://localhost:%d/  API http://localhost:%d/auth  health http://localhost:%d/health%n%n",
                port, port, port);
        log.info("HA-MCP Bridge is ready on port {}", port);
    }

    /** The in-memory views every request relies on: who may use what, and which upstreams exist. */
    private static final List<String> NODE_LOCAL_VIEWS =
            List.of(AccessView.FOLLOWER_PROCESSOR, RegisteredUpstreamDirectory.FOLLOWER_PROCESSOR);

    private void awaitNodeLocalViews() throws InterruptedException {
        for (String name : NODE_LOCAL_VIEWS) {
            var processor = axon.eventProcessingConfiguration()
                    .eventProcessor(name, PooledStreamingEventProcessor.class)
                    .orElseThrow(() -> new IllegalStateException("The processor " + name + " is not configured"));
            while (!caughtUp(processor)) {
                Thread.sleep(POLL);
            }
        }
    }

    private static boolean caughtUp(PooledStreamingEventProcessor processor) {
        var status = processor.processingStatus();
        return !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
    }
}
