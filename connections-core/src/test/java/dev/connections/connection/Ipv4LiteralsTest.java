package dev.connections.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 27: the base-URL policy reads IPv4 literals the way Java connects, refusing every spelling that a
 * browser and {@link InetAddress} could read differently.
 */
class Ipv4LiteralsTest {
    private static final Pattern CANONICAL = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private final BaseUrlPolicy defaults = BaseUrlPolicy.defaults();
    private final BaseUrlPolicy development = BaseUrlPolicy.defaults().allowingHttpOnLoopback();

    @ParameterizedTest(name = "{0}")
    @DisplayName("the fuzzing campaign's spellings are refused as ambiguous, in production and development mode")
    @ValueSource(
            strings = {
                "https://0127.0.0.1",
                "https://010.0.0.1",
                "https://0172.016.00.01:08080#@127.0.0.1",
                "HTTP://0177.01.02.03/",
                "https://1.1.-2.3",
                "https://8.8.8.256",
                "https://127.000.0.1",
                "https://8.8.8.08",
                "https://+8.8.8.8",
                "https://134744072",
                "https://8.8.2056",
                "https://[::ffff:0127.0.0.1]",
                "https://[::ffff:8.8.8.08]",
            })
    void ambiguousLiteralsAreRefused(String url) {
        for (BaseUrlPolicy policy : List.of(defaults, development, BaseUrlPolicy.allowing("8.8.8.0/24"))) {
            BaseUrlPolicy.Verdict verdict = policy.check(url);
            assertThat(verdict.allowed()).as(url).isFalse();
            assertThat(verdict.message()).as(url).contains(IpAddresses.AMBIGUOUS_IPV4);
        }
    }

    @Test
    @DisplayName("at resolve: a custom app stored with an ambiguous base URL by an older version is refused")
    void storedAmbiguousUrlsAreRefusedAtResolve() {
        for (String url : List.of("https://0127.0.0.1", "https://010.0.0.1/v1", "https://1.1.-2.3")) {
            dev.connections.catalog.Integration app = new dev.connections.catalog.Integration(
                    dev.connections.id.IntegrationId.of("custom-acme-1a2b3c4d"),
                    "Acme",
                    "Custom app",
                    List.of(),
                    dev.connections.catalog.CredentialSpec.of(dev.connections.catalog.KeyPlacement.bearer()),
                    java.net.URI.create(url),
                    null);
            assertThat(defaults.check(app).allowed()).as(url).isFalse();
            assertThat(development.check(app).allowed()).as(url).isFalse();
        }
    }

    @Test
    @DisplayName("development mode never sends a key over http to a public address spelled like loopback")
    void developmentModeJudgesJavasReading() throws UnknownHostException {
        // Java would connect to 177.1.2.3 in plain text.
        assertThat(InetAddress.getByName("0177.01.02.03").getHostAddress()).isEqualTo("177.1.2.3");
        assertThat(development.check("HTTP://0177.01.02.03/").allowed()).isFalse();
        assertThat(development.check("http://127.0.0.1:8080/").allowed()).isTrue();
    }

    @Test
    @DisplayName("an out-of-range IPv4 part inside an IPv6 literal is a refusal, not a NumberFormatException")
    void numberFormatFromUriIsARefusal() {
        for (String url : List.of("https://[::2147483648.1.1.1]", "https://[::99999999999.1.1.1]/x")) {
            assertThat(defaults.check(url).allowed()).as(url).isFalse();
            assertThat(defaults.problems(url)).as(url).isNotEmpty();
        }
    }

    @Test
    @DisplayName("all of a URL's problems at once: http and a link-local metadata address")
    void everyProblemAtOnce() {
        assertThat(defaults.problems("http://169.254.169.254"))
                .containsExactly(
                        "Use https; over plain http the key would be sent unencrypted.",
                        "The base URL must point to a public address; 169.254.169.254 is a link-local address"
                                + " (cloud metadata services live here).");
        assertThat(defaults.check("http://169.254.169.254").message()).contains("Use https", "link-local");
        assertThat(defaults.problems("https://user@10.0.0.1"))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("user name"))
                .anySatisfy(p -> assertThat(p).contains("private network"));
        assertThat(defaults.problems("https://api.acme.example/v1")).isEmpty();
    }

    @Test
    @DisplayName("allow-list entries use the same single spelling")
    void allowListEntriesMustBeCanonical() {
        assertThatThrownBy(() -> BaseUrlPolicy.allowing("010.0.0.0/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseUrlPolicy.allowing("10.1/16")).isInstanceOf(IllegalArgumentException.class);
        assertThat(BaseUrlPolicy.allowing("10.0.0.0/8")
                        .check("https://10.1.2.3")
                        .allowed())
                .isTrue();
    }

    @Property(tries = 2000)
    @Label("every IPv4 spelling: accepted only as canonical dotted decimal, and then judged on Java's reading")
    void verdictMatchesTheAddressJavaConnectsTo(@ForAll("spellings") String host) throws UnknownHostException {
        Optional<byte[]> java = javaReading(host);
        if (java.isPresent()) {
            // The model of Java's reading is checked against the JDK itself; a literal is never looked up.
            assertThat(InetAddress.getByName(host).getAddress()).as(host).isEqualTo(java.get());
        }
        BaseUrlPolicy.Verdict verdict = defaults.check("https://" + host + "/v1");
        if (!CANONICAL.matcher(host).matches()) {
            assertThat(verdict.allowed()).as(host).isFalse();
        }
        if (java.isPresent()
                && !defaults.check(InetAddress.getByAddress(java.get())).allowed()) {
            assertThat(verdict.allowed()).as(host + " is internal for Java").isFalse();
        }
        if (verdict.allowed()) {
            assertThat(java).as(host).isPresent();
            assertThat(defaults.check(InetAddress.getByAddress(java.get())).allowed())
                    .as(host)
                    .isTrue();
        }
        BaseUrlPolicy.Verdict plain = development.check("http://" + host + "/v1");
        if (plain.allowed()) {
            assertThat(java).as(host).isPresent();
            assertThat(java.get()[0]).as(host + " sent over http").isEqualTo((byte) 127);
            assertThat(CANONICAL.matcher(host).matches()).as(host).isTrue();
        }
    }

    @Provide
    Arbitrary<String> spellings() {
        Arbitrary<Long> address = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.longs().between(0, 0xffffffffL)),
                Tuple.of(1, Arbitraries.longs().between(0x7f000000L, 0x7fffffffL)),
                Tuple.of(1, Arbitraries.longs().between(0x0a000000L, 0x0affffffL)),
                Tuple.of(1, Arbitraries.longs().between(0xac100000L, 0xac1fffffL)),
                Tuple.of(1, Arbitraries.longs().between(0xa9fe0000L, 0xa9feffffL)),
                Tuple.of(1, Arbitraries.longs().between(0x08080000L, 0x0808ffffL)));
        Arbitrary<Integer> parts =
                Arbitraries.frequency(Tuple.of(6, 4), Tuple.of(1, 3), Tuple.of(1, 2), Tuple.of(1, 1));
        Arbitrary<List<Integer>> styles =
                Arbitraries.integers().between(0, 12).list().ofSize(4);
        Arbitrary<Boolean> trailingDot = Arbitraries.frequency(Tuple.of(9, false), Tuple.of(1, true));
        return Combinators.combine(address, parts, styles, trailingDot).as(Ipv4LiteralsTest::spell);
    }

    /** One spelling of {@code a} in {@code n} parts, each written in the style its number picks. */
    private static String spell(long a, int n, List<Integer> styles, boolean trailingDot) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long number = i < n - 1 ? (a >>> (24 - 8 * i)) & 0xff : a & ((1L << (8 * (5 - n))) - 1);
            out.add(
                    switch (styles.get(i)) {
                        case 6 -> "0" + number; // leading zero: octal for a browser, decimal for Java
                        case 7 -> "0" + Long.toOctalString(number);
                        case 8 -> "0x" + Long.toHexString(number);
                        case 9 -> (number % 2 == 0 ? "-" : "+") + number;
                        case 10 -> Long.toString(number + 256); // out of range
                        case 11 -> "";
                        case 12 -> "00" + number;
                        default -> Long.toString(number);
                    });
        }
        return String.join(".", out) + (trailingDot ? "." : "");
    }

    /**
     * The address {@link InetAddress#getByName} reads from a literal, modelled on the JDK's IPv4 literal
     * rules (1-4 dot-separated decimal parts, leading zeros read as decimal, the last part filling the
     * remaining bytes, at most 15 characters); empty when Java would not read it as a literal.
     */
    private static Optional<byte[]> javaReading(String host) {
        if (host.isEmpty() || host.length() > 15 || !host.matches("[0-9]+(\\.[0-9]+){0,3}")) {
            return Optional.empty();
        }
        String[] parts = host.split("\\.");
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            BigInteger part = new BigInteger(parts[i]);
            boolean last = i == parts.length - 1;
            BigInteger limit = BigInteger.ONE.shiftLeft(last ? 8 * (4 - i) : 8);
            if (part.compareTo(limit) >= 0) {
                return Optional.empty();
            }
            value |= last ? part.longValue() : part.longValue() << (24 - 8 * i);
        }
        return Optional.of(
                new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }
}
