package dev.hamcp.bridge.api.token;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The name resolver of this module's test JVM (registered in META-INF/services): it records every
 * name the JDK would have asked DNS for and resolves none, so a test can prove that parsing never
 * leaves the machine.
 */
public class RecordingResolverProvider extends InetAddressResolverProvider {

    private static final List<String> LOOKUPS = new CopyOnWriteArrayList<>();

    /** The names looked up since the JVM started, in order. */
    static List<String> lookups() {
        return List.copyOf(LOOKUPS);
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                LOOKUPS.add(host);
                throw new UnknownHostException(host + " (no DNS in these tests)");
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "recording, resolves nothing";
    }
}
