package dev.hamcp.bridge.runtime.monitor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** This node's name in the live figures: {@code bridge.monitor.node-id}, else the host name. */
@Component
class NodeId {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String id;

    @Autowired
    NodeId(MonitorProperties properties) {
        this(properties.nodeId().isEmpty() ? hostName() : properties.nodeId());
    }

    NodeId(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static boolean isValid(String id) {
        return VALID.matcher(id).matches();
    }

    /** The {@code HOSTNAME} variable (set in containers), else the local host's name, made a valid id. */
    private static String hostName() {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = "node";
            }
        }
        String cleaned = name.strip().replaceAll("[^A-Za-z0-9._-]", "-");
        cleaned = cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
        return cleaned.isEmpty() ? "node" : cleaned;
    }

    @Override
    public String toString() {
        return id;
    }
}
