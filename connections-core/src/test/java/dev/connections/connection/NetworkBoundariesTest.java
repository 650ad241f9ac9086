package dev.connections.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The edges of every range the base-URL policy refuses, IPv4 parts at their limits, host labels and
 * allow-list ranges of full length (issue 25): each row is the first or last address of a range, or its
 * neighbour outside.
 */
class NetworkBoundariesTest {
    private static final String LEAD = "The base URL must point to a public address; ";
    private final BaseUrlPolicy defaults = BaseUrlPolicy.defaults();

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("each reserved range is refused from its first to its last address, with its reason")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            0.0.0.0           | the unspecified address
            0.0.0.1           | a "this network" address
            0.0.1.0           | a "this network" address
            0.1.0.0           | a "this network" address
            0.255.255.255     | a "this network" address
            1.0.0.0           | public
            9.255.255.255     | public
            10.0.0.0          | a private network address
            10.255.255.255    | a private network address
            11.0.0.0          | public
            100.63.255.255    | public
            100.64.0.0        | a carrier-grade NAT address
            100.127.255.255   | a carrier-grade NAT address
            100.128.0.0       | public
            126.255.255.255   | public
            127.0.0.0         | a loopback address
            127.255.255.255   | a loopback address
            128.0.0.0         | public
            169.253.255.255   | public
            169.254.0.0       | a link-local address (cloud metadata services live here)
            169.254.255.255   | a link-local address (cloud metadata services live here)
            169.255.0.0       | public
            172.15.255.255    | public
            172.16.0.0        | a private network address
            172.31.255.255    | a private network address
            172.32.0.0        | public
            192.0.0.0         | a reserved address
            192.0.0.255       | a reserved address
            192.0.1.0         | public
            192.0.2.0         | a reserved address
            192.0.2.255       | a reserved address
            192.0.3.0         | public
            192.1.2.0         | public
            192.167.255.255   | public
            192.168.0.0       | a private network address
            192.168.255.255   | a private network address
            192.169.0.0       | public
            198.17.255.255    | public
            198.18.0.0        | a reserved address
            198.19.255.255    | a reserved address
            198.20.0.0        | public
            198.51.99.255     | public
            198.51.100.0      | a reserved address
            198.51.100.255    | a reserved address
            198.51.101.0      | public
            198.52.100.1      | public
            203.0.112.255     | public
            203.0.113.0       | a reserved address
            203.0.113.255     | a reserved address
            203.0.114.0       | public
            203.1.113.1       | public
            223.255.255.255   | public
            224.0.0.0         | a multicast address
            239.255.255.255   | a multicast address
            240.0.0.0         | a reserved address
            255.255.255.254   | a reserved address
            255.255.255.255   | the broadcast address
            """)
    void ipv4RangeEdges(String address, String reason) {
        BaseUrlPolicy.Verdict verdict = defaults.check("https://" + address);
        if (reason.equals("public")) {
            assertThat(verdict.allowed()).as(address).isTrue();
        } else {
            assertThat(verdict.message()).isEqualTo(LEAD + address + " is " + reason + ".");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("an IPv4 part is read up to 255 and never wraps into the next part")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            8.8.8.199     | accepted
            8.8.8.200     | accepted
            8.8.8.249     | accepted
            8.8.8.250     | accepted
            8.8.8.255     | accepted
            8.8.255.8     | accepted
            8.8.8.256     | ambiguous
            8.8.256.8     | ambiguous
            8.8.8.260     | ambiguous
            8.8.8.300     | ambiguous
            8.8.8.08      | ambiguous
            """)
    void ipv4PartLimits(String address, String expected) {
        BaseUrlPolicy.Verdict verdict = defaults.check("https://" + address);
        if (expected.equals("accepted")) {
            assertThat(verdict.allowed()).as(address).isTrue();
        } else {
            assertThat(verdict.message()).as(address).isEqualTo(IpAddresses.AMBIGUOUS_IPV4);
        }
    }

    @Test
    @DisplayName("the last part of an address is its last byte: 8.8.8.255 is not 8.8.9.0")
    void partsAreReadIntoTheirOwnByte() {
        assertThat(IpAddresses.parseIpv4("8.8.8.255"))
                .hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(8, 8, 8, (byte) 255));
        assertThat(IpAddresses.parseIpv4("250.1.0.199"))
                .hasValueSatisfying(bytes -> assertThat(bytes).containsExactly((byte) 250, 1, 0, (byte) 199));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("host labels: letters, digits, inner hyphens and underscores, at most 63 characters")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            https://a_b.example.com                  | accepted
            https://_dmarc.example.com               | accepted
            https://a-b.example.com                  | accepted
            https://x.example.com                    | accepted
            https://-api.example.com                 | refused
            https://api-.example.com                 | refused
            https://api..example.com                 | refused
            https://a$b.example.com                  | refused
            """)
    void hostLabels(String url, String expected) {
        assertThat(defaults.check(url).allowed()).as(url).isEqualTo(expected.equals("accepted"));
    }

    @Test
    @DisplayName("a 63-character label is a host name, a 64-character one is not")
    void labelLength() {
        String label63 = "a".repeat(62) + "z";
        assertThat(defaults.check("https://" + label63 + ".example.com").allowed())
                .isTrue();
        assertThat(defaults.check("https://" + label63 + "z.example.com").allowed())
                .isFalse();
        assertThat(BaseUrlPolicy.allowing(label63 + ".corp.internal")
                        .check("https://" + label63 + ".corp.internal")
                        .allowed())
                .isTrue();
        assertThatThrownBy(() -> BaseUrlPolicy.allowing(label63 + "z.corp.internal"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseUrlPolicy.allowing("-vault.corp.internal"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseUrlPolicy.allowing("vault-.corp.internal"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BaseUrlPolicy.allowing("va_ult.corp.internal")
                        .check("https://va_ult.corp.internal")
                        .allowed())
                .isTrue();
    }

    @ParameterizedTest(name = "{0} admits {1}: {2}")
    @DisplayName("allow-list ranges of full length, three-digit IPv6 prefixes and entries starting with ':'")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            10.20.3.4/32          | https://10.20.3.4                       | true
            10.20.3.4/32          | https://10.20.3.5                       | false
            10.20.3.4/31          | https://10.20.3.5                       | true
            10.20.3.4/31          | https://10.20.3.6                       | false
            192.168.0.0/24        | https://192.168.0.255                   | true
            192.168.0.0/24        | https://192.168.1.0                     | false
            fd00::5/128           | https://[fd00::5]                       | true
            fd00::5/128           | https://[fd00::4]                       | false
            fd00::/100            | https://[fd00::fff:ffff]                | true
            fd00::/100            | https://[fd00::1000:0]                  | false
            fd00::/104            | https://[fd00::ff:ffff]                 | true
            fd00::/104            | https://[fd00::100:0]                   | false
            ::ffff:10.20.3.4      | https://10.20.3.4                       | true
            ::ffff:10.20.3.4      | https://10.20.3.5                       | false
            [fd00::5]/128         | https://[fd00::5]                       | true
            """)
    void allowListRanges(String entry, String url, boolean admitted) {
        assertThat(BaseUrlPolicy.allowing(entry).check(url).allowed())
                .as(entry + " / " + url)
                .isEqualTo(admitted);
    }

    @Test
    @DisplayName("a prefix longer than the address, or written with more than three digits, is refused")
    void badPrefixes() {
        for (String entry : new String[] {
            "10.0.0.0/33", "fd00::/129", "fd00::/0128", "10.0.0.0/", "10.0.0.0/x", "fd00::/-1", "vault.corp.internal/24"
        }) {
            assertThatThrownBy(() -> BaseUrlPolicy.allowing(entry))
                    .as(entry)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @DisplayName("each IPv6 range is refused with its own reason, and an embedded IPv4 address is judged as one")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            ::                    | the unspecified address
            ::1                   | a loopback address
            ::2                   | an IPv4-compatible form of 0.0.0.2, a "this network" address
            ::8.8.8.8             | a deprecated form of 8.8.8.8
            ::ffff:10.0.0.5       | an IPv4-mapped form of 10.0.0.5, a private network address
            ::ffff:8.8.8.8        | public
            64:ff9b::a00:5        | a NAT64 form of 10.0.0.5, a private network address
            64:ff9b::808:808      | public
            64:ff9b:1::1          | a local-use NAT64 address
            2002:a00:5::          | a 6to4 form of 10.0.0.5, a private network address
            2002:808:808::        | public
            fc00::1               | a unique-local address
            fdff:ffff::1          | a unique-local address
            fe80::1               | a link-local address
            febf:ffff::1          | a link-local address
            fec0::1               | a site-local address
            feff::1               | a site-local address
            ff02::1               | a multicast address
            2001:db8::1           | a documentation address
            2001:db9::1           | public
            2000::1               | public
            3fff:ffff::1          | public
            4000::1               | not a global unicast address
            1fff::1               | not a global unicast address
            fbff::1               | not a global unicast address
            """)
    void ipv6Ranges(String address, String reason) {
        BaseUrlPolicy.Verdict verdict = defaults.check("https://[" + address + "]");
        if (reason.equals("public")) {
            assertThat(verdict.allowed()).as(address).isTrue();
        } else {
            assertThat(verdict.message()).isEqualTo(LEAD + "[" + address + "] is " + reason + ".");
        }
    }

    @Test
    @DisplayName("only the IPv4-mapped form of an allowed IPv4 address is that address")
    void mappedFormsOfAllowedAddresses() {
        BaseUrlPolicy policy = BaseUrlPolicy.allowing("10.20.3.4");
        assertThat(policy.check("https://[::ffff:a14:304]").allowed()).isTrue();
        assertThat(policy.check("https://[::a14:304]").allowed()).isFalse();
        assertThat(policy.check("https://[::fffe:a14:304]").allowed()).isFalse();
        assertThat(policy.check("https://[::1:ffff:a14:304]").allowed()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("each malformed part of a URL gets its own field message")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            https://@api.acme.example          | A base URL cannot contain a user name or password; the key is sent separately.
            https://:443                       | Enter a base URL with a host name, e.g. https://api.example.com.
            https://%61pi.acme.example         | A host name cannot contain percent-encoded characters or zone ids.
            https://api.acme.example:65536     | Enter a valid port after the host name, e.g. https://api.example.com:8443.
            https://api.acme.example:123456    | Enter a valid port after the host name, e.g. https://api.example.com:8443.
            """)
    void fieldMessages(String url, String message) {
        assertThat(defaults.problems(url)).contains(message);
    }

    @Test
    @DisplayName("ports up to 65535, URLs up to 2000 characters and names up to 253 characters")
    void lengthLimits() {
        assertThat(defaults.check("https://api.acme.example:65535").allowed()).isTrue();
        assertThat(defaults.check("https://api.acme.example:08443").allowed()).isTrue();
        String base = "https://api.acme.example/";
        assertThat(defaults.check(base + "a".repeat(2000 - base.length())).allowed())
                .isTrue();
        assertThat(defaults.problems(base + "a".repeat(2001 - base.length())))
                .containsExactly("A base URL has at most 2000 characters.");
        String name253 = ("a".repeat(62) + ".").repeat(4).substring(0, 249) + ".com";
        assertThat(name253).hasSize(253);
        assertThat(defaults.check("https://" + name253).allowed()).isTrue();
        assertThat(defaults.check("https://a" + name253).allowed()).isFalse();
    }
}
