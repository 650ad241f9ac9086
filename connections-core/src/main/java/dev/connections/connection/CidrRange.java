package dev.connections.connection;

import java.util.Optional;

/**
 * An allowed CIDR range of {@link BaseUrlPolicy}: an IPv4 or IPv6 network and its prefix length, parsed from an
 * allow-list entry.
 */
record CidrRange(byte[] network, int prefix) {
    /** The range an entry names; empty for an entry that is a host name, not an address. */
    static Optional<CidrRange> parse(String entry) {
        int slash = entry.indexOf('/');
        String ip = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes;
        if (ip.indexOf(':') >= 0) {
            bytes = IpAddresses.canonical(IpAddresses.parseIpv6(ip.startsWith("[") ? ip : "[" + ip + "]"));
        } else {
            Optional<byte[]> v4;
            try {
                v4 = IpAddresses.parseIpv4(ip);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Not an IP address or CIDR range: " + entry, e);
            }
            if (v4.isEmpty()) {
                if (slash >= 0) {
                    throw new IllegalArgumentException("Not a CIDR range: " + entry);
                }
                return Optional.empty();
            }
            bytes = v4.get();
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String p = entry.substring(slash + 1);
            if (!IpAddresses.DIGITS.matcher(p).matches() || p.length() > 3 || Integer.parseInt(p) > prefix) {
                throw new IllegalArgumentException("Not a CIDR range: " + entry);
            }
            prefix = Integer.parseInt(p);
        }
        return Optional.of(new CidrRange(bytes, prefix));
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
