package dev.hamcp.bridge.runtime.homeassistant;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Users' Home Assistant connections ({@code bridge.homeassistant.*}; where they may point is
 * {@link DestinationProperties}).
 *
 * @param testsPerMinute connection tests one user may run a minute, saved or not: each one makes
 *     the bridge reach out to an address the user chose
 */
@Validated
@ConfigurationProperties("bridge.homeassistant")
public record HaConnectionProperties(
        @DefaultValue("10") @Min(1) int testsPerMinute) {}
