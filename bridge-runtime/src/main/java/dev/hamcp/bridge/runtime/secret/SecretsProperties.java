package dev.hamcp.bridge.runtime.secret;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The installation's master keys, which wrap every owner's data key.
 *
 * @param masterKey base64 of 32 random bytes (AES-256); every node of one installation needs the same.
 *     Empty: generated once into the data directory, where a rotation replaces it.
 * @param retiredMasterKeys earlier master keys, base64 like {@code masterKey}: kept only to unwrap
 *     data keys until a rotation has wrapped them under {@code masterKey}; then remove them.
 */
@ConfigurationProperties("bridge.secrets")
public record SecretsProperties(String masterKey, List<String> retiredMasterKeys) {

    public SecretsProperties {
        retiredMasterKeys = retiredMasterKeys == null
                ? List.of()
                : retiredMasterKeys.stream().filter(key -> !key.isBlank()).toList();
    }

    boolean masterKeyConfigured() {
        return masterKey != null && !masterKey.isBlank();
    }

    @Override
    public String toString() {
        return "SecretsProperties[masterKey=" + (masterKeyConfigured() ? "set" : "generated") + ", retiredMasterKeys="
                + retiredMasterKeys.size() + "]";
    }
}
