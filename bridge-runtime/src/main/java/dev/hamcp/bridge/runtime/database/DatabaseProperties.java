package dev.hamcp.bridge.runtime.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The PostgreSQL server to use ({@code BRIDGE_DB_URL}, {@code BRIDGE_DB_USER},
 * {@code BRIDGE_DB_PASSWORD}). With no URL the bridge starts its embedded PostgreSQL in the data
 * directory.
 */
@ConfigurationProperties("bridge.db")
public record DatabaseProperties(
        String url,
        @DefaultValue("bridge") String user,
        String password,
        @DefaultValue("10") int poolSize) {

    public boolean embedded() {
        return url == null || url.isBlank();
    }

    @Override
    public String toString() {
        return "DatabaseProperties[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
