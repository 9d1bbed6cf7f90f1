package dev.hamcp.bridge.runtime.startup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator's initial password ({@code BRIDGE_ADMIN_PASSWORD}); when unset a random
 * one is generated. Either way it must be changed at the first login.
 */
@ConfigurationProperties("bridge.admin")
public record AdminProperties(String password) {

    @Override
    public String toString() {
        return "AdminProperties[password=" + (password == null ? "unset" : "set") + "]";
    }
}
