package dev.connections.catalog;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where an API key goes in a request to the app: a header, a query parameter, HTTP basic auth, or (rarely)
 * a segment of the URL path.
 */
public sealed interface KeyPlacement {

    /** RFC 9110 token: the characters an HTTP header or parameter name may hold. */
    Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");

    /** The key is sent in header {@code name} as {@code prefix + key}, e.g. {@code Authorization: Bearer sk-…}. */
    record Header(String name, String prefix) implements KeyPlacement {
        public Header {
            requireToken(name, "header name");
            Objects.requireNonNull(prefix, "prefix (use \"\" for none)");
            if (prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("A header prefix cannot contain control characters");
            }
        }

        @Override
        public String describe() {
            return name + ": " + prefix + "<key>";
        }
    }

    /** The key is sent as query parameter {@code name}. */
    record QueryParameter(String name) implements KeyPlacement {
        public QueryParameter {
            requireToken(name, "query parameter name");
        }

        @Override
        public String describe() {
            return "?" + name + "=<key>";
        }
    }

    /**
     * HTTP basic authentication. When {@code usernameSetting} is set, the username is that non-secret
     * setting of the connection and the key is the password (Twilio: account SID + auth token);
     * otherwise the key is the username and the password is empty (Stripe style).
     */
    record BasicAuth(@Nullable String usernameSetting) implements KeyPlacement {
        public BasicAuth {
            if (usernameSetting != null) {
                requireToken(usernameSetting, "username setting");
            }
        }

        @Override
        public String describe() {
            return usernameSetting == null
                    ? "Basic auth (key as username)"
                    : "Basic auth (" + usernameSetting + " : <key>)";
        }
    }

    /**
     * The key is a segment of the request path, after the base URL: {@code <base>/<prefix><key>/<method>}
     * (Telegram's Bot API: {@code https://api.telegram.org/bot<token>/getMe}). Because the key ends up
     * in URLs, clients must keep request URLs out of their logs.
     */
    record PathSegment(String prefix) implements KeyPlacement {
        public PathSegment {
            Objects.requireNonNull(prefix, "prefix (use \"\" for none)");
            if (!prefix.matches("[A-Za-z0-9._~-]{0,100}")) {
                throw new IllegalArgumentException("A path prefix must be letters, digits or - _ . ~");
            }
        }

        @Override
        public String describe() {
            return "/" + prefix + "<key>/…";
        }
    }

    /** A short human description, e.g. {@code Authorization: Bearer <key>}. */
    String describe();

    static Header bearer() {
        return new Header("Authorization", "Bearer ");
    }

    static Header header(String name) {
        return new Header(name, "");
    }

    private static void requireToken(@Nullable String value, String what) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "A " + what + " must be a valid HTTP token (letters, digits, - _ . etc.)");
        }
    }
}
