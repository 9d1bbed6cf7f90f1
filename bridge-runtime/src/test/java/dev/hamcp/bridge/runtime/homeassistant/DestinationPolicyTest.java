package dev.hamcp.bridge.runtime.homeassistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.api.error.ErrorCode;
import dev.hamcp.bridge.runtime.web.ApiException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyTest {

    private final DestinationPolicy open =
            new DestinationPolicy(new DestinationProperties(DestinationProperties.Mode.PRIVATE_AND_PUBLIC, List.of()));

    private final DestinationPolicy allowList = new DestinationPolicy(
            new DestinationProperties(DestinationProperties.Mode.ALLOW_LIST, List.of("192.168.1.0/24", "fd00::/8")));

    private static String unique(String suffix) {
        return "run-" + UUID.randomUUID() + "." + suffix;
    }

    // ---- the URL's form --------------------------------------------------------------------

    @Test
    void aPlainBaseUrlIsTakenApartIntoSchemeHostPortAndBasePath() {
        HaUrl url = open.parse("http://HomeAssistant.local:8123/");

        assertThat(url).isEqualTo(new HaUrl("http", "homeassistant.local", 8123, ""));
        assertThat(url.path("/api/config")).isEqualTo("/api/config");
        assertThat(url.authority()).isEqualTo("homeassistant.local:8123");
    }

    @Test
    void aBasePathBehindAProxyIsKeptAndTheDefaultPortIsLeftOutOfTheHostHeader() {
        HaUrl url = open.parse("https://example.org/home-assistant");

        assertThat(url.port()).isEqualTo(443);
        assertThat(url.authority()).isEqualTo("example.org");
        assertThat(url.path("/api/")).isEqualTo("/home-assistant/api/");
        assertThat(url).hasToString("https://example.org/home-assistant");
    }

    @Test
    void anIpv6LiteralLosesItsBracketsAsAHostAndKeepsThemInTheHostHeader() {
        HaUrl url = open.parse("http://[fd00::12]:8123");

        assertThat(url.host()).isEqualTo("fd00::12");
        assertThat(url.authority()).isEqualTo("[fd00::12]:8123");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://homeassistant.local/",
                "file:///etc/passwd",
                "gopher://127.0.0.1:6379/",
                "homeassistant.local:8123",
                "mailto:someone@example.org",
                "http://",
                "http:///api",
                "http://under_score.local/",
                "http://bad host/",
                "http://homeassistant.local:99999/",
                "http://homeassistant.local/?next=http://169.254.169.254/",
                "http://homeassistant.local/#fragment",
                "http://homeassistant.local/api/mcp",
                "http://homeassistant.local/api/",
                "http://homeassistant.local/a/../b",
                "",
                "   "
            })
    void urlsThatAreNotAPlainHttpOrHttpsBaseUrlAreRefusedAsInvalid(String url) {
        assertThatThrownBy(() -> open.parse(url)).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                .isEqualTo(ErrorCode.INVALID_HA_CONNECTION));
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> open.parse("https://admin:hunter2-secret@homeassistant.local/"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_HA_CONNECTION);
                    assertThat(e.getMessage()).contains("user name or password").doesNotContain("hunter2");
                });
    }

    @Test
    void aMissingUrlIsInvalidToo() {
        assertThatThrownBy(() -> open.parse(null)).isInstanceOf(ApiException.class);
    }

    // ---- destinations ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "169.254.169.254",
                "169.254.170.2",
                "0.0.0.0",
                "100.100.100.200",
                "224.0.0.1",
                "255.255.255.255",
                "fe80::1",
                "fd00:ec2::254",
                "::",
                "ff02::1",
                "::ffff:169.254.169.254",
                "::169.254.169.254",
                "64:ff9b::a9fe:a9fe",
                "2002:a9fe:a9fe::1"
            })
    void linkLocalMetadataAndReservedAddressesAreAlwaysRefused(String address) throws Exception {
        InetAddress literal = InetAddress.getByName(address);

        assertThat(open.refusal(literal)).isPresent();
        assertThat(allowList.refusal(literal)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.9", "192.168.1.20", "fd12::1", "100.64.1.1"})
    void loopbackAndPrivateAddressesAreAllowedByDefaultAndCountAsPrivate(String address) throws Exception {
        InetAddress literal = InetAddress.getByName(address);

        assertThat(open.refusal(literal)).isEmpty();
        assertThat(open.isPrivate(literal)).isTrue();
    }

    @Test
    void publicAddressesAreAllowedByDefault() throws Exception {
        assertThat(open.refusal(InetAddress.getByName("203.0.113.10"))).isEmpty();
        assertThat(open.isPrivate(InetAddress.getByName("203.0.113.10"))).isFalse();
    }

    @Test
    void aMetadataLiteralUrlIsRefusedAsADestination() {
        assertThatThrownBy(() -> open.resolve(open.parse("http://169.254.169.254/")))
                .isInstanceOfSatisfying(DestinationRefused.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DESTINATION_REFUSED);
                    assertThat(e.getMessage()).startsWith("169.254.169.254 is an address the bridge never connects to");
                });
    }

    @Test
    void aNameThatResolvesToTheMetadataAddressIsRefusedWithoutNamingTheAddress() {
        String host = unique(TestNamesResolverProvider.METADATA);

        assertThatThrownBy(() -> open.resolve(open.parse("http://" + host + ":8123")))
                .isInstanceOfSatisfying(DestinationRefused.class, e -> assertThat(e.getMessage())
                        .startsWith(host + " resolves to an address the bridge never connects to")
                        .doesNotContain("169.254"));
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsForbiddenEvenIfTheFirstIsFine() {
        String host = unique(TestNamesResolverProvider.MIXED);

        assertThatThrownBy(() -> open.resolve(open.parse("http://" + host))).isInstanceOf(DestinationRefused.class);
    }

    @Test
    void anIpv6MappedMetadataAddressFromDnsIsRefused() {
        String host = unique(TestNamesResolverProvider.MAPPED);

        assertThatThrownBy(() -> open.resolve(open.parse("http://" + host))).isInstanceOf(DestinationRefused.class);
    }

    @Test
    void anAllowedNameIsResolvedOnceAndPinnedToItsAddressUnderItsName() throws Exception {
        String host = unique(TestNamesResolverProvider.LOOPBACK);

        Destination destination = open.resolve(open.parse("http://" + host + ":8123"));

        assertThat(TestNamesResolverProvider.lookupsOf(host)).isEqualTo(1);
        assertThat(destination.address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(destination.socketAddress().isUnresolved()).isFalse();
        assertThat(destination.socketAddress().getHostString()).isEqualTo(host);
        assertThat(destination.socketAddress().getPort()).isEqualTo(8123);
        assertThat(destination.warnings()).isEmpty();
    }

    @Test
    void plainHttpToAPublicAddressIsAllowedWithAWarning() throws Exception {
        Destination plain = open.resolve(open.parse("http://" + unique(TestNamesResolverProvider.PUBLIC)));
        Destination secure = open.resolve(open.parse("https://" + unique(TestNamesResolverProvider.PUBLIC)));

        assertThat(plain.warnings()).singleElement().asString().contains("Plain http to a public address");
        assertThat(secure.warnings()).isEmpty();
    }

    @Test
    void anUnknownNameFailsAsUnknownHost() {
        assertThatThrownBy(() -> open.resolve(open.parse("http://nowhere.invalid")))
                .isInstanceOf(UnknownHostException.class);
    }

    // ---- allow-list mode -------------------------------------------------------------------

    @Test
    void allowListModeAdmitsOnlyTheListedNetworks() throws Exception {
        assertThat(allowList.refusal(InetAddress.getByName("192.168.1.20"))).isEmpty();
        assertThat(allowList.refusal(InetAddress.getByName("fd00::12"))).isEmpty();
        assertThat(allowList.refusal(InetAddress.getByName("192.168.2.20")))
                .get()
                .asString()
                .contains("allowed-networks");
        assertThat(allowList.refusal(InetAddress.getByName("127.0.0.1"))).isPresent();
        assertThat(allowList.refusal(InetAddress.getByName("203.0.113.10"))).isPresent();
    }

    @Test
    void allowListModeReadsAnIpv4MappedAddressAsTheIpv4AddressItReaches() throws Exception {
        var mapped = java.net.Inet6Address.getByAddress(
                null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, (byte) 168, 1, 20},
                -1);

        assertThat(allowList.refusal(mapped)).isEmpty();
    }

    @Test
    void allowListModeNeverAdmitsTheAlwaysRefusedAddressesEvenWhenListed() throws Exception {
        var listed = new DestinationPolicy(new DestinationProperties(
                DestinationProperties.Mode.ALLOW_LIST, List.of("169.254.0.0/16", "0.0.0.0/0")));

        assertThat(listed.refusal(InetAddress.getByName("169.254.169.254"))).isPresent();
        assertThat(listed.refusal(InetAddress.getByName("10.0.0.1"))).isEmpty();
    }

    @Test
    void allowListModeWithoutNetworksOrWithAMalformedOneStopsTheBridgeAtStart() {
        assertThatThrownBy(() -> new DestinationProperties(DestinationProperties.Mode.ALLOW_LIST, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowed-networks");
        assertThatThrownBy(() -> new DestinationProperties(
                        DestinationProperties.Mode.ALLOW_LIST, List.of("homeassistant.local")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowed-networks");
    }
}
