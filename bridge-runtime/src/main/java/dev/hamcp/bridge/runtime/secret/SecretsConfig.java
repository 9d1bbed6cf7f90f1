package dev.hamcp.bridge.runtime.secret;

import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.runtime.DataDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The cipher that seals secrets before they become events, under the installation's master key. */
@Configuration(proxyBeanMethods = false)
class SecretsConfig {

    @Bean
    SecretCipher secretCipher(SecretsProperties properties, DataDirectory dataDirectory) {
        return new SecretCipher(MasterKey.load(properties, dataDirectory));
    }
}
