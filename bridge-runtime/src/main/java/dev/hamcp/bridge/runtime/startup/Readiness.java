package dev.hamcp.bridge.runtime.startup;

import org.springframework.stereotype.Component;

/**
 * Whether this node can serve every request: its in-memory views have read the whole event store,
 * the initial permissions are set and the first administrator exists. Before that a credential it
 * issued could be one it does not yet know, so it serves nothing but its health.
 */
@Component
public class Readiness {

    private volatile boolean ready;

    public boolean isReady() {
        return ready;
    }

    void markReady() {
        ready = true;
    }
}
