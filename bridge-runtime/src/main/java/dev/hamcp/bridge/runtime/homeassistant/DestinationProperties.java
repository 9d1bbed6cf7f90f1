package dev.hamcp.bridge.runtime.homeassistant;

import dev.hamcp.bridge.api.token.Network;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where users' Home Assistant connections may point ({@code bridge.homeassistant.destinations.*}).
 * Link-local and cloud metadata addresses are refused whatever is set here.
 *
 * @param mode {@code private-and-public}: any address but the always-refused ones (loopback and
 *     private ranges included, as most Home Assistants live on the home network); {@code allow-list}:
 *     only addresses inside {@code allowedNetworks}
 * @param allowedNetworks CIDR blocks ({@code 192.168.1.0/24}, {@code fd00::/8}, one address) that
 *     allow-list mode admits; ignored in the other mode
 */
@ConfigurationProperties("bridge.homeassistant.destinations")
public record DestinationProperties(
        @DefaultValue("private-and-public") Mode mode,
        @DefaultValue List<String> allowedNetworks) {

    /** How destinations are chosen. */
    public enum Mode {
        PRIVATE_AND_PUBLIC,
        ALLOW_LIST
    }

    public DestinationProperties {
        mode = mode == null ? Mode.PRIVATE_AND_PUBLIC : mode;
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        if (mode == Mode.ALLOW_LIST && allowedNetworks.isEmpty()) {
            throw new IllegalArgumentException(
                    "bridge.homeassistant.destinations.allowed-networks must name at least one network in allow-list mode");
        }
        networks(allowedNetworks);
    }

    /** The allowed networks, parsed. */
    List<Network> networks() {
        return networks(allowedNetworks);
    }

    private static List<Network> networks(List<String> cidrs) {
        return cidrs.stream()
                .map(cidr -> {
                    try {
                        return Network.parse(cidr.strip());
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException(
                                "bridge.homeassistant.destinations.allowed-networks: " + e.getMessage(), e);
                    }
                })
                .toList();
    }
}
