package dev.connections.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.id.IntegrationId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BaseUrlPolicyTest {
    private final BaseUrlPolicy defaults = BaseUrlPolicy.defaults();

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("the default policy accepts public https URLs and refuses internal ones in every spelling")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            https://api.acme.example/v2                | accepted
            https://API.ACME.EXAMPLE/v2                | accepted
            HTTPS://api.acme.example                   | accepted
            https://api.acme.example.:8443/v1          | accepted
            https://api.acme.example:443               | accepted
            https://8.8.8.8                            | accepted
            https://8.8.8.8:8443/x                     | accepted
            https://[2001:4860:4860::8888]/v1          | accepted
            https://[::ffff:8.8.8.8]                   | accepted
            https://134744072                          | refused
            https://bücher.example                     | accepted
            https://my_service.acme.example            | accepted
            http://api.acme.example                    | refused
            HTTP://api.acme.example                    | refused
            ftp://api.acme.example                     | refused
            file:///etc/passwd                         | refused
            not a url                                  | refused
            https://                                   | refused
            https:api.acme.example                     | refused
            https://user:pw@api.acme.example           | refused
            https://user@api.acme.example              | refused
            https://api.acme.example:99999             | refused
            https://localhost                          | refused
            https://LOCALHOST:8080                     | refused
            https://localhost.                         | refused
            https://api.localhost                      | refused
            https://metadata.google.internal           | refused
            https://metadata                           | refused
            https://instance-data                      | refused
            https://printer.local                      | refused
            https://intranet                           | refused
            https://127.0.0.1                          | refused
            https://127.0.0.1.                         | refused
            https://127.1                              | refused
            https://2130706433                         | refused
            https://0177.0.0.1                         | refused
            https://0x7f.1                             | refused
            https://0x7F000001                         | refused
            https://017700000001                       | refused
            https://10.0.0.5                           | refused
            https://012.0.0.5                          | refused
            https://167772165                          | refused
            https://172.16.0.1                         | refused
            https://172.31.255.255                     | refused
            https://192.168.1.1                        | refused
            https://0xc0.0xa8.1.1                      | refused
            https://169.254.169.254/latest/meta-data   | refused
            https://2852039166                         | refused
            https://0xa9fea9fe                         | refused
            https://100.64.0.1                         | refused
            https://100.100.100.200                    | refused
            https://0.0.0.0                            | refused
            https://0                                  | refused
            https://0.1.2.3                            | refused
            https://224.0.0.1                          | refused
            https://255.255.255.255                    | refused
            https://4294967295                         | refused
            https://4294967296                         | refused
            https://1.2.3.4.5                          | refused
            https://256.1.1.1                          | refused
            https://api.0x10                           | refused
            https://[::1]                              | refused
            https://[::1]:8443/v1                      | refused
            https://[::]                               | refused
            https://[0:0:0:0:0:0:0:1]                  | refused
            https://[::ffff:127.0.0.1]                 | refused
            https://[::ffff:7f00:1]                    | refused
            https://[::ffff:a9fe:a9fe]                 | refused
            https://[::127.0.0.1]                      | refused
            https://[::10.0.0.5]                       | refused
            https://[64:ff9b::169.254.169.254]         | refused
            https://[2002:c0a8:0101::1]                | refused
            https://[fe80::1]                          | refused
            https://[fe80::1%25eth0]                   | refused
            https://[fc00::1]                          | refused
            https://[fd00:ec2::254]                    | refused
            https://[ff02::1]                          | refused
            https://[2001:db8::1]                      | refused
            https://%31%32%37.0.0.1                    | refused
            https://１２７.0.0.1                         | refused
            https://127。0。0。1                          | refused
            """)
    void table(String url, String expected) {
        BaseUrlPolicy.Verdict verdict = defaults.check(url);
        assertThat(verdict.allowed()).as(url + ": " + verdict.message()).isEqualTo(expected.equals("accepted"));
        if (verdict.allowed()) {
            assertThat(verdict.message()).as(url).isEmpty();
            assertThat(verdict.problem()).isEmpty();
        } else {
            assertThat(verdict.message()).as(url).isNotBlank().endsWith(".");
            assertThat(verdict.problem()).contains(verdict.message());
        }
    }

    @Test
    @DisplayName("refusals name the address and why, as a field message a UI can show")
    void messages() {
        assertThat(defaults.check("https://10.0.0.5").message())
                .isEqualTo("The base URL must point to a public address; 10.0.0.5 is a private network address.");
        assertThat(defaults.check("https://0x7f.1").message()).isEqualTo(IpAddresses.AMBIGUOUS_IPV4);
        assertThat(defaults.check("https://[::ffff:a9fe:a9fe]").message()).contains("169.254.169.254", "link-local");
        assertThat(defaults.check("https://metadata.google.internal").message()).contains("cloud metadata service");
        assertThat(defaults.check("http://api.acme.example").message()).contains("https");
        assertThat(defaults.check("https://u:p@api.acme.example").message()).contains("user name or password");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("an allow-list admits on-premises names and ranges, and only those")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            https://vault.corp.internal/v1      | accepted
            https://VAULT.corp.internal.        | accepted
            https://a.b.build.corp.internal     | accepted
            https://build.corp.internal         | refused
            https://other.corp.internal         | refused
            https://10.20.3.4                   | accepted
            https://0x0a.20.3.4                 | refused
            https://10.21.0.1                   | refused
            https://[fd00:1::5]                 | accepted
            https://[fd00:2::5]                 | refused
            https://192.168.7.7                 | accepted
            https://192.168.7.8                 | refused
            http://vault.corp.internal          | refused
            https://localhost                   | refused
            """)
    void allowList(String url, String expected) {
        BaseUrlPolicy policy = BaseUrlPolicy.allowing(
                "vault.corp.internal", "*.build.corp.internal", "10.20.0.0/16", "fd00:1::/64", "192.168.7.7");
        assertThat(policy.check(url).allowed()).as(url).isEqualTo(expected.equals("accepted"));
    }

    @Test
    @DisplayName("allow-list entries that are neither names nor ranges are refused when configured")
    void badAllowEntries() {
        assertThatThrownBy(() -> BaseUrlPolicy.allowing("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseUrlPolicy.allowing("not a host")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseUrlPolicy.allowing("1.2.3.4.5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseUrlPolicy.allowing("fd00::/129")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("development mode allows http on loopback only")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            http://localhost:8080/api     | accepted
            http://127.0.0.1:8080         | accepted
            http://127.1                  | refused
            http://[::1]:8080             | accepted
            http://app.localhost          | accepted
            https://localhost             | accepted
            https://api.acme.example      | accepted
            http://api.acme.example       | refused
            http://10.0.0.5               | refused
            https://10.0.0.5              | refused
            http://169.254.169.254        | refused
            """)
    void developmentMode(String url, String expected) {
        BaseUrlPolicy dev = BaseUrlPolicy.defaults().allowingHttpOnLoopback();
        assertThat(dev.allowsHttpOnLoopback()).isTrue();
        assertThat(dev.check(url).allowed()).as(url).isEqualTo(expected.equals("accepted"));
        assertThat(defaults.check(url).allowed()).as(url).isEqualTo(url.startsWith("https://api.acme"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @DisplayName("check(InetAddress) judges the addresses a host is about to connect to")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            8.8.8.8                  | accepted
            2001:4860:4860::8888     | accepted
            127.0.0.1                | refused
            10.0.0.5                 | refused
            169.254.169.254          | refused
            100.64.0.1               | refused
            0.0.0.0                  | refused
            255.255.255.255          | refused
            ::1                      | refused
            ::                       | refused
            fe80::1                  | refused
            fd00:ec2::254            | refused
            ::ffff:10.0.0.5          | refused
            64:ff9b::a00:5           | refused
            """)
    void addresses(String literal, String expected) throws UnknownHostException {
        InetAddress address = InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
        BaseUrlPolicy.Verdict verdict = defaults.check(address);
        assertThat(verdict.allowed()).as(literal).isEqualTo(expected.equals("accepted"));
        if (!verdict.allowed()) {
            assertThat(verdict.message()).startsWith("Connections may only go to public addresses; ");
            assertThatThrownBy(verdict::orThrow).isInstanceOf(SecurityException.class);
        }
    }

    @Test
    @DisplayName("at trigger time: an allowed name or range may resolve internally, a public name may not (rebinding)")
    void resolvedAddresses() throws UnknownHostException {
        InetAddress internal = InetAddress.getByAddress(new byte[] {10, 20, 3, 4});
        BaseUrlPolicy onPrem = BaseUrlPolicy.allowing("vault.corp.internal");
        assertThat(onPrem.check("vault.corp.internal", internal).allowed()).isTrue();
        BaseUrlPolicy.Verdict rebound = onPrem.check("api.acme.example", internal);
        assertThat(rebound.allowed()).isFalse();
        assertThat(rebound.message()).contains("api.acme.example resolved to 10.20.3.4", "private network");
        assertThat(BaseUrlPolicy.allowing("10.20.0.0/16").check(internal).allowed())
                .isTrue();
        assertThat(defaults.check("api.acme.example", InetAddress.getByAddress(new byte[] {8, 8, 8, 8}))
                        .allowed())
                .isTrue();
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        assertThat(defaults.check(loopback).allowed()).isFalse();
        assertThat(defaults.allowingHttpOnLoopback().check(loopback).allowed()).isTrue();
    }

    @Property
    @Label("every internal IPv4 address is refused: dotted for what it is, any other spelling as ambiguous")
    void internalSpellingsAreRefused(@ForAll("internal") long address) {
        long a = address;
        String dotted = (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
        assertThat(defaults.check("https://" + dotted + "/v1").message()).contains(dotted);
        String octal = "0" + Long.toOctalString(a >>> 24) + ".0" + Long.toOctalString((a >>> 16) & 0xff) + ".0"
                + Long.toOctalString((a >>> 8) & 0xff) + ".0" + Long.toOctalString(a & 0xff);
        String hex = "0x" + Long.toHexString(a);
        String hexDotted = "0x" + Long.toHexString(a >>> 24) + ".0x" + Long.toHexString(a & 0xffffff);
        for (String host : new String[] {Long.toString(a), octal, hex, hexDotted, dotted + "."}) {
            BaseUrlPolicy.Verdict verdict = defaults.check("https://" + host + "/v1");
            assertThat(verdict.message()).as(host).isEqualTo(IpAddresses.AMBIGUOUS_IPV4);
        }
    }

    @Provide
    Arbitrary<Long> internal() {
        // network, prefix length
        return Arbitraries.of(
                        Tuple.of(0x7f000000L, 8),
                        Tuple.of(0x0a000000L, 8),
                        Tuple.of(0xac100000L, 12),
                        Tuple.of(0xc0a80000L, 16),
                        Tuple.of(0xa9fe0000L, 16),
                        Tuple.of(0x64400000L, 10))
                .flatMap(range -> Arbitraries.longs()
                        .between(0, (1L << (32 - range.get2())) - 1)
                        .map(host -> range.get1() | host));
    }

    @Test
    @DisplayName("a stored app: catalog trusted, a custom app's stored URL checked as when it was saved")
    void storedApps() {
        BaseUrlPolicy policy = BaseUrlPolicy.defaults();
        assertThat(policy.check(app("tck-alpha", "https://10.0.0.5")).allowed()).isTrue();
        assertThat(policy.check(app("custom-acme-1a2b3c4d", "https://api.acme.example"))
                        .allowed())
                .isTrue();
        assertThat(policy.check(app("custom-acme-1a2b3c4d", null)).allowed()).isTrue();
        assertThat(policy.check(app("custom-acme-1a2b3c4d", "https://10.0.0.5/v1"))
                        .problem())
                .hasValue("The base URL must point to a public address; 10.0.0.5 is a private network address.");
        assertThat(policy.check(app("custom-acme-1a2b3c4d", "http://api.acme.example"))
                        .allowed())
                .isFalse();
        assertThat(BaseUrlPolicy.allowing("10.0.0.0/8")
                        .check(app("custom-acme-1a2b3c4d", "https://10.0.0.5/v1"))
                        .allowed())
                .isTrue();
    }

    private static Integration app(String id, String baseUrl) {
        return new Integration(
                IntegrationId.of(id),
                "Acme",
                "Custom app",
                java.util.List.of(),
                CredentialSpec.of(KeyPlacement.bearer()),
                baseUrl == null ? null : java.net.URI.create(baseUrl),
                null);
    }
}
