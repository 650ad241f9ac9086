package dev.connections.connection;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * IP address literals in the one spelling browsers and Java read alike, and what kind of network an address belongs to: the address
 * half of {@link BaseUrlPolicy}.
 */
final class IpAddresses {
    static final Pattern DIGITS = Pattern.compile("[0-9]+");
    /** A label that makes a host an IPv4 address for a browser (WHATWG "ends in a number") or for Java. */
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0[xX][0-9a-fA-F]*");

    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern CANONICAL_IPV4 = Pattern.compile(OCTET + "(?:\\." + OCTET + "){3}");

    static final String AMBIGUOUS_IPV4 = "Write an IP address as four decimal numbers from 0 to 255 without leading"
            + " zeros, e.g. https://203.0.113.7; other spellings (leading zeros, octal, hex, fewer parts, signs)"
            + " are read differently by browsers and by Java.";

    private IpAddresses() {}

    /** IPv4-mapped addresses as their IPv4 bytes; everything else unchanged. */
    static byte[] canonical(byte[] a) {
        if (a.length == 16 && zeros(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return Arrays.copyOfRange(a, 12, 16);
        }
        return a;
    }

    static boolean isLoopback(byte[] a) {
        byte[] c = canonical(a);
        return c.length == 4 ? (c[0] & 0xff) == 127 : zeros(c, 0, 15) && c[15] == 1;
    }

    /** Why an address is not public, or null when it is. */
    static @Nullable String describe(byte[] a) {
        return a.length == 4 ? describe4(a) : describe6(a);
    }

    private static @Nullable String describe4(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        long v = ((long) b0 << 24) | (b1 << 16) | (b2 << 8) | (a[3] & 0xff);
        if (v == 0xffffffffL) {
            return "the broadcast address";
        } else if (v == 0) {
            return "the unspecified address";
        } else if (b0 == 0) {
            return "a \"this network\" address";
        } else if (b0 == 127) {
            return "a loopback address";
        } else if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
            return "a private network address";
        } else if (b0 == 100 && (b1 & 0xc0) == 64) {
            return "a carrier-grade NAT address";
        } else if (b0 == 169 && b1 == 254) {
            return "a link-local address (cloud metadata services live here)";
        } else if ((b0 & 0xf0) == 224) {
            return "a multicast address";
        } else if ((b0 & 0xf0) == 240) {
            return "a reserved address";
        } else if ((b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2))
                || (b0 == 198 && b1 == 51 && b2 == 100)
                || (b0 == 203 && b1 == 0 && b2 == 113)
                || (b0 == 198 && (b1 & 0xfe) == 18)) {
            return "a reserved address";
        }
        return null;
    }

    private static @Nullable String describe6(byte[] a) {
        int w0 = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
        if (zeros(a, 0, 16)) {
            return "the unspecified address";
        } else if (zeros(a, 0, 15) && a[15] == 1) {
            return "a loopback address";
        } else if (zeros(a, 0, 10) && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
            return embedded("an IPv4-mapped form of", Arrays.copyOfRange(a, 12, 16), null);
        } else if (zeros(a, 0, 12)) {
            return embedded("an IPv4-compatible form of", Arrays.copyOfRange(a, 12, 16), "a deprecated form");
        } else if (w0 == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b) {
            boolean wellKnown = zeros(a, 4, 12);
            return wellKnown
                    ? embedded("a NAT64 form of", Arrays.copyOfRange(a, 12, 16), null)
                    : "a local-use NAT64 address";
        } else if (w0 == 0x2002) {
            return embedded("a 6to4 form of", Arrays.copyOfRange(a, 2, 6), null);
        } else if ((w0 & 0xfe00) == 0xfc00) {
            return "a unique-local address";
        } else if ((w0 & 0xffc0) == 0xfe80) {
            return "a link-local address";
        } else if ((w0 & 0xffc0) == 0xfec0) {
            return "a site-local address";
        } else if ((w0 & 0xff00) == 0xff00) {
            return "a multicast address";
        } else if (w0 == 0x2001 && (a[2] & 0xff) == 0x0d && (a[3] & 0xff) == 0xb8) {
            return "a documentation address";
        } else if ((w0 & 0xe000) != 0x2000) {
            return "not a global unicast address";
        }
        return null;
    }

    private static @Nullable String embedded(String form, byte[] v4, @Nullable String whenPublic) {
        String inner = describe4(v4);
        String dotted = (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "." + (v4[2] & 0xff) + "." + (v4[3] & 0xff);
        if (inner != null) {
            return form + " " + dotted + ", " + inner;
        }
        return whenPublic == null ? null : whenPublic + " of " + dotted;
    }

    private static boolean zeros(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * An IPv4 literal in the one spelling every reader agrees on: four decimal numbers from 0 to 255, each
     * without leading zeros, and no trailing dot. Browsers read {@code 0127.0.0.1} as octal (87.0.0.1),
     * Java's {@link InetAddress} as decimal (127.0.0.1); other spellings ({@code 127.1}, {@code
     * 2130706433}, {@code 0x7f.1}, {@code 1.1.-2.3}, {@code 8.8.8.256}) are read as an address by some and
     * looked up in DNS by others. Such a host is refused, never judged by one reading.
     *
     * @return the four bytes, or empty when the host is a DNS name (its last label is not a number)
     * @throws IllegalArgumentException with {@link #AMBIGUOUS_IPV4} when the host ends in a number but is
     *     not a canonical dotted-decimal address
     */
    static Optional<byte[]> parseIpv4(String host) {
        String withoutDot = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = withoutDot.substring(withoutDot.lastIndexOf('.') + 1);
        if (!NUMERIC_LABEL.matcher(last).matches()) {
            return Optional.empty();
        }
        if (!CANONICAL_IPV4.matcher(host).matches()) {
            throw new IllegalArgumentException(AMBIGUOUS_IPV4);
        }
        String[] parts = host.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return Optional.of(bytes);
    }

    /** An IPv6 literal in brackets, parsed by the JDK (a bracketed literal is never looked up). */
    static byte[] parseIpv6(String bracketed) {
        String inner = bracketed.substring(1, bracketed.length() - 1);
        if (inner.isEmpty() || !inner.matches("[0-9a-fA-F:.]+") || inner.indexOf(':') < 0) {
            throw new IllegalArgumentException("not an IPv6 literal");
        }
        int lastColon = inner.lastIndexOf(':');
        if (inner.indexOf('.') >= 0
                && !CANONICAL_IPV4.matcher(inner.substring(lastColon + 1)).matches()) {
            // Java reads ::ffff:0127.0.0.1 as 127.0.0.1, a browser refuses it: the same ambiguity as above
            throw new IllegalArgumentException(AMBIGUOUS_IPV4);
        }
        try {
            InetAddress address = InetAddress.getByName("[" + inner + "]");
            byte[] bytes = address.getAddress();
            if (address instanceof Inet4Address) {
                // the JDK folds ::ffff:a.b.c.d into IPv4; keep the mapped form so messages can name it
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                return mapped;
            }
            return bytes;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 literal", e);
        }
    }
}
