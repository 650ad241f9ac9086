package dev.connections.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cheap authenticated request that tells whether a key works ("Test connection"): the method, the path
 * after the app's base URL, and which response statuses mean the key is valid or rejected.
 *
 * <p>The path may name the connection's non-secret settings in braces, e.g. Twilio's {@code
 * /Accounts/{accountSid}.json}; a verifier substitutes them URL-encoded. Any status in neither set means
 * the answer says nothing about the key (rate limited, server error, moved).
 *
 * @param method {@code GET}, {@code HEAD} or {@code POST} (sent without a body)
 * @param path starts with {@code /}; may hold a query string and {@code {setting}} placeholders
 * @param validStatuses statuses meaning the key was accepted, e.g. 200
 * @param invalidStatuses statuses meaning the key was rejected, e.g. 401 and 403
 */
public record Probe(String method, String path, Set<Integer> validStatuses, Set<Integer> invalidStatuses) {
    /** What most APIs answer: 200 for a good key, 401 or 403 for a bad one. */
    public static final Set<Integer> DEFAULT_VALID = Set.of(200);

    /** Statuses most APIs give a missing, unknown or revoked key. */
    public static final Set<Integer> DEFAULT_INVALID = Set.of(401, 403);

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]{0,63})}");
    // RFC 3986 path and query characters, braces for placeholders; no fragment, no percent signs that
    // could hide a "..", no backslashes that some servers read as slashes.
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@/?{}-]{0,300}");

    public Probe {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        method = method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("A probe's method is GET, HEAD or POST");
        }
        if (!PATH.matcher(path).matches() || path.startsWith("//")) {
            throw new IllegalArgumentException(
                    "A probe's path starts with / and holds only URL path and query characters");
        }
        if (PLACEHOLDER.matcher(path).replaceAll("").chars().anyMatch(c -> c == '{' || c == '}')) {
            throw new IllegalArgumentException("A probe's placeholders look like {settingName}");
        }
        String pathPart = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        for (String segment : pathPart.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new IllegalArgumentException("A probe's path cannot climb out of the base URL");
            }
        }
        validStatuses = Set.copyOf(validStatuses);
        invalidStatuses = Set.copyOf(invalidStatuses);
        if (validStatuses.isEmpty()) {
            throw new IllegalArgumentException("A probe needs at least one status meaning valid");
        }
        for (int status : union(validStatuses, invalidStatuses)) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("A probe's statuses are HTTP statuses (100-599)");
            }
        }
        if (validStatuses.stream().anyMatch(invalidStatuses::contains)) {
            throw new IllegalArgumentException("A status cannot mean both valid and invalid");
        }
    }

    /** {@code GET path}, 200 meaning valid, 401 and 403 meaning rejected. */
    public static Probe get(String path) {
        return new Probe("GET", path, DEFAULT_VALID, DEFAULT_INVALID);
    }

    /** The setting names the path refers to, in order of appearance. */
    public List<String> placeholders() {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(path);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<Integer> union(Set<Integer> a, Set<Integer> b) {
        List<Integer> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
