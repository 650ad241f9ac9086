package dev.connections.connection;

import dev.connections.catalog.Integration;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which base URLs a workspace member may give a custom app, and which addresses the host may connect to
 * when it triggers one. A custom app's key is sent to its base URL, so without this policy any member
 * could aim the host's HTTP client at the host's own network (cloud metadata, databases, admin ports).
 *
 * <p>{@link #defaults()} accepts only {@code https} URLs without user-info whose host is a DNS name or a
 * public IP address. An IPv4 address is accepted only as four decimal numbers from 0 to 255 without
 * leading zeros ({@code 203.0.113.7}), the one spelling browsers and {@link InetAddress} read alike: a
 * host whose last label is a number ({@code 0x}-hex included) in any other spelling is refused outright,
 * whatever address it would name — leading zeros ({@code 0127.0.0.1}, which a browser reads as octal
 * and Java as decimal), octal, hex ({@code 0x7f.1}), fewer than four parts ({@code 127.1}), a single
 * integer ({@code 2130706433}), signs ({@code 1.1.-2.3}), empty parts, parts above 255 ({@code
 * 8.8.8.256}, never wrapped) and a trailing dot; the same holds for the IPv4 part of an IPv6 literal. It
 * refuses these addresses, also in their IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code
 * ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:aabb:ccdd::} forms:
 *
 * <ul>
 *   <li>IPv4: "this network" 0/8 (and 0.0.0.0), private 10/8, 172.16/12, 192.168/16, carrier-grade NAT
 *       100.64/10, loopback 127/8, link-local 169.254/16, IETF protocol assignments 192.0.0/24,
 *       documentation 192.0.2/24, 198.51.100/24, 203.0.113/24, benchmarking 198.18/15, multicast 224/4,
 *       reserved 240/4 and the broadcast address 255.255.255.255;
 *   <li>IPv6: unspecified {@code ::}, loopback {@code ::1}, unique-local fc00::/7, link-local fe80::/10,
 *       site-local fec0::/10, multicast ff00::/8, documentation 2001:db8::/32, discard 100::/64, local-use
 *       NAT64 64:ff9b:1::/48, and everything outside global unicast 2000::/3; embedded IPv4 addresses
 *       are judged as IPv4;
 *   <li>host names: {@code localhost} and {@code *.localhost}, names ending in {@code .local} (mDNS),
 *       {@code .internal} and {@code .home.arpa} (private use), single-label names (resolved through the
 *       host's search domains), and the cloud metadata names {@value #METADATA_NAMES_TEXT}.
 * </ul>
 *
 * <p>IP literals are parsed here; validating a URL never looks up DNS. A
 * DNS name can still resolve to an internal address when used (DNS rebinding), so at trigger time the
 * host resolves the name itself and calls {@link #check(String, InetAddress)} (or {@link
 * #check(InetAddress)}) on every address it connects to; see docs/SECURITY.md, "Custom base URLs".
 *
 * <p>{@link #allowing(String...)} adds host names and CIDR ranges that are allowed even when internal
 * (on-premises APIs); {@link #allowingHttpOnLoopback()} is a development mode that also accepts {@code
 * http} (and {@code https}) on loopback hosts. Instances are immutable and thread-safe.
 */
public final class BaseUrlPolicy {
    static final String METADATA_NAMES_TEXT = "metadata, metadata.google.internal, metadata.goog, instance-data,"
            + " instance-data.ec2.internal, metadata.azure.internal, metadata.platformequinix.com";
    private static final Set<String> METADATA_NAMES =
            Set.of(METADATA_NAMES_TEXT.replace(" ", "").split(","));
    private static final int MAX_URL = 2000;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final String INVALID = "Enter a valid URL, e.g. https://api.example.com.";
    private static final BaseUrlPolicy DEFAULTS = new BaseUrlPolicy(List.of(), List.of(), false);

    private final List<String> allowedNames;
    private final List<CidrRange> allowedRanges;
    private final boolean httpOnLoopback;

    private BaseUrlPolicy(List<String> allowedNames, List<CidrRange> allowedRanges, boolean httpOnLoopback) {
        this.allowedNames = List.copyOf(allowedNames);
        this.allowedRanges = List.copyOf(allowedRanges);
        this.httpOnLoopback = httpOnLoopback;
    }

    /** https only, no user-info, public addresses and DNS names only; no allow-list. */
    public static BaseUrlPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * The defaults, plus host names and CIDR ranges that are allowed even when internal.
     *
     * @param hostsAndRanges host names ({@code vault.corp.example}; {@code *.corp.example} for every name
     *     below it), IP addresses ({@code 10.1.2.3}, {@code fd00::5}) or CIDR ranges ({@code 10.20.0.0/16},
     *     {@code fd00:1::/64})
     * @throws IllegalArgumentException when an entry is none of these
     */
    public static BaseUrlPolicy allowing(String... hostsAndRanges) {
        return DEFAULTS.alsoAllowing(hostsAndRanges);
    }

    /** This policy, plus more allowed host names and ranges (see {@link #allowing(String...)}). */
    public BaseUrlPolicy alsoAllowing(String... hostsAndRanges) {
        List<String> names = new ArrayList<>(allowedNames);
        List<CidrRange> ranges = new ArrayList<>(allowedRanges);
        for (String entry : hostsAndRanges) {
            Objects.requireNonNull(entry, "entry");
            String e = entry.strip().toLowerCase(Locale.ROOT);
            Optional<CidrRange> range = CidrRange.parse(e);
            if (range.isPresent()) {
                ranges.add(range.get());
            } else {
                String name = e.startsWith("*.") ? e.substring(2) : e;
                name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
                if (name.isEmpty()
                        || !Arrays.stream(name.split("\\.", -1))
                                .allMatch(l -> LABEL.matcher(l).matches())) {
                    throw new IllegalArgumentException("Not a host name, IP address or CIDR range: " + entry);
                }
                names.add(e.startsWith("*.") ? "*." + name : name);
            }
        }
        return new BaseUrlPolicy(names, ranges, httpOnLoopback);
    }

    /**
     * Development mode: this policy, plus {@code http} and {@code https} on loopback hosts ({@code
     * localhost}, {@code *.localhost}, 127/8, {@code ::1}) and connections to loopback addresses. Never
     * use it in production: any workspace member could then reach the host's own ports.
     */
    public BaseUrlPolicy allowingHttpOnLoopback() {
        return new BaseUrlPolicy(allowedNames, allowedRanges, true);
    }

    /** Whether {@link #allowingHttpOnLoopback()} is on. */
    public boolean allowsHttpOnLoopback() {
        return httpOnLoopback;
    }

    /**
     * Checks a base URL as a workspace member typed it. No DNS lookup is made.
     *
     * @return allowed, or refused with a message for the base URL field (every problem of {@link
     *     #problems(String)}, one sentence after another)
     */
    public Verdict check(String baseUrl) {
        List<String> problems = problems(baseUrl);
        return problems.isEmpty() ? Verdict.ALLOWED : Verdict.refused(String.join(" ", problems));
    }

    /**
     * Every reason this policy refuses a base URL, each a sentence for the base URL field, so a form can
     * show them all at once (e.g. both "use https" and "169.254.169.254 is a link-local address"). No DNS
     * lookup is made; never throws for any string.
     *
     * @return the problems, empty when the URL is allowed
     */
    public List<String> problems(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (baseUrl.isBlank()) {
            return List.of("Enter the API's base URL, e.g. https://api.example.com.");
        }
        if (baseUrl.length() > MAX_URL) {
            return List.of("A base URL has at most " + MAX_URL + " characters.");
        }
        URI uri;
        try {
            uri = new URI(baseUrl);
        } catch (URISyntaxException | IllegalArgumentException e) {
            // java.net.URI throws NumberFormatException for some IPv4-in-IPv6 literals ([::2147483648.1.1.1])
            return List.of(INVALID);
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getRawAuthority() == null) {
            return List.of(INVALID);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return List.of("Use an https URL.");
        }
        List<String> problems = new ArrayList<>();
        String authority = uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            problems.add("A base URL cannot contain a user name or password; the key is sent separately.");
            authority = authority.substring(at + 1);
        }
        String rawHost;
        String rest;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                problems.add(INVALID);
                return problems;
            }
            rawHost = authority.substring(0, close + 1);
            rest = authority.substring(close + 1);
        } else {
            int colon = authority.indexOf(':');
            rawHost = colon < 0 ? authority : authority.substring(0, colon);
            rest = colon < 0 ? "" : authority.substring(colon);
        }
        if (!rest.isEmpty() && !(rest.startsWith(":") && (rest.length() == 1 || validPort(rest.substring(1))))) {
            problems.add("Enter a valid port after the host name, e.g. https://api.example.com:8443.");
        }
        if (rawHost.isEmpty()) {
            problems.add("Enter a base URL with a host name, e.g. https://api.example.com.");
            return problems;
        }
        if (rawHost.indexOf('%') >= 0) {
            problems.add("A host name cannot contain percent-encoded characters or zone ids.");
            return problems;
        }
        Host host;
        try {
            host = Host.parse(rawHost);
        } catch (IllegalArgumentException e) {
            problems.add(IpAddresses.AMBIGUOUS_IPV4.equals(e.getMessage()) ? IpAddresses.AMBIGUOUS_IPV4 : INVALID);
            return problems;
        }
        boolean loopback = host.isLoopback();
        if (scheme.equals("http") && !(httpOnLoopback && loopback)) {
            problems.add("Use https; over plain http the key would be sent unencrypted.");
        }
        if (httpOnLoopback && loopback) {
            return problems;
        }
        Verdict where = host.address != null
                ? checkBytes(host.address, host.display, "The base URL must point to a public address; ")
                : checkName(host.name);
        where.problem().ifPresent(problems::add);
        return problems;
    }

    /**
     * Checks a stored app before its key is handed out for triggering. Catalog apps are trusted; a custom
     * app's stored base URL is checked as {@link #check(String)}, so an app saved by an older version or
     * under a looser policy is refused once this policy no longer allows its URL. A custom app without a
     * base URL is allowed: the library names no place to send its key. A custom app's OAuth 2.0 endpoints
     * (authorization, token, revocation) are checked the same way, since refreshing a token sends the client
     * secret and the refresh token to its token URL.
     */
    public Verdict check(Integration app) {
        Objects.requireNonNull(app, "app");
        if (!app.isCustom()) {
            return Verdict.ALLOWED;
        }
        List<String> problems = new ArrayList<>();
        app.baseUrlIfKnown().ifPresent(url -> problems.addAll(problems(url.toString())));
        app.credentials().oauth().ifPresent(oauth -> {
            List<URI> endpoints = new ArrayList<>();
            endpoints.add(oauth.authorizationUrl());
            endpoints.add(oauth.tokenUrl());
            endpoints.add(oauth.revocationUrl());
            for (URI endpoint : endpoints) {
                if (endpoint != null) {
                    problems(endpoint.toString()).forEach(problem -> problems.add(endpoint.getHost() + ": " + problem));
                }
            }
        });
        return problems.isEmpty() ? Verdict.ALLOWED : Verdict.refused(String.join(" ", problems));
    }

    /**
     * Checks an address the host is about to connect to for a custom app: allowed when it is public, in
     * an allowed range, or loopback in development mode. Call it on every resolved address, after DNS.
     */
    public Verdict check(InetAddress address) {
        Objects.requireNonNull(address, "address");
        byte[] bytes = address.getAddress();
        if (httpOnLoopback && IpAddresses.isLoopback(bytes)) {
            return Verdict.ALLOWED;
        }
        return checkBytes(bytes, address.getHostAddress(), "Connections may only go to public addresses; ");
    }

    /**
     * Checks an address that {@code host} (the base URL's host) resolved to: allowed when the host name
     * itself is on the allow-list (the operator trusts that name's DNS), otherwise as {@link
     * #check(InetAddress)}.
     */
    public Verdict check(String host, InetAddress address) {
        Objects.requireNonNull(host, "host");
        String name = stripDot(host.toLowerCase(Locale.ROOT));
        if (nameAllowed(name)) {
            return Verdict.ALLOWED;
        }
        Verdict verdict = check(address);
        return verdict.allowed()
                ? verdict
                : Verdict.refused("Connections may only go to public addresses; " + host + " resolved to "
                        + address.getHostAddress() + ", " + IpAddresses.describe(address.getAddress()) + ".");
    }

    private Verdict checkName(String name) {
        if (nameAllowed(name)) {
            return Verdict.ALLOWED;
        }
        @Nullable String problem = null;
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            problem = "is the local machine";
        } else if (METADATA_NAMES.contains(name)) {
            problem = "is a cloud metadata service";
        } else if (name.endsWith(".internal") || name.endsWith(".local") || name.endsWith(".home.arpa")) {
            problem = "is an internal network name";
        } else if (name.indexOf('.') < 0) {
            problem = "is not a fully qualified domain name";
        }
        return problem == null
                ? Verdict.ALLOWED
                : Verdict.refused("The base URL must point to a public address; " + name + " " + problem + ".");
    }

    private boolean nameAllowed(String name) {
        for (String allowed : allowedNames) {
            if (allowed.startsWith("*.") ? name.endsWith(allowed.substring(1)) : name.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    private Verdict checkBytes(byte[] bytes, String display, String lead) {
        byte[] canonical = IpAddresses.canonical(bytes);
        for (CidrRange range : allowedRanges) {
            if (range.contains(canonical)) {
                return Verdict.ALLOWED;
            }
        }
        @Nullable String problem = IpAddresses.describe(bytes);
        return problem == null ? Verdict.ALLOWED : Verdict.refused(lead + display + " is " + problem + ".");
    }

    private static boolean validPort(String port) {
        return IpAddresses.DIGITS.matcher(port).matches() && port.length() <= 5 && Integer.parseInt(port) <= 65535;
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    /** A URL's host: an IP address (with how it is shown) or a lower-case ASCII DNS name without trailing dot. */
    private record Host(byte @Nullable [] address, String display, String name) {
        static Host parse(String raw) {
            if (raw.startsWith("[")) {
                if (!raw.endsWith("]")) {
                    throw new IllegalArgumentException("unclosed IPv6 literal");
                }
                return new Host(IpAddresses.parseIpv6(raw), raw, raw);
            }
            // IDNA maps full-width digits and ideographic full stops to ASCII, as browsers do
            String ascii = IDN.toASCII(raw, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            Optional<byte[]> v4 = IpAddresses.parseIpv4(ascii);
            if (v4.isPresent()) {
                if (!ascii.equals(raw)) {
                    // full-width digits or ideographic dots: IDNA reads an address that Java's URI does not
                    throw new IllegalArgumentException(IpAddresses.AMBIGUOUS_IPV4);
                }
                return new Host(v4.get(), ascii, ascii);
            }
            String name = stripDot(ascii);
            if (name.isEmpty()
                    || name.length() > 253
                    || !Arrays.stream(name.split("\\.", -1))
                            .allMatch(l -> LABEL.matcher(l).matches())) {
                throw new IllegalArgumentException("not a host name");
            }
            return new Host(null, name, name);
        }

        boolean isLoopback() {
            return address != null
                    ? IpAddresses.isLoopback(address)
                    : name.equals("localhost") || name.endsWith(".localhost");
        }
    }

    /**
     * The outcome of a check: allowed, or refused with a sentence a UI can show next to the base URL
     * field (e.g. "The base URL must point to a public address; 10.0.0.5 is a private network address.").
     */
    public record Verdict(boolean allowed, String message) {
        static final Verdict ALLOWED = new Verdict(true, "");

        public Verdict {
            Objects.requireNonNull(message, "message");
        }

        static Verdict refused(String message) {
            return new Verdict(false, message);
        }

        /** The refusal's message, if refused. */
        public Optional<String> problem() {
            return allowed ? Optional.empty() : Optional.of(message);
        }

        /**
         * Returns normally when allowed.
         *
         * @throws SecurityException with the message when refused
         */
        public void orThrow() {
            if (!allowed) {
                throw new SecurityException(message);
            }
        }
    }
}
