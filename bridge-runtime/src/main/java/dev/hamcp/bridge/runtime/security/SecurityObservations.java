package dev.hamcp.bridge.runtime.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * Spring Security observes nothing of its own. With observations merely disabled by name
 * ({@code management.observations.enable.spring.security=false}), it still wrapped every filter
 * of the chain in an observing decorator, on every request, to create no-op observations; with
 * these settings it installs no decorator at all. {@code http.server.requests} still measures
 * every request.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservations {

    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
