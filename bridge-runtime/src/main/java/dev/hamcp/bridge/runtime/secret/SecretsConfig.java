package dev.hamcp.bridge.runtime.secret;

import dev.hamcp.bridge.command.secret.DataKeyShredder;
import dev.hamcp.bridge.command.secret.SecretCipher;
import dev.hamcp.bridge.command.secret.SecretUnavailableException;
import dev.hamcp.bridge.query.user.PersonalData;
import dev.hamcp.bridge.runtime.DataDirectory;
import java.util.Optional;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Envelope encryption: master keys from configuration or the data directory, data keys in PostgreSQL. */
@Configuration(proxyBeanMethods = false)
class SecretsConfig {

    @Bean
    MasterKeys masterKeys(SecretsProperties properties, DataDirectory dataDirectory) {
        return MasterKeys.load(properties, dataDirectory);
    }

    @Bean
    SecretCipher secretCipher(MasterKeys masterKeys, JdbcTemplate jdbc) {
        return new SecretCipher(masterKeys, new JdbcDataKeyStore(jdbc));
    }

    /**
     * Personal data opens for the read models that show it; once its owner's key is destroyed there is
     * nothing to show (a replay after a deletion).
     */
    @Bean
    PersonalData personalData(SecretCipher cipher) {
        return text -> {
            try {
                return Optional.of(cipher.open(text));
            } catch (SecretUnavailableException e) {
                return Optional.empty();
            }
        };
    }

    /**
     * Axon's default logs a failing handler and goes on; a user deleted while their data key
     * survives would break the promise of crypto-shredding, so the deletion fails instead.
     */
    @Bean
    ConfigurerModule dataKeyShredderErrors() {
        return configurer -> configurer
                .eventProcessing()
                .registerListenerInvocationErrorHandler(
                        DataKeyShredder.PROCESSOR, config -> PropagatingErrorHandler.instance());
    }
}
