package dev.connections.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Generated addresses at every edge of every range the base-URL policy refuses — its first and last address and
 * their neighbours just outside — written in every spelling the policy reads (and those it must refuse as
 * ambiguous), and generated allow-list entries at every prefix length from 0 to one past the address's length.
 *
 * <p>The expected verdicts come from the tables below, written from the RFCs (6890, 6598, 5737, 2544, 4193, 4291,
 * 3849, 6052, 3056), not from the policy's code.
 */
class NetworkBoundariesPropertiesTest {
    private static final String LEAD = "The base URL must point to a public address; ";
    private static final long V4_MAX = 0xffff_ffffL;
    private static final BigInteger V6_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    private static final BaseUrlPolicy DEFAULTS = BaseUrlPolicy.defaults();

    /** A reserved range and the reason a refusal gives for it. */
    record V4Range(long first, int prefix, String reason) {
        long last() {
            return first + (1L << (32 - prefix)) - 1;
        }

        boolean contains(long v) {
            return v >= first && v <= last();
        }
    }

    private static final List<V4Range> V4_RANGES = List.of(
            v4("0.0.0.0", 8, "a \"this network\" address"),
            v4("10.0.0.0", 8, "a private network address"),
            v4("100.64.0.0", 10, "a carrier-grade NAT address"),
            v4("127.0.0.0", 8, "a loopback address"),
            v4("169.254.0.0", 16, "a link-local address (cloud metadata services live here)"),
            v4("172.16.0.0", 12, "a private network address"),
            v4("192.0.0.0", 24, "a reserved address"),
            v4("192.0.2.0", 24, "a reserved address"),
            v4("192.168.0.0", 16, "a private network address"),
            v4("198.18.0.0", 15, "a reserved address"),
            v4("198.51.100.0", 24, "a reserved address"),
            v4("203.0.113.0", 24, "a reserved address"),
            v4("224.0.0.0", 4, "a multicast address"),
            v4("240.0.0.0", 4, "a reserved address"));

    /** Why an IPv4 address is not public, or null when it is. */
    static @Nullable String v4Reason(long v) {
        if (v == V4_MAX) {
            return "the broadcast address";
        }
        if (v == 0) {
            return "the unspecified address";
        }
        return V4_RANGES.stream()
                .filter(r -> r.contains(v))
                .map(V4Range::reason)
                .findFirst()
                .orElse(null);
    }

    /** A reserved IPv6 range; ranges are listed most specific first, as the first match decides. */
    record V6Range(BigInteger first, int prefix, String reason) {
        BigInteger last() {
            return first.add(BigInteger.ONE.shiftLeft(128 - prefix)).subtract(BigInteger.ONE);
        }

        boolean contains(BigInteger v) {
            return v.compareTo(first) >= 0 && v.compareTo(last()) <= 0;
        }
    }

    private static final List<V6Range> V6_RANGES = List.of(
            v6("fc00::", 7, "a unique-local address"),
            v6("fe80::", 10, "a link-local address"),
            v6("fec0::", 10, "a site-local address"),
            v6("ff00::", 8, "a multicast address"),
            v6("2001:db8::", 32, "a documentation address"),
            v6("2002::", 16, "6to4"),
            v6("64:ff9b::", 96, "NAT64"),
            v6("64:ff9b::", 32, "a local-use NAT64 address"),
            v6("2000::", 3, "global unicast"));

    /** Why an IPv6 address (not of the ::/96 and ::ffff:0:0/96 blocks) is not public, or null when it is. */
    static @Nullable String v6Reason(BigInteger v) {
        for (V6Range range : V6_RANGES) {
            if (!range.contains(v)) {
                continue;
            }
            switch (range.reason()) {
                case "6to4":
                    return embedded("a 6to4 form of", v.shiftRight(80).longValue() & V4_MAX);
                case "NAT64":
                    return embedded("a NAT64 form of", v.longValue() & V4_MAX);
                case "global unicast":
                    return null;
                default:
                    return range.reason();
            }
        }
        return "not a global unicast address";
    }

    private static @Nullable String embedded(String form, long v4) {
        String reason = v4Reason(v4);
        return reason == null ? null : form + " " + dotted(v4) + ", " + reason;
    }

    // ---- IPv4 ---------------------------------------------------------------------------------

    @Property
    void aDottedDecimalAddressIsRefusedExactlyInsideAReservedRangeWithItsReason(
            @ForAll("v4Edges") long address, @ForAll("urlShapes") String shape) {
        String host = dotted(address);
        BaseUrlPolicy.Verdict verdict = DEFAULTS.check(shape.replace("HOST", host));
        String reason = v4Reason(address);

        if (reason == null) {
            assertThat(verdict.allowed()).as(host).isTrue();
        } else {
            assertThat(verdict.message()).isEqualTo(LEAD + host + " is " + reason + ".");
        }
    }

    @Property
    void everyIpv6SpellingOfAnIpv4AddressIsJudgedAsThatAddress(
            @ForAll("v4Edges") long address, @ForAll("mappedSpellings") String spelling) {
        String literal = "[" + spelling.replace("DOTTED", dotted(address)).replace("HEX", hexPair(address)) + "]";
        String form = spelling.toLowerCase(Locale.ROOT).startsWith("64:ff9b")
                        || spelling.toLowerCase(Locale.ROOT).startsWith("0064:ff9b")
                ? "a NAT64 form of"
                : "an IPv4-mapped form of";
        BaseUrlPolicy.Verdict verdict = DEFAULTS.check("https://" + literal + "/v1");
        String reason = v4Reason(address);

        if (reason == null) {
            assertThat(verdict.allowed()).as(literal).isTrue();
        } else {
            assertThat(verdict.message())
                    .isEqualTo(LEAD + literal + " is " + form + " " + dotted(address) + ", " + reason + ".");
        }
    }

    @Property
    void theDeprecatedIpv4CompatibleFormIsNeverAllowed(@ForAll("v4Edges") long address) {
        Assume.that(address > 1); // ::0 and ::1 are the unspecified and loopback addresses
        String literal = "[::" + dotted(address) + "]";

        BaseUrlPolicy.Verdict verdict = DEFAULTS.check("https://" + literal);

        assertThat(verdict.allowed()).isFalse();
        String reason = v4Reason(address);
        assertThat(verdict.message())
                .isEqualTo(LEAD + literal + " is "
                        + (reason == null
                                ? "a deprecated form of " + dotted(address)
                                : "an IPv4-compatible form of " + dotted(address) + ", " + reason)
                        + ".");
    }

    @Property
    void everyOtherSpellingOfAnIpv4AddressIsRefusedAsAmbiguous(
            @ForAll("v4Edges") long address, @ForAll("ambiguousSpellings") Spelling spelling) {
        String host = spelling.write(address);

        assertThat(DEFAULTS.problems("https://" + host + "/v1")).as(host).contains(IpAddresses.AMBIGUOUS_IPV4);
        // The development mode judges addresses, but never an ambiguous spelling.
        assertThat(DEFAULTS.allowingHttpOnLoopback().check("http://" + host).allowed())
                .as(host)
                .isFalse();
    }

    @Property
    void anAddressAboutToBeConnectedToIsJudgedLikeTheSameAddressInAUrl(@ForAll("v4Edges") long address)
            throws UnknownHostException {
        InetAddress resolved = InetAddress.getByAddress(bytes(address, 4));
        BaseUrlPolicy.Verdict verdict = DEFAULTS.check(resolved);
        String reason = v4Reason(address);

        if (reason == null) {
            assertThat(verdict.allowed()).isTrue();
        } else {
            assertThat(verdict.message())
                    .isEqualTo(
                            "Connections may only go to public addresses; " + dotted(address) + " is " + reason + ".");
        }
    }

    // ---- IPv6 ---------------------------------------------------------------------------------

    @Property
    void anIpv6AddressIsRefusedExactlyInsideAReservedRangeInEverySpelling(
            @ForAll("v6Edges") BigInteger address, @ForAll("v6Spellings") V6Spelling spelling) {
        String literal = "[" + spelling.write(address) + "]";
        BaseUrlPolicy.Verdict verdict = DEFAULTS.check("https://" + literal + ":443/v1");
        String reason = v6Reason(address);

        if (reason == null) {
            assertThat(verdict.allowed()).as(literal).isTrue();
        } else {
            assertThat(verdict.message()).isEqualTo(LEAD + literal + " is " + reason + ".");
        }
    }

    // ---- allow-list entries -------------------------------------------------------------------

    @Property
    void anIpv4AllowListRangeAdmitsItsOwnAddressesAndNoOthers(
            @ForAll("v4Addresses") long network,
            @ForAll("v4Prefixes") int prefix,
            @ForAll("v4Addresses") long hostBits,
            @ForAll boolean bracketedMapped) {
        String entry = (bracketedMapped ? "::ffff:" + dotted(network) : dotted(network)) + "/" + prefix;
        BaseUrlPolicy policy = BaseUrlPolicy.allowing(entry);
        long mask = prefix == 0 ? 0 : (V4_MAX << (32 - prefix)) & V4_MAX;
        long inside = (network & mask) | (hostBits & ~mask & V4_MAX);

        assertThat(policy.check("https://" + dotted(inside)).allowed())
                .as(dotted(inside) + " in " + entry)
                .isTrue();
        assertThat(policy.check("https://[::ffff:" + dotted(inside) + "]").allowed())
                .as("the mapped form of " + dotted(inside) + " in " + entry)
                .isTrue();
        if (prefix > 0) {
            long outside = inside ^ (1L << (32 - prefix)); // the last bit of the prefix differs
            assertThat(policy.check("https://" + dotted(outside)).allowed())
                    .as(dotted(outside) + " outside " + entry)
                    .isEqualTo(v4Reason(outside) == null);
        }
    }

    @Property
    void anIpv6AllowListRangeAdmitsItsOwnAddressesAndNoOthers(
            @ForAll("v6Networks") BigInteger network,
            @ForAll("v6Prefixes") int prefix,
            @ForAll("v6Addresses") BigInteger hostBits,
            @ForAll("v6Spellings") V6Spelling spelling) {
        Assume.that(!isMappedOrCompatible(network));
        String entry = spelling.write(network) + "/" + prefix;
        BaseUrlPolicy policy = BaseUrlPolicy.allowing(entry);
        BigInteger mask = V6_MAX.shiftLeft(128 - prefix).and(V6_MAX);
        BigInteger inside = network.and(mask).or(hostBits.andNot(mask));
        Assume.that(!isMappedOrCompatible(inside));

        assertThat(policy.check("https://[" + spelling.write(inside) + "]").allowed())
                .as(inside.toString(16) + " in " + entry)
                .isTrue();
        if (prefix > 0) {
            BigInteger outside = inside.flipBit(128 - prefix);
            Assume.that(!isMappedOrCompatible(outside));
            assertThat(policy.check("https://[" + spelling.write(outside) + "]").allowed())
                    .as(outside.toString(16) + " outside " + entry)
                    .isEqualTo(v6Reason(outside) == null);
        }
    }

    @Property
    void aPrefixLongerThanTheAddressIsRefused(@ForAll("v4Addresses") long network, @ForAll("tooLong") int excess) {
        String v4 = dotted(network) + "/" + (32 + excess);
        String v6 = "2001:db8::/" + (128 + excess);
        assertThatThrownBy(() -> BaseUrlPolicy.allowing(v4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a CIDR range: " + v4);
        assertThatThrownBy(() -> BaseUrlPolicy.allowing(v6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a CIDR range: " + v6);
    }

    @Property
    void aPrefixThatIsNotOneToThreeDigitsIsRefused(
            @ForAll("v4Addresses") long network, @ForAll("malformedPrefixes") String prefix) {
        String entry = dotted(network) + "/" + prefix;
        assertThatThrownBy(() -> BaseUrlPolicy.allowing(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a CIDR range: " + entry);
    }

    @Property
    void aPrefixWithoutAnAddressIsNotACidrRange(@ForAll("v6Prefixes") int prefix) {
        String entry = "/" + prefix;
        assertThatThrownBy(() -> BaseUrlPolicy.allowing(entry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a CIDR range: " + entry);
    }

    // ---- generators ---------------------------------------------------------------------------

    @Provide
    Arbitrary<Long> v4Edges() {
        List<Long> edges = new ArrayList<>(List.of(0L, 1L, V4_MAX - 1, V4_MAX));
        for (V4Range r : V4_RANGES) {
            for (long v : new long[] {r.first() - 1, r.first(), r.first() + 1, r.last() - 1, r.last(), r.last() + 1}) {
                if (v >= 0 && v <= V4_MAX) {
                    edges.add(v);
                }
            }
        }
        Arbitrary<Long> insideSomewhere =
                Arbitraries.of(V4_RANGES).flatMap(r -> Arbitraries.longs().between(r.first(), r.last()));
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(edges)), Tuple.of(1, insideSomewhere), Tuple.of(1, v4Addresses()));
    }

    @Provide
    Arbitrary<Long> v4Addresses() {
        return Arbitraries.longs().between(0, V4_MAX).withDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<String> urlShapes() {
        return Arbitraries.of(
                "https://HOST", "https://HOST/", "https://HOST/v1/models", "https://HOST:8443/v1", "HTTPS://HOST?x=1");
    }

    @Provide
    Arbitrary<String> mappedSpellings() {
        return Arbitraries.of(
                "::ffff:DOTTED",
                "::FFFF:DOTTED",
                "0:0:0:0:0:ffff:DOTTED",
                "::ffff:HEX",
                "0000:0000:0000:0000:0000:FFFF:HEX",
                "64:ff9b::DOTTED",
                "64:ff9b::HEX",
                "0064:FF9B:0:0:0:0:HEX");
    }

    /** A spelling of an IPv4 address that some reader takes for another address or for a DNS name. */
    interface Spelling {
        String write(long v);
    }

    @Provide
    Arbitrary<Spelling> ambiguousSpellings() {
        return Arbitraries.of(
                named("leading zero", v -> "0" + dotted(v)),
                named("zero-padded last part", v -> {
                    String d = dotted(v);
                    int dot = d.lastIndexOf('.');
                    return d.substring(0, dot + 1) + "0" + d.substring(dot + 1);
                }),
                named("trailing dot", v -> dotted(v) + "."),
                named("one number", v -> Long.toString(v)),
                named("three parts", v -> (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + (v & 0xffff)),
                named(
                        "hex first part",
                        v -> "0x" + Long.toHexString(v >>> 24)
                                + dotted(v).substring(dotted(v).indexOf('.'))),
                named("one hex number", v -> "0x" + Long.toHexString(v)),
                named(
                        "part over 255",
                        v -> dotted(v).substring(0, dotted(v).lastIndexOf('.') + 1) + (256 + (v & 0xff))));
    }

    private static Spelling named(String name, Spelling spelling) {
        return new Spelling() {
            @Override
            public String write(long v) {
                return spelling.write(v);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Provide
    Arbitrary<BigInteger> v6Edges() {
        List<BigInteger> edges = new ArrayList<>();
        for (V6Range r : V6_RANGES) {
            for (BigInteger v : List.of(
                    r.first().subtract(BigInteger.ONE),
                    r.first(),
                    r.first().add(BigInteger.ONE),
                    r.last().subtract(BigInteger.ONE),
                    r.last(),
                    r.last().add(BigInteger.ONE))) {
                if (v.signum() >= 0 && v.compareTo(V6_MAX) <= 0 && !isMappedOrCompatible(v)) {
                    edges.add(v);
                }
            }
        }
        edges.add(V6_MAX);
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(edges)), Tuple.of(1, v6Addresses()))
                .filter(v -> !isMappedOrCompatible(v));
    }

    @Provide
    Arbitrary<BigInteger> v6Addresses() {
        return Arbitraries.bigIntegers()
                .between(BigInteger.ZERO, V6_MAX)
                .withDistribution(RandomDistribution.uniform());
    }

    @Provide
    Arbitrary<BigInteger> v6Networks() {
        // Networks whose spelling starts with ':' (leading zero groups) next to range edges and random ones.
        Arbitrary<BigInteger> leadingZeros =
                Arbitraries.of(48, 64, 80, 96, 112).map(bit -> BigInteger.ONE.shiftLeft(bit));
        return Arbitraries.frequencyOf(Tuple.of(1, leadingZeros), Tuple.of(1, v6Edges()), Tuple.of(2, v6Addresses()));
    }

    /** How an IPv6 address is written: every group in full, or the longest zero run as "::", in either case. */
    interface V6Spelling {
        String write(BigInteger v);
    }

    @Provide
    Arbitrary<V6Spelling> v6Spellings() {
        return Arbitraries.of(
                v6Named("full", v -> String.join(":", groups(v, "%x"))),
                v6Named("padded upper case", v -> String.join(":", groups(v, "%04X"))),
                v6Named("compressed", NetworkBoundariesPropertiesTest::compressed),
                v6Named("compressed upper case", v -> compressed(v).toUpperCase(Locale.ROOT)));
    }

    private static V6Spelling v6Named(String name, V6Spelling spelling) {
        return new V6Spelling() {
            @Override
            public String write(BigInteger v) {
                return spelling.write(v);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Provide
    Arbitrary<Integer> v4Prefixes() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(0, 1, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32)),
                Tuple.of(1, Arbitraries.integers().between(0, 32)));
    }

    @Provide
    Arbitrary<Integer> v6Prefixes() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(0, 1, 7, 8, 15, 16, 63, 64, 65, 96, 127, 128)),
                Tuple.of(1, Arbitraries.integers().between(0, 128)));
    }

    @Provide
    Arbitrary<Integer> tooLong() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(1, 2)),
                Tuple.of(1, Arbitraries.integers().between(1, 999 - 128)));
    }

    @Provide
    Arbitrary<String> malformedPrefixes() {
        return Arbitraries.of("", "-1", "+8", "8a", "0x8", " 8", "0008", "1000", "٣", "8/8", "32.0");
    }

    // ---- spelling helpers ---------------------------------------------------------------------

    private static V4Range v4(String dotted, int prefix, String reason) {
        String[] p = dotted.split("\\.");
        long v = 0;
        for (String part : p) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return new V4Range(v, prefix, reason);
    }

    private static V6Range v6(String literal, int prefix, String reason) {
        try {
            return new V6Range(
                    new BigInteger(1, InetAddress.getByName("[" + literal + "]").getAddress()), prefix, reason);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    static String dotted(long v) {
        return (v >>> 24) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }

    private static String hexPair(long v) {
        return Long.toHexString(v >>> 16) + ":" + Long.toHexString(v & 0xffff);
    }

    private static byte[] bytes(long v, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[length - 1 - i] = (byte) (v >>> (8 * i));
        }
        return out;
    }

    private static boolean isMappedOrCompatible(BigInteger v) {
        // ::/96 (with :: and ::1) and ::ffff:0:0/96 embed IPv4 addresses; other properties cover them.
        return v.shiftRight(32).signum() == 0 || v.shiftRight(32).equals(BigInteger.valueOf(0xffff));
    }

    private static List<String> groups(BigInteger v, String format) {
        List<String> groups = new ArrayList<>();
        for (int i = 7; i >= 0; i--) {
            groups.add(String.format(Locale.ROOT, format, v.shiftRight(16 * i).intValue() & 0xffff));
        }
        return groups;
    }

    private static String compressed(BigInteger v) {
        List<String> g = groups(v, "%x");
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g.get(j).equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = Math.max(j, i + 1);
        }
        if (bestStart < 0) {
            return String.join(":", g);
        }
        return String.join(":", g.subList(0, bestStart)) + "::"
                + String.join(":", g.subList(bestStart + bestLength, 8));
    }
}
