package dev.hamcp.bridge.api.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hamcp.bridge.api.error.BusinessError;
import dev.hamcp.bridge.api.error.ErrorCode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTest {

    // Literals only: the JDK parses them without asking any resolver.
    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private static boolean contains(String cidr, String address) {
        return Network.parse(cidr).contains(address(address));
    }

    private static void assertRefused(String cidr) {
        assertThatThrownBy(() -> Network.parse(cidr))
                .as(cidr)
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.<BusinessError>getDetails())
                        .hasValueSatisfying(error -> assertThat(error.code()).isEqualTo(ErrorCode.INVALID_NETWORK)));
    }

    @Test
    void anIpv4BlockIsReadWithItsPrefix() {
        Network network = Network.parse("192.168.1.0/24");

        assertThat(network.base()).containsExactly(192, 168, 1, 0);
        assertThat(network.prefixLength()).isEqualTo(24);
    }

    @Test
    void anIpv6BlockIsReadWithItsPrefix() {
        Network network = Network.parse("fd00::/8");

        assertThat(network.base()).hasSize(16).startsWith((byte) 0xfd);
        assertThat(network.prefixLength()).isEqualTo(8);
    }

    @Test
    void aSingleAddressIsABlockOfOne() {
        assertThat(Network.parse("10.1.2.3").prefixLength()).isEqualTo(32);
        assertThat(Network.parse("2001:db8::1").prefixLength()).isEqualTo(128);
        assertThat(contains("10.1.2.3", "10.1.2.3")).isTrue();
        assertThat(contains("10.1.2.3", "10.1.2.4")).isFalse();
        assertThat(contains("2001:db8::1", "2001:db8::1")).isTrue();
        assertThat(contains("2001:db8::1", "2001:db8::2")).isFalse();
    }

    @Test
    void prefixesFromZeroToTheAddressLengthAreAccepted() {
        assertThat(Network.parse("0.0.0.0/0").prefixLength()).isZero();
        assertThat(Network.parse("10.0.0.1/32").prefixLength()).isEqualTo(32);
        assertThat(Network.parse("::/0").prefixLength()).isZero();
        assertThat(Network.parse("::1/128").prefixLength()).isEqualTo(128);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"10.0.0.0/33", "10.0.0.0/-1", "::/129", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/8/8", "10.0.0.0/+8"
            })
    void prefixesOutsideTheAddressLengthOrNotNumbersAreRefused(String cidr) {
        assertRefused(cidr);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "localhost",
                "example.org",
                "router.local/24",
                "999.1.1.1",
                "256.0.0.0/8",
                "1.2.3",
                "1.2.3.4.5",
                ".::1",
                ".:",
                "fe80::1%eth0",
                "[::1]",
                "12::34::56",
                "::g"
            })
    void hostNamesAndMalformedAddressesAreRefusedWithoutAskingDns(String cidr) {
        assertRefused(cidr);

        assertThat(RecordingResolverProvider.lookups()).doesNotContain(cidr, cidr.split("/")[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "10.0.0.01/32", "192.168.001.0/24"})
    void ipv4PartsWithLeadingZerosAreRefusedAsSomeToolsReadThemAsOctal(String cidr) {
        assertRefused(cidr);
    }

    @Test
    void emptyBlankAndOverlongInputIsRefused() {
        assertRefused(null);
        assertRefused("");
        assertRefused("   ");
        assertRefused("1".repeat(65));
    }

    @Test
    void anIpv4MappedIpv6BlockIsRefusedRatherThanReadAsIpv4() {
        assertRefused("::ffff:10.0.0.0/104");
    }

    @Test
    void aBlockOnAByteBoundaryContainsItsFirstAndLastAddressAndNothingOutside() {
        assertThat(contains("192.168.1.0/24", "192.168.1.0")).isTrue();
        assertThat(contains("192.168.1.0/24", "192.168.1.255")).isTrue();
        assertThat(contains("192.168.1.0/24", "192.168.0.255")).isFalse();
        assertThat(contains("192.168.1.0/24", "192.168.2.0")).isFalse();
    }

    @Test
    void aBlockInsideAByteContainsItsFirstAndLastAddressAndNothingOutside() {
        assertThat(contains("10.0.0.0/25", "10.0.0.0")).isTrue();
        assertThat(contains("10.0.0.0/25", "10.0.0.127")).isTrue();
        assertThat(contains("10.0.0.0/25", "10.0.0.128")).isFalse();
        assertThat(contains("10.0.0.128/25", "10.0.0.128")).isTrue();
        assertThat(contains("10.0.0.128/25", "10.0.0.127")).isFalse();
        assertThat(contains("172.16.0.0/12", "172.31.255.255")).isTrue();
        assertThat(contains("172.16.0.0/12", "172.32.0.0")).isFalse();
    }

    @Test
    void hostBitsInTheWrittenBaseAreIgnored() {
        assertThat(contains("192.168.1.77/24", "192.168.1.1")).isTrue();
        assertThat(contains("192.168.1.77/24", "192.168.2.77")).isFalse();
    }

    @Test
    void ipv6BlocksContainTheirFirstAndLastAddressAndNothingOutside() {
        assertThat(contains("fd00::/8", "fd00::")).isTrue();
        assertThat(contains("fd00::/8", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
                .isTrue();
        assertThat(contains("fd00::/8", "fe00::")).isFalse();
        assertThat(contains("fd00::/8", "fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
                .isFalse();
        assertThat(contains("2001:db8::/33", "2001:db8:7fff::1")).isTrue();
        assertThat(contains("2001:db8::/33", "2001:db8:8000::")).isFalse();
    }

    @Test
    void theWholeAddressSpaceOfOneFamilyContainsEveryAddressOfIt() {
        assertThat(contains("0.0.0.0/0", "255.255.255.255")).isTrue();
        assertThat(contains("::/0", "2001:db8::1")).isTrue();
    }

    @Test
    void ipv4AndIpv6NeverMatchEachOther() {
        assertThat(contains("0.0.0.0/0", "::1")).isFalse();
        assertThat(contains("0.0.0.0/0", "2001:db8::1")).isFalse();
        assertThat(contains("::/0", "127.0.0.1")).isFalse();
        assertThat(contains("::/0", "10.0.0.1")).isFalse();
    }
}
