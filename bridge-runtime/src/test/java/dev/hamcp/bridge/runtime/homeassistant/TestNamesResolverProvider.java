package dev.hamcp.bridge.runtime.homeassistant;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The name resolver of bridge-runtime's test JVM (registered in META-INF/services): names under
 * {@code bridge.test} answer what their last labels say, so that tests can point a host name at
 * the metadata address without any DNS; every other name goes to the JDK's own resolver. Each
 * {@code bridge.test} lookup is recorded, so a test can count how often a name was resolved (give
 * each test its own first label, such as {@code run-42.loopback.bridge.test}). The test JVM runs with
 * the JDK's name cache off ({@code -Dsun.net.inetaddr.ttl=0}, see the pom), so every lookup is counted
 * and a {@linkplain #SWITCHED switched} name answers anew at once.
 */
public class TestNamesResolverProvider extends InetAddressResolverProvider {

    /** {@code *.loopback.bridge.test}: 127.0.0.1. */
    public static final String LOOPBACK = "loopback.bridge.test";
    /** {@code *.metadata.bridge.test}: 169.254.169.254, the clouds' metadata service. */
    public static final String METADATA = "metadata.bridge.test";
    /** {@code *.mixed.bridge.test}: 127.0.0.1 first, then 169.254.169.254. */
    public static final String MIXED = "mixed.bridge.test";
    /** {@code *.mapped.bridge.test}: ::ffff:169.254.169.254, kept as an IPv6 address. */
    public static final String MAPPED = "mapped.bridge.test";
    /** {@code *.public.bridge.test}: 203.0.113.10 (documentation range, treated as public). */
    public static final String PUBLIC = "public.bridge.test";

    /** {@code *.switch.bridge.test}: 127.0.0.1, until a test {@linkplain #pointAt points} the name elsewhere. */
    public static final String SWITCHED = "switch.bridge.test";

    private static final List<String> LOOKUPS = new CopyOnWriteArrayList<>();
    private static final Map<String, byte[]> SWITCHED_ANSWERS = new ConcurrentHashMap<>();

    /** Makes {@code host}, a name under {@link #SWITCHED}, resolve to the IPv4 address {@code a.b.c.d} from now on. */
    public static void pointAt(String host, int a, int b, int c, int d) {
        String name = host.toLowerCase(Locale.ROOT);
        if (!matches(name, SWITCHED)) {
            throw new IllegalArgumentException(host + " is not under " + SWITCHED);
        }
        SWITCHED_ANSWERS.put(name, new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }

    /** How many times {@code host} was looked up through this resolver. */
    public static long lookupsOf(String host) {
        return LOOKUPS.stream().filter(host::equalsIgnoreCase).count();
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                String name = host.toLowerCase(Locale.ROOT);
                if (!name.endsWith("bridge.test")) {
                    return builtin.lookupByName(host, policy);
                }
                LOOKUPS.add(name);
                if (matches(name, LOOPBACK)) {
                    return Stream.of(v4(host, 127, 0, 0, 1));
                }
                if (matches(name, METADATA)) {
                    return Stream.of(v4(host, 169, 254, 169, 254));
                }
                if (matches(name, MIXED)) {
                    return Stream.of(v4(host, 127, 0, 0, 1), v4(host, 169, 254, 169, 254));
                }
                if (matches(name, MAPPED)) {
                    byte[] mapped = {
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        (byte) 0xff,
                        (byte) 0xff,
                        (byte) 169,
                        (byte) 254,
                        (byte) 169,
                        (byte) 254
                    };
                    return Stream.of(Inet6Address.getByAddress(host, mapped, -1));
                }
                if (matches(name, SWITCHED)) {
                    byte[] answer = SWITCHED_ANSWERS.get(name);
                    return Stream.of(
                            answer == null ? v4(host, 127, 0, 0, 1) : InetAddress.getByAddress(host, answer.clone()));
                }
                if (matches(name, PUBLIC)) {
                    return Stream.of(v4(host, 203, 0, 113, 10));
                }
                throw new UnknownHostException(host + " (not a test name)");
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "bridge.test names, else the JDK's resolver";
    }

    private static boolean matches(String name, String suffix) {
        return name.equals(suffix) || name.endsWith("." + suffix);
    }

    private static InetAddress v4(String host, int a, int b, int c, int d) throws UnknownHostException {
        return InetAddress.getByAddress(host, new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    }
}
