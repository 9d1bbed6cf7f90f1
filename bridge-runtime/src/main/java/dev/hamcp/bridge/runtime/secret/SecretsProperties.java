package dev.hamcp.bridge.runtime.secret;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How secrets in events are sealed.
 *
 * @param masterKey base64 of 32 random bytes (AES-256); every node of one installation needs the same.
 *     Empty: generated once into the data directory.
 */
@ConfigurationProperties("bridge.secrets")
public record SecretsProperties(String masterKey) {

    @Override
    public String toString() {
        return "SecretsProperties[masterKey=" + (masterKey == null || masterKey.isBlank() ? "generated" : "set") + "]";
    }
}
